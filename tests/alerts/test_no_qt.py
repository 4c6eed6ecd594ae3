"""assistant.alerts never imports Qt."""

from __future__ import annotations

import subprocess
import sys

MODULES = ["outbox", "relay_client", "enrollment", "sender", "presence", "relay_clock"]


def test_alert_modules_import_without_pyside6() -> None:
    code = "import sys; sys.modules['PySide6'] = None\n" + "\n".join(
        f"import assistant.alerts.{name}" for name in MODULES
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)

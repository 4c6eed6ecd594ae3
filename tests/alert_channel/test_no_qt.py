"""The agent channel and console cores never import Qt."""

from __future__ import annotations

import subprocess
import sys

MODULES = [
    "assistant.alert_channel.channel", "assistant.alert_channel.presence_state",
    "assistant.supervision.api", "assistant.supervision.board", "protocol.views",
    "assistant.supervision.stream", "assistant.supervision.remembered",
    "assistant.supervision.sound", "assistant.supervision.sound.linux",
    "assistant.supervision.sound.macos", "assistant.supervision.sound.windows",
]


def test_core_modules_import_without_pyside6() -> None:
    code = "import sys; sys.modules['PySide6'] = None\n" + "\n".join(
        f"import {name}" for name in MODULES)
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import assistant

REPO = Path(__file__).resolve().parents[2]


def test_import_assistant_without_pyside6() -> None:
    modules = [m.name for m in pkgutil.walk_packages(assistant.__path__, "assistant.")
               if not m.name.endswith("__main__")]
    code = (
        "import sys, importlib\n"
        "sys.modules['PySide6'] = None\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "print('ok', len(sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO,
                            check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok")

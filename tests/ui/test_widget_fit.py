"""Every window and dialog, in Simplified Chinese and in English, at 100 % and 150 % scale:
no label, button, check box, tab, group or window title has to clip or elide its text, and
no input field is squashed (``widget_fit`` compares font metrics with each widget's room).

Each language and scale runs in its own process (``fit_probe``), since Qt fixes both when it
starts.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def compiled_translations() -> None:
    subprocess.run([sys.executable, str(REPO / "scripts" / "translations.py"), "compile"],
                   check=True, capture_output=True)


@pytest.mark.parametrize("scale", ["1", "1.5"])
@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_no_window_cuts_its_text(language: str, scale: str, compiled_translations: None,
                                 tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QT_SCALE_FACTOR": scale,
           "XDG_RUNTIME_DIR": str(tmp_path)}
    done = subprocess.run([sys.executable, "-m", "tests.ui.fit_probe", language], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    found = json.loads(done.stdout)
    report = "\n".join(f"{window}:\n  " + "\n  ".join(problems) for window, problems in found.items())
    assert found == {}, f"text cut at {language}, scale {scale}:\n{report}"

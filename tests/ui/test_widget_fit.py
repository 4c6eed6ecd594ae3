"""Every window and dialog, in Simplified Chinese and in English, at 100 % and 150 % scale:
no label, button, check box, tab, group or window title has to clip or elide its text, and
no input field is squashed, and the self-check dialog keeps its size after a fix (``widget_fit`` compares font metrics with each widget's room).

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


# (screen scale, text scale): 100 %, 150 % (QT_SCALE_FACTOR, as Windows and X11 at 144 dpi),
# and 125 % larger text on a 100 % screen (the desktop's font setting alone).
SCALES = [("1", "1"), ("1.5", "1"), ("1", "1.25")]


@pytest.mark.parametrize(("scale", "text_scale"), SCALES, ids=["100%", "150%", "text-125%"])
@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_no_window_cuts_its_text(language: str, scale: str, text_scale: str,
                                 compiled_translations: None, tmp_path: Path) -> None:
    # A 1920×1080 desktop, the common agent workstation: at 150 % it is 1280×720 logical pixels.
    screen = tmp_path / "screen.json"
    screen.write_text(json.dumps({"screens": [{"name": "desk", "x": 0, "y": 0, "width": 1920,
                                               "height": 1080, "logicalDpi": 96, "dpr": 1}]}))
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={screen}", "QT_SCALE_FACTOR": scale,
           "FIT_PROBE_TEXT_SCALE": text_scale,
           "XDG_RUNTIME_DIR": str(tmp_path)}
    done = subprocess.run([sys.executable, "-m", "tests.ui.fit_probe", language], check=False, cwd=REPO,
                          env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    found = json.loads(done.stdout)
    report = "\n".join(f"{window}:\n  " + "\n  ".join(problems) for window, problems in found.items())
    assert found == {}, f"text cut at {language}, scale {scale}, text {text_scale}:\n{report}"

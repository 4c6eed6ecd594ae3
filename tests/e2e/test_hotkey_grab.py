"""The hotkey capture refuses a combination another X client really holds (XGrabKey)."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.linux]

SPEC = "<ctrl>+<alt>+<shift>+<f7>"

# A second X client that grabs Ctrl+Alt+Shift+F7 on the root window and holds it until stdin closes.
OTHER_PROGRAM = """
import sys
from Xlib import X, XK
from Xlib.display import Display
d = Display()
code = d.keysym_to_keycode(XK.string_to_keysym("F7"))
d.screen().root.grab_key(code, X.ControlMask | X.Mod1Mask | X.ShiftMask, True, X.GrabModeAsync, X.GrabModeAsync)
d.sync()
print("grabbed", flush=True)
sys.stdin.read()
"""


@pytest.fixture
def other_program() -> Iterator[subprocess.Popen[str]]:
    proc = subprocess.Popen([sys.executable, "-c", OTHER_PROGRAM], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "grabbed"
    yield proc
    assert proc.stdin is not None
    proc.stdin.close()
    proc.wait(timeout=10)
    proc.stdout.close()


def test_a_combination_another_program_grabbed_is_taken(other_program: subprocess.Popen[str]) -> None:
    from assistant.hotkeys.availability import is_combination_free

    assert is_combination_free(SPEC) is False
    assert is_combination_free("<ctrl>+<alt>+<shift>+<f8>") is True


def test_a_free_combination_is_free_again_after_the_other_program_lets_go() -> None:
    from assistant.hotkeys.availability import is_combination_free

    assert is_combination_free(SPEC) is True
    assert is_combination_free(SPEC) is True  # asking did not keep the grab


def test_the_capture_control_refuses_what_another_program_holds(qtbot, other_program) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QKeyCombination, Qt

    from assistant.hotkeys.availability import is_combination_free
    from ui.settings_editors import HotkeyEdit

    edit = HotkeyEdit("<ctrl>+<alt>+<shift>+<f9>", free=is_combination_free)
    qtbot.addWidget(edit)
    mods = (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
            | Qt.KeyboardModifier.ShiftModifier)
    assert edit.capture(QKeyCombination(mods, Qt.Key.Key_F7)) is False
    assert edit.setting_value() == "<ctrl>+<alt>+<shift>+<f9>"
    assert edit.problem.text() == "The system or other programs already use this combination."
    assert edit.capture(QKeyCombination(mods, Qt.Key.Key_F8)) is True
    assert edit.setting_value() == "<ctrl>+<alt>+<shift>+<f8>"

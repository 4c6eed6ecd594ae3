"""Breaks on the virtual desktop: the eye-break card never takes the keyboard from another
program, a full-screen window holds a break back, the rest overlay covers the screen and holds
the keyboard while it shows."""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.agent_process import REPO
from tests.e2e.desktop import run, screenshot, wait_for, windows, xdotool

pytestmark = [pytest.mark.e2e, pytest.mark.linux]

TARGET = REPO / "tests" / "e2e" / "breaks_typing_target.py"
TARGET_TITLE = "Break typing target"
EYE_SETTINGS = ("[breaks]\neye_interval_s = 6\neye_duration_s = 3\nnotice_s = 1\n"
                "rest_interval_s = 14400\n")


class TypingTarget:
    """Another program's focused text field, and xdotool typing into whatever has focus."""

    def __init__(self, tmp_path: Path, fullscreen: bool = False) -> None:
        self.output = tmp_path / "typed.txt"
        args = [sys.executable, str(TARGET), str(self.output)] + (["--fullscreen"] if fullscreen else [])
        self.log = tmp_path / "typing-target.log"
        with self.log.open("w") as log:
            self.proc = subprocess.Popen(args, cwd=REPO, stdout=log, stderr=log)
        self.window_id = int(wait_for(self._find, 20, interval=0.2, what="the typing target window"))
        xdotool("windowactivate", "--sync", str(self.window_id))
        wait_for(lambda: self.active_window() == self.window_id, 10, what="the typing target to be active")
        self._stop = threading.Event()
        self._typist = threading.Thread(target=self._type, name="typist", daemon=True)

    def _find(self) -> str | None:
        result = subprocess.run(["xdotool", "search", "--onlyvisible", "--name", TARGET_TITLE],
                                capture_output=True, text=True, check=False)
        ids = result.stdout.split()
        return ids[0] if ids else None

    @staticmethod
    def active_window() -> int:
        return int(xdotool("getactivewindow").strip())

    def start_typing(self) -> None:
        self._typist.start()

    def _type(self) -> None:
        while not self._stop.is_set():
            # into whatever window has the keyboard focus, as a person typing would
            subprocess.run(["xdotool", "type", "--delay", "60", "abcdefghij"], capture_output=True, check=False)

    def typed(self) -> str:
        return self.output.read_text(encoding="utf-8") if self.output.exists() else ""

    def close(self) -> None:
        self._stop.set()
        if self._typist.is_alive():
            self._typist.join(10)
        self.proc.terminate()
        self.proc.wait(10)


@pytest.fixture
def typing_target(tmp_path: Path) -> Iterator:  # type: ignore[type-arg]
    made: list[TypingTarget] = []

    def make(fullscreen: bool = False) -> TypingTarget:
        target = TypingTarget(tmp_path, fullscreen)
        made.append(target)
        return target

    yield make
    for target in made:
        target.close()


def eye_cards() -> list[dict[str, object]]:
    return [w for w in windows("SafetyAssistant") if str(w["name"]).startswith(("Eye break", "护眼休息"))
            and 100 < int(w["w"]) < 600]  # type: ignore[call-overload]


def rest_overlays() -> list[dict[str, object]]:
    return [w for w in windows("SafetyAssistant") if str(w["name"]).startswith(("Rest break", "工间休息"))
            and int(w["w"]) >= 1000]  # type: ignore[call-overload]


def test_eye_break_card_appears_without_taking_the_keyboard(agent_factory, typing_target) -> None:  # type: ignore[no-untyped-def]
    target = typing_target()
    target.start_typing()
    wait_for(lambda: len(target.typed()) >= 5, 15, what="typing to reach the text field")
    agent = agent_factory(settings=EYE_SETTINGS)
    cards = wait_for(eye_cards, 40, interval=0.1, what="the eye-break card")
    typed_when_shown = len(target.typed())
    shot = screenshot("breaks-eye-card")
    assert target.active_window() == target.window_id, "the card took the active window"
    # the field goes on receiving the typed characters while the card shows
    wait_for(lambda: len(target.typed()) >= typed_when_shown + 8, 10, what="more typing into the field")
    assert eye_cards(), "the card closed before the typing went on"
    assert target.active_window() == target.window_id
    assert int(cards[0]["w"]) < 600 and shot.stat().st_size > 0
    completed = agent.wait_audit("break.completed", timeout=30)
    assert completed[0]["details"]["kind"] == "eye" and completed[0]["details"]["duration_s"] == 3
    started = agent.audit("break.started")[0]["details"]
    assert started["kind"] == "eye"
    wait_for(lambda: not eye_cards(), 10, what="the card to close itself")
    assert target.active_window() == target.window_id
    assert "abcdefghij" in target.typed()


def test_full_screen_window_holds_the_break_until_it_goes_away(agent_factory, typing_target) -> None:  # type: ignore[no-untyped-def]
    target = typing_target(fullscreen=True)
    state = run("xprop", "-id", str(target.window_id), "_NET_WM_STATE")
    assert "_NET_WM_STATE_FULLSCREEN" in state, state
    target.start_typing()
    agent = agent_factory(settings=EYE_SETTINGS)
    due = agent.wait_audit("break.due", timeout=40)
    assert due[0]["details"]["kind"] == "eye" and due[0]["details"]["blocked_by"] == "fullscreen"
    agent.wait_log("eye break waits: fullscreen")
    # held back across several checks of the full-screen window (one every 3 s)
    first_typed = len(target.typed())
    wait_for(lambda: len(target.typed()) > first_typed + 60, 30, what="time passing while typing")
    assert agent.audit("break.started") == []
    assert eye_cards() == []
    assert "notice:" not in agent.log_text()  # not even a notification while full screen
    screenshot("breaks-held-by-fullscreen")
    xdotool("windowactivate", "--sync", str(target.window_id))
    run("wmctrl", "-i", "-r", hex(target.window_id), "-b", "remove,fullscreen")
    started = agent.wait_audit("break.started", timeout=30)
    assert started[0]["details"]["kind"] == "eye"
    assert "notice: eye break" in agent.log_text()  # announced once the way was clear
    assert len(agent.audit("break.due")) == 1  # recorded once
    agent.wait_audit("break.completed", timeout=30)


def test_rest_overlay_covers_the_screen_and_completes(agent_factory, typing_target) -> None:  # type: ignore[no-untyped-def]
    target = typing_target()
    target.start_typing()
    agent = agent_factory(settings="[breaks]\neye_interval_s = 7200\nrest_interval_s = 10\n"
                                   "rest_duration_s = 6\nnotice_s = 1\n")
    overlays = wait_for(rest_overlays, 60, interval=0.2, what="the rest overlay")
    shot = screenshot("breaks-rest-overlay")
    assert shot.stat().st_size > 0
    screen = run("xdpyinfo").split("dimensions:")[1].split()[0]
    assert f"{overlays[0]['w']}x{overlays[0]['h']}" == screen
    # The overlay holds the keyboard: what the agent types does not land in the hidden program.
    wait_for(lambda: target.active_window() != target.window_id, 10, what="the overlay to take the keyboard")
    held_from = len(target.typed())
    typed_while_shown = held_from
    while rest_overlays():  # measured only while the overlay is still on the screen
        typed_while_shown = len(target.typed())
    reached = typed_while_shown - held_from
    assert reached <= 10, f"{reached} characters reached the program under the overlay"  # one burst in flight
    started = agent.audit("break.started")[0]["details"]
    assert started == {"kind": "rest", "duration_s": 6, "manual": False, "postponed_before": 0}
    completed = agent.wait_audit("break.completed", timeout=30)
    assert completed[0]["details"]["kind"] == "rest"
    wait_for(lambda: not rest_overlays(), 10, what="the overlay to close")


def test_x11_probe_sees_a_window_go_full_screen_and_back(typing_target) -> None:  # type: ignore[no-untyped-def]
    from assistant.focus import Busy
    from assistant.focus.x11 import X11FullscreenProbe

    probe = X11FullscreenProbe()
    try:
        target = typing_target()
        assert probe.active_window() == target.window_id
        assert probe.busy() is None
        run("wmctrl", "-i", "-r", hex(target.window_id), "-b", "add,fullscreen")
        wait_for(lambda: probe.busy() is Busy.FULLSCREEN, 10, what="the probe to see full screen")
        run("wmctrl", "-i", "-r", hex(target.window_id), "-b", "remove,fullscreen")
        wait_for(lambda: probe.busy() is None, 10, what="the probe to see it end")
    finally:
        probe.close()

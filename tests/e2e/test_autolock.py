"""The auto-lock of the real app on the virtual X11 desktop, with the real X11 idle counter.

Input comes from xdotool (XTest, which the X server counts as user input). The "locker" is
the administrator's lock_command, a script that records when it ran; without it, nothing on
this desktop can lock (no logind session, no screensaver), so the privacy curtain shows.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.e2e.agent_process import REPO, AgentProcess
from tests.e2e.desktop import run, screenshot, wait_for, windows, xdotool

pytestmark = [pytest.mark.e2e, pytest.mark.linux]

TIMEOUT_S = 10
WARNING_S = 3
CUSTOMER_TITLE = "Customer chat - autolock test"

CUSTOMER_APP = f"""
import sys
from PySide6.QtGui import QPalette, QColor
from PySide6.QtWidgets import QApplication, QLineEdit, QVBoxLayout, QWidget, QLabel
app = QApplication(sys.argv[:1])
window = QWidget()
window.setWindowTitle({CUSTOMER_TITLE!r})
palette = window.palette()
palette.setColor(QPalette.ColorRole.Window, QColor("white"))
window.setPalette(palette)
window.setAutoFillBackground(True)
field = QLineEdit(window)
layout = QVBoxLayout(window)
layout.addWidget(QLabel("Order 4711 - delivery address", window))
layout.addWidget(field)
field.textChanged.connect(lambda text: open(sys.argv[1], "w").write(text))
window.setGeometry(100, 150, 700, 420)
window.show()
window.activateWindow()
field.setFocus()
app.exec()
"""


def policy(record: Path | None, timeout: int = TIMEOUT_S, warning: int = WARNING_S) -> str:
    text = f"[autolock]\nidle_timeout_s = {timeout}\nwarning_s = {warning}\n"
    if record is not None:
        text += f"lock_command = \"sh -c 'date +%s.%N >> {record}'\"\n"
    return text


def nudge() -> None:
    """One real input event that leaves the pointer where it was."""
    xdotool("mousemove_relative", "--", "4", "3")
    xdotool("mousemove_relative", "--", "-4", "-3")


def start_busy(agent_factory: Callable[..., AgentProcess], **kwargs: str) -> AgentProcess:
    """Start the app while someone keeps using the desk, so it does not lock on start-up."""
    agent = agent_factory(start=False, **kwargs)
    agent.start(wait_tray=False)

    def started() -> bool:
        nudge()
        return "auto-lock started" in agent.log_text()

    wait_for(started, 60, interval=0.5, what="the auto-lock to start")
    return agent


def records(path: Path) -> list[float]:
    return [float(x) for x in path.read_text().split()] if path.exists() else []


def brightness(shot: Path, x: int, y: int, w: int, h: int) -> float:
    """Mean grey level (0 black … 1 white) of a region of a screenshot."""
    out = run("convert", str(shot), "-crop", f"{w}x{h}+{x}+{y}", "+repage", "-colorspace", "Gray",
              "-format", "%[fx:mean]", "info:")
    return float(out.strip())


def viewable(window: dict[str, object]) -> bool:
    info = subprocess.run(["xwininfo", "-id", str(window["id"])], capture_output=True, text=True,
                          check=False)
    return "IsViewable" in info.stdout


def warning_window() -> list[dict[str, object]]:
    return [w for w in windows("SafetyAssistant")
            if str(w["name"]).startswith("Screen lock") and viewable(w)]


def curtain_windows() -> list[dict[str, object]]:
    return [w for w in windows("SafetyAssistant") if str(w["name"]).startswith("Screen covered")
            and int(w["w"]) >= 1280 and int(w["h"]) >= 800 and viewable(w)]


def find_window(title: str) -> str | None:
    found = subprocess.run(["xdotool", "search", "--name", title], capture_output=True, text=True,
                           check=False)
    return found.stdout.split()[0] if found.returncode == 0 and found.stdout.strip() else None


@pytest.fixture
def customer_app(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """Another program the agent is typing in; yields its X window id and its text file."""
    typed = tmp_path / "typed.txt"
    proc = subprocess.Popen([sys.executable, "-c", CUSTOMER_APP, str(typed)], cwd=REPO)
    try:
        wid = wait_for(lambda: find_window(CUSTOMER_TITLE), 20, what="the customer app window")
        xdotool("windowactivate", "--sync", wid)
        wait_for(lambda: xdotool("getwindowfocus").strip() == wid, 10, what="focus on the customer app")
        yield wid, typed
    finally:
        proc.terminate()
        proc.wait(10)


def test_locks_at_the_timeout_after_the_last_input(agent_factory, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    record = tmp_path / "rec.txt"
    agent = start_busy(agent_factory, policy=policy(record))
    for _ in range(3):  # each input restarts the count
        nudge()
        time.sleep(1.5)
    nudge()
    last_input = time.time()
    wait_for(lambda: records(record), 30, interval=0.05, what="the lock command")
    [locked_at] = records(record)
    delay = locked_at - last_input
    print(f"lock command ran {delay:.3f} s after the last input (timeout {TIMEOUT_S} s)")
    assert abs(delay - TIMEOUT_S) <= 1.0
    events = agent.audit("lock.warned", "lock.locked", "lock.failed", "lock.cancelled")
    assert [e["kind"] for e in events] == ["lock.warned", "lock.locked"]
    assert events[0]["details"] == {"timeout_s": float(TIMEOUT_S), "warning_s": float(WARNING_S)}
    assert events[1]["details"] == {"backend": "lock_command", "reason": "idle", "confirmed": False}


def test_typing_during_the_warning_cancels_and_keeps_the_focus(agent_factory, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                               customer_app: tuple[str, Path]) -> None:
    wid, typed = customer_app
    record = tmp_path / "rec.txt"
    agent = start_busy(agent_factory, policy=policy(record))
    nudge()
    last_input = time.time()
    agent.wait_audit("lock.warned", timeout=20)
    [_window] = wait_for(warning_window, 10, what="the countdown window")
    screenshot("autolock-warning")
    assert xdotool("getwindowfocus").strip() == wid  # the countdown took no focus
    xdotool("type", "--delay", "40", "ok")  # the agent is back and types on
    cancelled = agent.wait_audit("lock.cancelled", timeout=10)
    assert cancelled[0]["details"] == {"reason": "input"}
    assert wait_for(lambda: typed.read_text() == "ok", 10, what="the typing in the customer app")
    wait_for(lambda: not warning_window(), 10, what="the countdown to go")
    # Past the moment the lock would have come, nothing locked.
    time.sleep(max(0.0, last_input + TIMEOUT_S + 1.5 - time.time()))
    assert not record.exists()
    assert agent.audit("lock.locked", "lock.failed") == []
    assert xdotool("getwindowfocus").strip() == wid


def test_nothing_can_lock_so_the_curtain_covers_the_screen(agent_factory, customer_app) -> None:  # type: ignore[no-untyped-def]
    _wid, _ = customer_app
    before = screenshot("autolock-before-curtain")
    assert brightness(before, 110, 160, 680, 400) > 0.6  # the customer app is readable
    agent = start_busy(agent_factory, policy=policy(None))
    nudge()
    failed = agent.wait_audit("lock.failed", timeout=30)
    reasons = failed[0]["details"]["reasons"]
    assert reasons and all(isinstance(v, str) and v for v in reasons.values())
    # Every locker on PATH was tried and said why it failed (loginctl: no logind session here;
    # a fresh machine without systemd has no loginctl at all).
    for program in ("loginctl", "xdg-screensaver"):
        if shutil.which(program):
            assert program in reasons, reasons
    assert failed[0]["details"]["fallback"] == "privacy_curtain"
    wait_for(curtain_windows, 10, what="the privacy curtain")
    # No locker worked: the curtain says it covers the screen and is not a lock.
    wait_for(lambda: [w for w in curtain_windows()
                      if str(w["name"]).startswith("Screen covered, not locked")],
             10, what="the curtain to say the screen is not locked")

    def painted() -> Path | None:  # the curtain window exists; wait until it has painted
        shot = screenshot("autolock-curtain")
        return shot if brightness(shot, 110, 160, 680, 400) < 0.15 else None

    shot = wait_for(painted, 10, interval=0.2, what="the curtain to hide the customer app")
    assert brightness(shot, 0, 0, 1280, 800) < 0.15
    assert failed[0]["details"]["reason"] == "idle"
    # The agent is back: the mouse moves across the screen (an absolute move is real motion
    # wherever the pointer was left, unlike a small relative one clamped at a screen edge).
    # Input in the first second after locking is not a return (releasing the hotkey), so the
    # agent keeps moving the mouse until the curtain goes, as a person would.
    spots = iter([(300 + 7 * i, 300 + 5 * (i % 2)) for i in range(100)])

    def moved_and_gone() -> bool:
        x, y = next(spots)
        xdotool("mousemove", str(x), str(y))
        return not curtain_windows()

    wait_for(moved_and_gone, 10, interval=0.25, what="the curtain to go")
    # The customer app is readable again once the window beneath has repainted.
    wait_for(lambda: brightness(screenshot("autolock-curtain-gone"), 110, 160, 680, 400) > 0.6,
             10, interval=0.3, what="the customer app to show again")


def test_the_hotkey_locks_at_once(agent_factory, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    record = tmp_path / "rec.txt"
    agent = start_busy(agent_factory, policy=policy(record, timeout=300, warning=30))
    agent.wait_log("lock-now hotkey <ctrl>+<alt>+l via x11-xgrabkey")
    xdotool("key", "ctrl+alt+l")
    wait_for(lambda: records(record), 15, what="the lock command after the hotkey")
    [locked] = agent.wait_audit("lock.locked")
    assert locked["details"]["reason"] == "manual"
    assert agent.audit("lock.warned") == []


def test_self_test_reports_idle_time_and_lock_backend(agent_factory) -> None:  # type: ignore[no-untyped-def]
    agent = agent_factory(start=False)
    result = agent.cli("--self-test", timeout=120)
    lines = result.stdout.splitlines()
    idle = [line for line in lines if " idle-time " in line]
    assert idle and idle[0].startswith("PASS") and "x11-xss: idle" in idle[0], result.stdout
    backend = [line for line in lines if " lock-backend " in line]
    assert backend and "privacy curtain" in backend[0], result.stdout
    for program in ("loginctl", "xdg-screensaver"):
        if shutil.which(program):
            assert program in backend[0], result.stdout
    hotkey = [line for line in lines if " lock-hotkey " in line]
    assert hotkey and hotkey[0].startswith("PASS") and "x11-xgrabkey" in hotkey[0], result.stdout


def test_lock_and_status_over_the_instance_channel(agent_factory, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """What a desktop shortcut can use where apps cannot grab keys (Wayland)."""
    from assistant.instance_channel import send_command
    from assistant.paths import AppPaths

    record = tmp_path / "rec.txt"
    agent = start_busy(agent_factory, policy=policy(record, timeout=300, warning=30))
    address = AppPaths.from_basedir(str(agent.basedir)).instance_address
    status = wait_for(lambda: send_command(address, {"cmd": "autolock.status"}), 10, what="status")
    assert status["state"] == "watching" and status["idle_source"] == "x11-xss"
    assert status["lock_backend"] == "lock_command" and status["hotkey"] == "<ctrl>+<alt>+l"
    assert send_command(address, {"cmd": "autolock.lock"}) == {"ok": True}
    wait_for(lambda: records(record), 15, what="the lock command")
    assert send_command(address, {"cmd": "autolock.status"})["state"] == "locked"
    assert agent.wait_audit("lock.locked")[0]["details"]["reason"] == "manual"

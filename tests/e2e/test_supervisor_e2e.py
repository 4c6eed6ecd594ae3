"""Agent app → relay subprocess → supervisor consoles, all real programs on the virtual desktop.

The agent app is enrolled with ``safety-assistant enroll`` (its key goes to the desktop's
gnome-keyring). Its alert is a real one: the administrator's lock command fails, the
auto-lock feature records ``lock.failed`` and the alert channel forwards it. Panic alarms come
from the agent app's help hotkey and its ``safety-assistant panic --test`` command.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.e2e.agent_process import AgentProcess
from tests.e2e.desktop import run, screenshot, wait_for, xdotool
from tests.e2e.supervisor_support import (
    ConsoleProcess,
    RelayAdmin,
    agent_command,
    uncover_screen,
    wm_state,
)

pytestmark = [pytest.mark.e2e, pytest.mark.linux]

LOCK_FAILS = '[autolock]\nlock_command = "false"\n'
SETTINGS = '[general]\nlanguage = "en"\n'
MAIN_WINDOW = "^Supervisor console$"  # xdotool matches a regex; not the "— log in" dialog


@pytest.fixture
def relay(tmp_path: Path) -> Iterator[RelayAdmin]:
    admin = RelayAdmin(tmp_path / "relay").start()
    admin.add_supervisor("wang")
    admin.add_supervisor("zhao")
    yield admin
    admin.stop()


@pytest.fixture
def console_factory(tmp_path: Path, relay: RelayAdmin) -> Iterator[Callable[[str], ConsoleProcess]]:
    started: list[ConsoleProcess] = []

    def make(user: str) -> ConsoleProcess:
        console = ConsoleProcess(tmp_path / f"console-{user}", relay.url, user)
        started.append(console)
        return console.start()

    yield make
    for console in started:
        console.stop()


def enrolled_agent(agent_factory, relay: RelayAdmin, seat: str = "A-01",  # type: ignore[no-untyped-def]
                   name: str = "张三") -> AgentProcess:
    agent: AgentProcess = agent_factory(policy=LOCK_FAILS, settings=SETTINGS, start=False)
    code = relay.add_agent(seat, name)["code"]
    result = agent.cli("enroll", relay.url, code)
    assert result.returncode == 0, result.stderr
    assert f"Enrolled as seat {seat}" in result.stdout
    agent.start()
    agent.wait_log("relay link connected")
    return agent


@pytest.fixture
def two_monitors() -> Iterator[list[tuple[int, int]]]:
    """Split the virtual screen into two monitors (RandR 1.5), as a dual-screen desk."""
    width, height = (int(v) for v in re.search(
        r"dimensions:\s+(\d+)x(\d+)", run("xdpyinfo")).groups())  # type: ignore[union-attr]
    half = width // 2
    run("xrandr", "--setmonitor", "E2E-LEFT", f"{half}/300x{height}/200+0+0", "none")
    run("xrandr", "--setmonitor", "E2E-RIGHT", f"{half}/300x{height}/200+{half}+0", "none")
    yield [(0, half), (half, width)]
    run("xrandr", "--delmonitor", "E2E-LEFT")
    run("xrandr", "--delmonitor", "E2E-RIGHT")


def monitor_count() -> int:
    return int(re.search(r"Monitors:\s+(\d+)", run("xrandr", "--listmonitors")).group(1))  # type: ignore[union-attr]


def geometry(window: str) -> tuple[int, int, int, int]:
    info = run("xwininfo", "-id", window)
    values = {key: int(re.search(rf"{key}:\s+(-?\d+)", info).group(1))  # type: ignore[union-attr]
              for key in ("Absolute upper-left X", "Absolute upper-left Y", "Width", "Height")}
    return (values["Absolute upper-left X"], values["Absolute upper-left Y"], values["Width"],
            values["Height"])


# Short test names: the app's command socket lives under tmp_path, and Unix socket paths are
# limited to about 100 characters.
def test_lock_failed_acks(agent_factory: Callable[..., AgentProcess], relay: RelayAdmin,  # type: ignore[no-untyped-def]
                          console_factory: Callable[[str], ConsoleProcess]) -> None:
    """A lock failure from the agent app reaches both consoles; the first ack shows on both."""
    wang, zhao = console_factory("wang"), console_factory("zhao")
    agent = enrolled_agent(agent_factory, relay)
    agent.wait_log("relay link connected (2 supervisor(s) on duty)")

    assert agent_command(agent, "autolock.lock") == {"ok": True}
    agent.wait_audit("lock.failed")
    for console in (wang, zhao):
        console.wait_log("lock.failed seat A-01 (open)")
    uncover_screen(agent)  # the failed lock covered the (shared) virtual screen
    screenshot("supervisor-console-lock-failed")

    zhao.press(MAIN_WINDOW, "alt+a")  # the newest open alert is selected
    wang.wait_log("is now acknowledged by zhao")
    [alert] = relay.alerts()
    assert (alert["kind"], alert["seat"], alert["agent_name"]) == ("lock.failed", "A-01", "张三")
    assert alert["state"] == "acknowledged" and alert["acknowledged_by"] == "zhao"
    assert alert["first_shown_at"] is not None  # the consoles marked it shown
    wang.activate(MAIN_WINDOW)
    screenshot("supervisor-console-acknowledged")


def test_panic_screens(two_monitors: list[tuple[int, int]], agent_factory: Callable[..., AgentProcess], relay: RelayAdmin,  # type: ignore[no-untyped-def]
                       console_factory: Callable[[str], ConsoleProcess]) -> None:
    """The help hotkey rings on every screen of every console until one supervisor acknowledges;
    the agent's app hears of the acknowledgement."""
    screens = monitor_count()
    assert screens >= 2
    wang, zhao = console_factory("wang"), console_factory("zhao")
    agent = enrolled_agent(agent_factory, relay, "B-02", "李四")
    agent.wait_log("relay link connected (2 supervisor(s) on duty)")

    xdotool("key", "ctrl+alt+shift+F9")  # the default help hotkey, no confirmation
    agent.wait_audit("panic.triggered")
    for console in (wang, zhao):
        console.wait_log(f"seat B-02) on {screens} screen(s)")
        console.wait_log("alarm sounding")
    windows = wait_for(lambda: len(wang.window_ids("EMERGENCY")) == screens and
                       wang.window_ids("EMERGENCY"), 20, what="wang's alarm windows")
    centres = sorted(x + w // 2 for x, _y, w, _h in map(geometry, windows))
    for left, right in two_monitors:
        assert any(left <= c < right for c in centres), f"no alarm window on {left}..{right}"
    assert all("_NET_WM_STATE_ABOVE" in wm_state(w) for w in windows)
    screenshot("supervisor-alarm-every-screen")

    zhao.press("EMERGENCY", "alt+a")
    wang.wait_log("is now acknowledged by zhao")
    wang.wait_log("alarm stopped")
    zhao.wait_log("alarm stopped")
    wang.activate("EMERGENCY")
    screenshot("supervisor-alarm-acknowledged-elsewhere")
    agent.wait_audit("panic.acknowledged", timeout=30)  # the agent's discreet ack sign
    wang.press("EMERGENCY", "alt+c")
    wait_for(lambda: not wang.window_ids("EMERGENCY"), 20, what="wang's alarm windows to close")
    [alert] = relay.alerts()
    assert (alert["kind"], alert["trigger"], alert["seat"]) == ("panic.alert", "hotkey", "B-02")
    assert alert["acknowledged_by"] == "zhao" and alert["workstation"]


def test_drill(agent_factory: Callable[..., AgentProcess], relay: RelayAdmin, console_factory: Callable[[str], ConsoleProcess]) -> None:  # type: ignore[no-untyped-def]
    """A test alarm is marked TEST on the console; the console's display confirms it to the agent.
    A console quits cleanly even while its alarm waits for acknowledgement."""
    wang, zhao = console_factory("wang"), console_factory("zhao")
    agent = enrolled_agent(agent_factory, relay, "C-03", "王五")
    result = agent.cli("panic", "--test")
    assert result.returncode == 0, result.stderr
    for console in (wang, zhao):
        console.wait_log("panic.test seat C-03 (open)")
        wait_for(lambda c=console: c.window_ids("TEST"), 20, what="the TEST alarm window")
    screenshot("supervisor-test-alarm")
    agent.wait_audit("panic.test_confirmed", timeout=30)  # a console marked it shown

    assert zhao.stop() == 0  # SIGTERM with the alarm still open: a clean exit, not a hang
    assert "supervisor console stopped" in zhao.log_text()
    wang.press("TEST", "alt+a")
    wang.wait_log("is now acknowledged by wang")
    [alert] = relay.alerts()
    assert alert["test"] is True and alert["first_shown_at"] is not None


COUNT_STRIP = "#ffeb3b"  # ui.supervisor.alarm_window: the "N open alarms" strip


def colour_share(shot: Path, colour: str, box: tuple[int, int, int, int]) -> float:
    """Share of the pixels in ``box`` (x, y, w, h) of the screenshot that are ``colour``."""
    x, y, width, height = box
    return float(run("convert", str(shot), "-crop", f"{width}x{height}+{x}+{y}", "+repage",
                     "-fill", "black", "+opaque", colour, "-fill", "white", "-opaque", colour,
                     "-colorspace", "gray", "-format", "%[fx:mean]", "info:"))


def window_name(window: str) -> str:
    return run("xdotool", "getwindowname", window).strip()


def test_two_alarms(agent_factory: Callable[..., AgentProcess], relay: RelayAdmin,  # type: ignore[no-untyped-def]
                    console_factory: Callable[[str], ConsoleProcess]) -> None:
    """Two agents raise the alarm: one alarm window, both seats listed with the count; the one
    acknowledged first leaves the other waiting on screen, and the sound goes on until both are."""
    wang = console_factory("wang")
    first = enrolled_agent(lambda **kw: agent_factory(name="agent-a", **kw), relay, "A-01", "张三")
    second = enrolled_agent(lambda **kw: agent_factory(name="agent-b", **kw), relay, "B-02", "李四")
    for agent in (first, second):
        result = agent.cli("panic")
        assert result.returncode == 0, result.stderr
        agent.wait_audit("panic.triggered")
    wang.wait_log("alarm stack: 2 open alarm(s) of 2 on show")

    def stacked() -> list[str]:
        windows = wang.window_ids("EMERGENCY")
        return windows if windows and all("2 open alarms · " in window_name(w)
                                          for w in windows) else []

    windows = wait_for(stacked, 20, what="one alarm window saying 2 open alarms")
    assert len(windows) == 1  # stacked: not one window per alarm
    title = window_name(windows[0])
    assert "A-01" in title and "B-02" in title, title
    x, y, width, height = geometry(windows[0])
    assert width >= 600 and height >= 400
    shot = screenshot("supervisor-two-alarms-stacked")
    # the yellow count strip is really on screen, inside the alarm window
    assert colour_share(shot, COUNT_STRIP, (x, y, width, height)) > 0.02

    wang.press("EMERGENCY", "alt+a")  # the newest one, on top
    wang.wait_log("alarm stack: 1 open alarm(s) of 2 on show")
    title = wait_for(lambda: next((t for t in map(window_name, wang.window_ids("EMERGENCY"))
                                   if "1 open alarm · " in t), None), 20,
                     what="the window to say 1 open alarm")
    assert "A-01" in title and "B-02" in title, title
    assert "alarm stopped" not in wang.log_text()
    screenshot("supervisor-two-alarms-one-acknowledged")
    wang.press("EMERGENCY", "alt+a")  # the other one, selected next
    wang.wait_log("alarm stopped")
    assert sorted(a["state"] for a in relay.alerts()) == ["acknowledged", "acknowledged"]

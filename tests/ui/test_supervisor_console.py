"""The supervisor console's widgets against a real relay (uvicorn thread, SQLite in tmp)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QTableWidget
from pytestqt.qtbot import QtBot

from assistant.alerts.relay_client import RelayClient
from assistant.supervision.api import SupervisorApi
from assistant.supervision.remembered import remember_password, remembered_password
from assistant.supervision.sound.base import CommandSoundPlayer
from protocol.states import AlertState
from protocol.version import PROTOCOL_VERSION
from protocol.views import AlertRecord
from relay import store
from tests.fixtures_relay import MemoryKeyring
from tests.relay.support import (
    SUPERVISOR_PASSWORD,
    EnrolledAgent,
    LiveRelay,
    Relay,
    add_supervisor,
    enroll_directly,
    make_relay,
    wire_event,
)
from ui.supervisor.alarm_window import AlarmWindow, AlarmWindows
from ui.supervisor.app import SupervisorConsole
from ui.supervisor.controller import ConsoleController
from ui.supervisor.resolve_dialog import ResolveDialog

WAIT_MS = 20_000

# The offscreen platform cannot raise windows or pass size hints to a window manager.
pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support (propagateSizeHints|raise)")


@pytest.fixture
def relay(tmp_path: Path) -> Iterator[Relay]:
    instance = make_relay(tmp_path / "relay")
    add_supervisor(instance.db, "wang")
    add_supervisor(instance.db, "zhao")
    yield instance
    instance.close()


@pytest.fixture
def agent(relay: Relay) -> EnrolledAgent:
    return enroll_directly(relay.db, relay.service.box, "A-01", "张三")


class AgentDesk:
    """Plays the agent's side: signed events as the tray app sends them."""

    def __init__(self, live: LiveRelay, agent: EnrolledAgent) -> None:
        self.client = RelayClient(live.url, agent.id, agent.secret)

    def send(self, kind: str, payload: dict[str, Any] | None = None) -> str:
        event = wire_event(kind, payload or {}, 0)
        self.client.send_events([event])
        return str(event["id"])


@pytest.fixture
def desk(live: LiveRelay, agent: EnrolledAgent) -> Iterator[AgentDesk]:
    made = AgentDesk(live, agent)
    yield made
    made.client.close()


@pytest.fixture
def make_console(qtbot: QtBot, live: LiveRelay) -> Iterator[Callable[..., ConsoleController]]:
    made: list[ConsoleController] = []

    def make(name: str = "wang", screens: int = 2) -> ConsoleController:
        api = SupervisorApi(live.url)
        api.login(name, SUPERVISOR_PASSWORD)
        primary = QGuiApplication.primaryScreen()
        controller = ConsoleController(api, SUPERVISOR_PASSWORD,
                                       player=CommandSoundPlayer(["true"]),
                                       screens=lambda: [primary] * screens)
        made.append(controller)
        controller.start()
        qtbot.waitUntil(lambda: controller.connected and controller.board.snapshots > 0,
                        timeout=WAIT_MS)
        return controller

    yield make
    for controller in made:
        controller.stop()
        controller.window.close()
        controller.api.close()


def cell(table: QTableWidget, row: int, column: int) -> str:
    item = table.item(row, column)
    return item.text() if item is not None else ""


def alarm_windows(console: ConsoleController, alert_id: str | None = None) -> list[AlarmWindow]:
    """The alarm windows (one per screen), or those showing ``alert_id``."""
    if alert_id is None:
        return list(console.alarms.screen_windows)
    return console.alarms.windows_for(alert_id)


def wait_alarm(qtbot: QtBot, console: ConsoleController, event_id: str) -> str:
    """Wait for the alarm windows of the alert raised by ``event_id``; returns the alert id."""
    def found() -> str | None:
        for alert in console.board.alerts.values():
            if alert.event_id == event_id and alarm_windows(console, alert.id):
                return alert.id
        return None

    qtbot.waitUntil(lambda: found() is not None, timeout=WAIT_MS)
    return str(found())


def test_a_panic_opens_an_alarm_on_every_screen_until_acknowledged(
        qtbot: QtBot, make_console: Callable[..., ConsoleController], desk: AgentDesk, relay: Relay,  # type: ignore[no-untyped-def]
        live: LiveRelay) -> None:
    console = make_console(screens=2)
    event_id = desk.send("panic.alert", {"trigger": "hotkey"})
    alert_id = wait_alarm(qtbot, console, event_id)
    windows = alarm_windows(console, alert_id)
    assert len(windows) == 2 and all(w.isVisible() for w in windows)
    window = windows[0]
    assert window.windowFlags() & Qt.WindowType.WindowStaysOnTopHint
    assert "EMERGENCY" in window.banner.text()
    assert (window.seat.text(), window.agent.text(), window.workstation.text()) == \
        ("A-01", "张三", "WS-A-01")
    assert window.trigger.text() == "hotkey"
    assert console.sound.sounding and not window.close_button.isEnabled()
    window.close()  # cannot be closed away while nobody acknowledged
    assert window.isVisible()

    qtbot.waitUntil(lambda: relay.db.call(
        lambda s: store.get_alert(s, alert_id))["first_shown_at"]
        is not None, timeout=WAIT_MS)

    qtbot.mouseClick(window.acknowledge_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not console.sound.sounding, timeout=WAIT_MS)
    assert window.state.text().startswith("Acknowledged by wang")
    assert window.close_button.isEnabled() and not window.acknowledge_button.isEnabled()
    qtbot.mouseClick(window.close_button, Qt.MouseButton.LeftButton)
    assert alarm_windows(console) == []
    assert console.window.active.rowCount() == 1  # still open until resolved


def test_the_first_acknowledgement_shows_on_every_console(
        qtbot: QtBot, make_console: Callable[..., ConsoleController], desk: AgentDesk) -> None:  # type: ignore[no-untyped-def]
    wang, zhao = make_console("wang", screens=1), make_console("zhao", screens=1)
    event_id = desk.send("panic.alert", {"trigger": "pedal"})
    alert_id = wait_alarm(qtbot, wang, event_id)
    wait_alarm(qtbot, zhao, event_id)
    assert wang.sound.sounding and zhao.sound.sounding
    qtbot.waitUntil(lambda: wang.board.supervisors_online == 2, timeout=WAIT_MS)
    assert "supervisors on duty: 2 (wang, zhao)" in wang.window.header.text()

    qtbot.mouseClick(alarm_windows(zhao, alert_id)[0].acknowledge_button,
                     Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not wang.sound.sounding, timeout=WAIT_MS)
    [window] = alarm_windows(wang, alert_id)
    assert window.state.text().startswith("Acknowledged by zhao")
    assert not window.acknowledge_button.isEnabled()
    assert wang.board.alerts[alert_id].acknowledged_by == "zhao"
    qtbot.waitUntil(lambda: not zhao.sound.sounding, timeout=WAIT_MS)


def test_test_and_duress_alarms_are_marked(
        qtbot: QtBot, make_console: Callable[..., ConsoleController], desk: AgentDesk) -> None:  # type: ignore[no-untyped-def]
    console = make_console(screens=1)
    test_id = wait_alarm(qtbot, console, desk.send("panic.test", {"trigger": "test"}))
    duress_id = wait_alarm(qtbot, console, desk.send("panic.duress", {"trigger": "code_word"}))
    [window] = alarm_windows(console)
    assert alarm_windows(console, test_id) == alarm_windows(console, duress_id) == [window]
    assert window.banner.text().startswith("DURESS")  # the newest on top
    assert window.trigger.text() == "code word"
    entries = window.list_texts()
    assert entries[0].startswith("DURESS · A-01") and entries[1].startswith("TEST · A-01")
    window.list.setCurrentRow(1)
    assert window.banner.text().startswith("TEST")
    assert "TEST" in window.windowTitle() and window.alert.id == test_id
    table = console.window.active
    kinds = {cell(table, row, 1) for row in range(table.rowCount())}
    assert kinds == {"TEST alarm (drill)", "Duress alarm"}


def test_several_alarms_stack_in_one_window_newest_on_top(
        qtbot: QtBot, make_console: Callable[..., ConsoleController], desk: AgentDesk,  # type: ignore[no-untyped-def]
        relay: Relay, live: LiveRelay) -> None:
    """An emergency is not hidden under a later duress alarm: one window, a count, a list."""
    console = make_console(screens=2)
    other = AgentDesk(live, enroll_directly(relay.db, relay.service.box, "B-02", "李四"))
    try:
        emergency = wait_alarm(qtbot, console, desk.send("panic.alert", {"trigger": "hotkey"}))
        duress = wait_alarm(qtbot, console, other.send("panic.duress", {"trigger": "code_word"}))
    finally:
        other.client.close()
    windows = alarm_windows(console)
    assert len(windows) == 2 and all(w.isVisible() for w in windows)  # one per screen
    window = windows[0]
    assert window.count.text() == "2 open alarms" and window.count.isVisible()
    assert window.banner.text().startswith("DURESS") and window.seat.text() == "B-02"
    entries = window.list_texts()
    assert len(entries) == 2 and window.list.isVisible()
    assert entries[0].startswith("DURESS · B-02 李四 · waiting ")
    assert entries[1].startswith("EMERGENCY · A-01 张三 · waiting ")
    assert "2 open alarms · B-02 / A-01" in window.windowTitle()

    qtbot.mouseClick(window.acknowledge_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: console.board.alerts[duress].state is AlertState.ACKNOWLEDGED,
                    timeout=WAIT_MS)
    qtbot.waitUntil(lambda: window.count.text() == "1 open alarm", timeout=WAIT_MS)
    assert window.alert.id == emergency and window.banner.text().startswith("EMERGENCY")
    assert window.acknowledge_button.isEnabled()  # the next waiting one, ready for Alt+A
    entries = window.list_texts()
    assert len(entries) == 2 and entries[0].startswith("DURESS · B-02 李四 · Acknowledged by wang")
    assert console.sound.sounding  # until the last one is acknowledged
    window.close()
    assert window.isVisible()  # the emergency still waits

    qtbot.mouseClick(window.acknowledge_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not console.sound.sounding, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: window.count.text() == "0 open alarms", timeout=WAIT_MS)
    qtbot.mouseClick(window.close_button, Qt.MouseButton.LeftButton)  # closes the emergency
    assert alarm_windows(console, emergency) == [] and alarm_windows(console, duress) == windows
    assert window.list_texts()[0].startswith("DURESS")
    window.close()  # nothing waits any more: the window goes
    assert alarm_windows(console) == []


def test_the_alarm_says_how_long_it_has_been_waiting(qtbot: QtBot) -> None:
    raised = datetime(2026, 3, 2, 9, 0, 0, tzinfo=UTC)
    clock = [raised + timedelta(seconds=5)]
    view = {"id": "a1", "kind": "panic.alert", "state": "open", "seat": "A-01",
            "agent_name": "张三", "received_at": raised.isoformat()}
    alarms = AlarmWindows(screens=lambda: [QGuiApplication.primaryScreen()],
                          now=lambda: clock[0])
    alarms.sync([AlertRecord.from_json(view)])
    [window] = alarms.screen_windows
    qtbot.addWidget(window)
    assert window.waiting.text() == "waiting 5 s"
    ticker = alarms.findChild(QTimer, "alarm-waiting-tick")
    assert ticker is not None and ticker.isActive() and ticker.interval() == 1000
    clock[0] = raised + timedelta(seconds=65)
    ticker.timeout.emit()
    assert window.waiting.text() == "waiting 1 min 05 s"
    assert window.count.text() == "1 open alarm"
    alarms.sync([AlertRecord.from_json({**view, "state": "acknowledged",
                                        "acknowledged_by": "wang"})])
    assert window.waiting.isHidden() and window.count.text() == "0 open alarms"
    alarms.close_all()
    assert not ticker.isActive()


def test_a_cancelled_alarm_stops_sounding_and_says_cancelled(
        qtbot: QtBot, make_console: Callable[..., ConsoleController], desk: AgentDesk) -> None:  # type: ignore[no-untyped-def]
    console = make_console(screens=1)
    event_id = desk.send("panic.alert", {"trigger": "tray"})
    alert_id = wait_alarm(qtbot, console, event_id)
    desk.send("panic.cancel", {"alert_id": event_id})
    qtbot.waitUntil(lambda: console.board.alerts[alert_id].state is AlertState.CANCELLED,
                    timeout=WAIT_MS)
    assert not console.sound.sounding
    [window] = alarm_windows(console, alert_id)
    assert window.state.text().startswith("Cancelled by the agent")
    assert window.close_button.isEnabled()
    history = console.window.history
    assert cell(history, 0, 4) == "Cancelled by the agent"
    assert console.window.active.rowCount() == 0


def test_resolving_with_a_note_closes_the_alarm_and_keeps_the_note(
        qtbot: QtBot, make_console: Callable[..., ConsoleController], desk: AgentDesk, relay: Relay) -> None:  # type: ignore[no-untyped-def]
    console = make_console(screens=1)
    alert_id = wait_alarm(qtbot, console, desk.send("panic.alert", {"trigger": "hotkey"}))
    [window] = alarm_windows(console, alert_id)
    qtbot.mouseClick(window.resolve_button, Qt.MouseButton.LeftButton)
    dialogs = [w for w in QApplication.topLevelWidgets()
               if isinstance(w, ResolveDialog) and w.isVisible()]
    assert len(dialogs) == 1
    dialogs[0].note.setPlainText("客户辱骂后离开，已安抚坐席")
    qtbot.mouseClick(dialogs[0].ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: alarm_windows(console, alert_id) == [], timeout=WAIT_MS)
    assert not console.sound.sounding
    resolved = console.board.alerts[alert_id]
    assert resolved.state is AlertState.RESOLVED and resolved.resolved_by == "wang"
    assert cell(console.window.history, 0, 7) == "客户辱骂后离开，已安抚坐席"
    assert console.window.active.rowCount() == 0


def test_a_lock_failure_is_listed_without_the_alarm(
        qtbot: QtBot, make_console: Callable[..., ConsoleController], desk: AgentDesk, relay: Relay) -> None:  # type: ignore[no-untyped-def]
    console = make_console(screens=1)
    event_id = desk.send("lock.failed", {"reasons": {"none": "no screen locker"}})
    qtbot.waitUntil(lambda: console.window.active.rowCount() == 1, timeout=WAIT_MS)
    assert cell(console.window.active, 0, 1) == "Screen lock failed"
    assert alarm_windows(console) == [] and not console.sound.sounding
    [alert] = [a for a in console.board.alerts.values() if a.event_id == event_id]
    qtbot.waitUntil(lambda: relay.db.call(lambda s: store.get_alert(s, alert.id))[
        "first_shown_at"] is not None, timeout=WAIT_MS)
    console.window.select_alert(alert.id)
    qtbot.mouseClick(console.window.acknowledge_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: console.board.alerts[alert.id].state is AlertState.ACKNOWLEDGED,
                    timeout=WAIT_MS)


def test_the_floor_lists_agents_with_state_and_self_check(
        qtbot: QtBot, make_console: Callable[..., ConsoleController], desk: AgentDesk) -> None:  # type: ignore[no-untyped-def]
    console = make_console(screens=1)
    floor = console.window.floor
    assert floor.rowCount() == 1 and cell(floor, 0, 0) == "A-01"
    desk.client.heartbeat("on_break", "1.2.3")
    qtbot.waitUntil(lambda: cell(floor, 0, 4) == "on a break", timeout=WAIT_MS)
    assert cell(floor, 0, 3) == "online" and cell(floor, 0, 7) == "1.2.3"
    desk.send("selfcheck.completed", {"passed": 5, "failed": 2,
                                      "failed_items": ["paper_away", "extra:门禁卡已交还"]})
    qtbot.waitUntil(lambda: cell(floor, 0, 6).startswith(  # the checklist's words, not item names
        "5 passed, 2 failed (Paper documents put away or face down, 门禁卡已交还)"), timeout=WAIT_MS)
    desk.send("agent.stopping", {"reason": "quit"})
    qtbot.waitUntil(lambda: cell(floor, 0, 3) == "app closed", timeout=WAIT_MS)
    feed = console.window.feed
    assert {cell(feed, row, 2) for row in range(feed.rowCount())} >= {
        "Desk self-check done", "App closed"}


def test_the_floor_shows_a_seats_open_alarm_as_its_state(
        qtbot: QtBot, make_console: Callable[..., ConsoleController], desk: AgentDesk) -> None:  # type: ignore[no-untyped-def]
    console = make_console(screens=1)
    floor = console.window.floor
    desk.client.heartbeat("active", "1.2.3")
    qtbot.waitUntil(lambda: cell(floor, 0, 4) == "working", timeout=WAIT_MS)
    alert_id = wait_alarm(qtbot, console, desk.send("panic.alert", {"trigger": "hotkey"}))
    qtbot.waitUntil(lambda: cell(floor, 0, 4) == "Emergency help", timeout=WAIT_MS)
    item = floor.item(0, 4)
    assert item is not None and item.font().bold()
    assert item.background().color().name() == "#c62828"  # red while nobody acknowledged
    console.acknowledge(alert_id)
    qtbot.waitUntil(lambda: cell(floor, 0, 4) == "Emergency help · Acknowledged by wang",
                    timeout=WAIT_MS)
    console.resolve(alert_id, "")
    qtbot.waitUntil(lambda: cell(floor, 0, 4) == "working", timeout=WAIT_MS)
    # this relay reports no channel health: no banner, nothing broken
    assert console.board.channels == [] and console.window.channel_banner.isHidden()


def test_the_banner_shows_while_the_relay_is_away(
        qtbot: QtBot, make_console: Callable[..., ConsoleController], relay: Relay, live: LiveRelay) -> None:  # type: ignore[no-untyped-def]
    console = make_console(screens=1)
    banner = console.window.banner
    assert banner.isHidden()
    live.stop()
    qtbot.waitUntil(lambda: not banner.isHidden(), timeout=WAIT_MS)
    assert banner.text() == "Not connected — reconnecting…"
    back = LiveRelay(relay, port=live.port).start()
    try:
        qtbot.waitUntil(banner.isHidden, timeout=WAIT_MS)
    finally:
        console.stop()
        back.stop()


def test_login_dialog_remembers_the_password_and_logs_in_by_itself_next_time(
        qtbot: QtBot, qapp: QApplication, live: LiveRelay,  # type: ignore[no-untyped-def]
        memory_keyring: MemoryKeyring) -> None:
    first = SupervisorConsole(qapp, live.url, "wang")
    first.begin()
    dialog = first.dialog
    assert dialog is not None and dialog.isVisible()
    dialog.password.setText("wrong password")
    qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.error.isVisible(), timeout=WAIT_MS)
    assert dialog.error.text() == "Wrong name or password."
    assert remembered_password(live.url, "wang") is None

    dialog.password.setText(SUPERVISOR_PASSWORD)
    dialog.remember.setChecked(True)
    with qtbot.waitSignal(first.logged_in, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)
    assert remembered_password(live.url, "wang") == SUPERVISOR_PASSWORD
    assert first.controller is not None and first.controller.window.isVisible()
    first.shutdown()
    first.controller.window.hide()  # closing it would end the (test) application

    second = SupervisorConsole(qapp, live.url, "wang")
    with qtbot.waitSignal(second.logged_in, timeout=WAIT_MS):
        second.begin()
    assert second.dialog is None
    second.shutdown()
    assert second.controller is not None
    second.controller.window.hide()


def test_a_remembered_password_that_no_longer_works_asks_again(
        qtbot: QtBot, qapp: QApplication, live: LiveRelay,  # type: ignore[no-untyped-def]
        memory_keyring: MemoryKeyring) -> None:
    remember_password(live.url, "zhao", "an old password")
    console = SupervisorConsole(qapp, live.url, "zhao")
    console.begin()
    qtbot.waitUntil(lambda: console.dialog is not None and console.dialog.error.isVisible(),
                    timeout=WAIT_MS)
    assert console.dialog is not None
    assert "remembered password was not accepted" in console.dialog.error.text()
    assert console.dialog.remember.isChecked()
    console.dialog.hide()  # closing it would end the (test) application
    console.shutdown()


def test_the_alarm_beeps_when_the_sound_player_fails(
        qtbot: QtBot, caplog: pytest.LogCaptureFixture) -> None:
    from ui.supervisor.alarm_sound import AlarmSound

    sound = AlarmSound(player=CommandSoundPlayer(["false"]))  # e.g. no sound device
    with caplog.at_level("INFO", logger="ui.supervisor.alarm_sound"):
        sound.set_sounding(True)
        qtbot.waitUntil(lambda: "beeping instead" in caplog.text, timeout=WAIT_MS)
        sound.set_sounding(False)
    assert "alarm sounding (false)" in caplog.text and "alarm stopped" in caplog.text
    assert not sound.sounding


def test_an_alarm_picked_in_the_list_stays_picked_while_others_change(qtbot: QtBot) -> None:
    def view(alert_id: str, second: int, **extra: Any) -> AlertRecord:
        return AlertRecord.from_json({"id": alert_id, "kind": "panic.alert", "state": "open",
                                      "seat": alert_id.upper(),
                                      "received_at": f"2026-03-02T09:00:{second:02d}+00:00",
                                      **extra})

    alarms = AlarmWindows(screens=lambda: [QGuiApplication.primaryScreen()])
    alarms.sync([view("a1", 0), view("b2", 5)])
    [window] = alarms.screen_windows
    qtbot.addWidget(window)
    assert window.alert.id == "b2"  # the newest
    alarms.sync([view("a1", 0, state="acknowledged", acknowledged_by="zhao"), view("b2", 5)])
    window.list.setCurrentRow(1)  # the supervisor picks the handled one to close it
    assert window.alert.id == "a1" and window.close_button.isEnabled()
    alarms.sync([view("a1", 0, state="acknowledged", acknowledged_by="zhao"),
                 view("b2", 5, first_shown_at="2026-03-02T09:00:06+00:00")])
    assert window.alert.id == "a1"  # not yanked to the other one
    alarms.sync([view("a1", 0, state="acknowledged", acknowledged_by="zhao"),
                 view("b2", 5, state="acknowledged", acknowledged_by="wang"),
                 view("c3", 9)])
    assert window.alert.id == "c3" and window.count.text() == "1 open alarm"  # a new one: on top
    alarms.close_all()


def test_a_console_says_so_when_the_relay_speaks_another_protocol_version(
        qtbot: QtBot, monkeypatch: pytest.MonkeyPatch,
        make_console: Callable[..., ConsoleController], desk: AgentDesk) -> None:
    from relay.api import stream as relay_stream

    console = make_console(screens=1)
    assert console.board.protocol is not None and console.board.protocol.matches
    assert console.window.protocol_banner.isHidden()

    monkeypatch.setattr(relay_stream, "PROTOCOL_VERSION", PROTOCOL_VERSION + 1)
    console.bridge.restart()  # reconnects: a fresh snapshot from the "newer" relay
    banner = console.window.protocol_banner
    qtbot.waitUntil(lambda: not banner.isHidden(), timeout=WAIT_MS)
    assert banner.text() == (f"The relay speaks protocol {PROTOCOL_VERSION + 1}, this console "
                             f"{PROTOCOL_VERSION}: alerts still arrive, but ask IT to update "
                             "this console.")
    event_id = desk.send("panic.alert", {"trigger": "hotkey"})  # and they do
    wait_alarm(qtbot, console, event_id)

    monkeypatch.setattr(relay_stream, "VERSION_KEY", "not_said")  # a relay from before versions
    console.bridge.restart()
    qtbot.waitUntil(lambda: banner.text().startswith("The relay does not say which protocol"),
                    timeout=WAIT_MS)
    assert not banner.isHidden()

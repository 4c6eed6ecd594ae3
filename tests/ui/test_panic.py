"""The silent alarm in the tray app (offscreen, real outbox and audit log, fake hotkey service
and keyboard): every trigger raises the alarm and nothing on the screen changes; double and
hold confirmation; the discreet acknowledgement mark; "I'm safe" with the PIN and the duress
PIN; the test alarm and its confirmation; drills; the incident note; instance commands."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QPlainTextEdit, QPushButton

from assistant.alerts.outbox import AlertOutbox, OutboxEvent
from assistant.clock import FakeClock
from assistant.hotkeys import HotkeyHandle, parse_hotkey
from assistant.panic.code_word import CodeWordMatcher, apply_key
from assistant.panic.kinds import AuditKind, PinCheck, TriggerKind
from protocol.kinds import EventKind
from tests.clipboard.identifiers import bank_card
from tests.ui.desk import make_desk as desk_of
from ui.alerts.feature import AlertChannelFeature
from ui.alerts.service import AlertService
from ui.panic import PanicFeature
from ui.panic.note_dialog import IncidentNoteDialog
from ui.panic.safe_dialog import SafeDialog
from ui.panic.set_pin_dialog import SetPinDialog
from ui.services import Services
from ui.tray import TrayHost

CODE_WORD = "blue folder"

# The offscreen platform cannot size or restack real windows; dialogs ask it to.
pytestmark = [pytest.mark.qt_log_ignore(r"This plugin does not support")]


class FakeHotkeys:
    """Stands in for XGrabKey/RegisterHotKey: presses arrive on another thread, as there."""

    name = "fake-hotkeys"

    def __init__(self) -> None:
        self.callbacks: dict[int, tuple[str, Callable[[], None]]] = {}

    def register(self, spec: str, callback: Callable[[], None]) -> HotkeyHandle:
        handle = HotkeyHandle.new(parse_hotkey(spec))
        self.callbacks[handle.id] = (spec, callback)
        return handle

    def unregister(self, handle: HotkeyHandle) -> None:
        self.callbacks.pop(handle.id, None)

    def close(self) -> None:
        self.callbacks.clear()

    def press(self) -> None:
        thread = threading.Thread(target=lambda: [cb() for _, cb in list(self.callbacks.values())])
        thread.start()
        thread.join()


class FakeKeyProbe:
    name = "fake-keystate"

    def __init__(self) -> None:
        self.down = False

    def is_down(self, key: str) -> bool:
        return self.down

    def close(self) -> None:
        pass


class FakeKeyboard:
    """Stands in for pynput's Listener: keys arrive on another thread and go to the matcher."""

    name = "fake-keyboard"

    def __init__(self) -> None:
        self.matcher: CodeWordMatcher | None = None
        self.on_match: Callable[[], None] | None = None
        self._running = False

    def factory(self, matcher: CodeWordMatcher, on_match: Callable[[], None]) -> FakeKeyboard:
        self.matcher, self.on_match = matcher, on_match
        return self

    @property
    def running(self) -> bool:
        return self._running

    def start(self) -> None:
        self._running = True

    def stop(self) -> None:
        self._running = False

    def type(self, text: str) -> None:
        def run() -> None:
            assert self.matcher is not None and self.on_match is not None
            for char in text:
                space = char == " "
                if apply_key(self.matcher, None if space else char, "space" if space else None, False):
                    self.on_match()

        thread = threading.Thread(target=run)
        thread.start()
        thread.join()


class Desk:
    """A tray host with the real alert channel (not enrolled: events wait in the outbox)."""

    def __init__(self, host: TrayHost, services: Services, panic: PanicFeature,
                 hotkeys: FakeHotkeys, probe: FakeKeyProbe, keyboard: FakeKeyboard,
                 clock: FakeClock) -> None:
        self.host, self.services, self.panic = host, services, panic
        self.hotkeys, self.probe = hotkeys, probe
        self.keyboard, self.clock = keyboard, clock
        self.notes: list[tuple[str, str]] = []
        host.notify = lambda title, text: self.notes.append((title, text))  # type: ignore[method-assign]

    @property
    def alerts(self) -> AlertService:
        return self.services.alerts

    def queued(self, kind: str | None = None) -> list[OutboxEvent]:
        events = self.alerts.channel.outbox.next_batch(100)
        return [e for e in events if kind is None or e.kind == kind]

    def audit(self, kind: str) -> list[dict[str, Any]]:
        return [e.details for e in self.host.ctx.audit.query(kinds=[kind])]

    def screen_state(self) -> tuple[object, ...]:
        """What the agent could see: windows, tooltip, icon pixels, focus."""
        visible = sorted(w.objectName() or type(w).__name__
                         for w in QApplication.topLevelWidgets() if w.isVisible())
        icon = self.host.tray.icon().pixmap(32, 32).toImage().convertToFormat(QImage.Format.Format_ARGB32)
        return (visible, self.host.tray.toolTip(), bytes(icon.constBits()),  # type: ignore[call-overload]
                QApplication.activeWindow(), QApplication.focusWidget(), list(self.notes))

    def menu_actions(self) -> dict[str, Any]:
        self.host.menu.aboutToShow.emit()
        found = {a.objectName(): a for a in self.host.menu.actions() if a.objectName()}
        sub = next((a.menu() for a in self.host.menu.actions() if a.menu() is not None
                    and a.menu().objectName() == "panic-menu"), None)
        if sub is not None:
            found.update({a.objectName(): a for a in sub.actions() if a.objectName()})
        return found

    def texts(self) -> list[str]:
        self.host.menu.aboutToShow.emit()
        return [a.text() for a in self.host.menu.actions()]


@pytest.fixture
def make_desk(qapp, make_ctx, memory_keyring) -> Iterator[Callable[..., Desk]]:  # type: ignore[no-untyped-def]
    made: list[Desk] = []

    def make(policy: str = "", settings: str | None = None, start: bool = True,
             idle_source: Any = None) -> Desk:
        ctx = make_ctx(policy=policy, settings=settings)
        hotkeys, probe, keyboard = FakeHotkeys(), FakeKeyProbe(), FakeKeyboard()
        clock = FakeClock(wall=time.time())  # the audit log stamps with the real time
        extra = {"idle_source": idle_source} if idle_source is not None else {}
        host, services = desk_of(ctx, qapp, hotkeys=hotkeys, clock=clock, **extra)
        host.add_feature(AlertChannelFeature(host, services))
        panic = PanicFeature(host, services, key_probe=probe,  # type: ignore[arg-type]
                             listener_factory=keyboard.factory)
        host.add_feature(panic)
        desk = Desk(host, services, panic, hotkeys, probe, keyboard, clock)
        made.append(desk)
        if start:  # as host.start() does, without showing an icon on the offscreen platform
            for feature in host.features:
                feature.start()
            host.refresh()
        return desk

    yield make
    for desk in made:
        for feature in reversed(desk.host.features):
            feature.stop()
        for window in QApplication.topLevelWidgets():
            if isinstance(window, (SafeDialog, SetPinDialog, IncidentNoteDialog)):
                window.close()


# -- triggers are silent -------------------------------------------------------------------
def test_hotkey_raises_the_alarm_and_nothing_on_the_screen_changes(qtbot, make_desk) -> None:  # type: ignore[no-untyped-def]
    desk = make_desk()
    assert next(iter(desk.hotkeys.callbacks.values()))[0] == "<ctrl>+<alt>+<shift>+<f9>"
    before = desk.screen_state()
    with qtbot.waitSignal(desk.panic.raised, timeout=5000) as raised:
        desk.hotkeys.press()
    desk.host.refresh()  # as the tooltip timer would
    assert desk.screen_state() == before
    [alert] = desk.queued(EventKind.PANIC_ALERT)
    assert alert.id == raised.args[0] and alert.priority == 0
    assert alert.payload["trigger"] == "hotkey" and alert.payload["workstation"]
    assert desk.audit(AuditKind.TRIGGERED) == [{"trigger": "hotkey"}]


def test_disguised_tray_entry_raises_the_alarm_silently(qtbot, make_desk) -> None:  # type: ignore[no-untyped-def]
    desk = make_desk()
    actions = desk.menu_actions()
    entry = actions["panic-tray-trigger"]
    assert entry.text() == "Check for updates"
    before = desk.screen_state()
    with qtbot.waitSignal(desk.panic.raised, timeout=5000):
        entry.trigger()
    assert desk.screen_state() == before
    assert desk.queued(EventKind.PANIC_ALERT)[0].payload["trigger"] == "tray"


def test_policy_sets_the_tray_label_and_switches_triggers_off(make_desk) -> None:  # type: ignore[no-untyped-def]
    desk = make_desk(policy='[panic]\ntray_label = "检查更新"\nhotkey_enabled = false\n')
    assert desk.menu_actions()["panic-tray-trigger"].text() == "检查更新"
    assert desk.hotkeys.callbacks == {}
    off = make_desk(policy="[panic]\ntray_entry_enabled = false\n")
    assert "panic-tray-trigger" not in off.menu_actions()
    assert "panic-safe" in off.menu_actions()


def test_panic_off_by_policy_has_no_trigger_at_all(make_desk) -> None:  # type: ignore[no-untyped-def]
    desk = make_desk(policy='[panic]\nenabled = false\ncode_word_enabled = true\ncode_word = "blue folder"\n')
    assert desk.hotkeys.callbacks == {} and not desk.keyboard.running
    assert not any(name.startswith("panic") for name in desk.menu_actions())
    assert desk.panic.commands.trigger({"cmd": "panic.trigger"}) == {"ok": False, "error": "disabled"}


def test_code_word_typed_elsewhere_raises_the_alarm(qtbot, make_desk) -> None:  # type: ignore[no-untyped-def]
    desk = make_desk(policy=f'[panic]\ncode_word_enabled = true\ncode_word = "{CODE_WORD}"\n')
    assert desk.panic.code_word.listening
    before = desk.screen_state()
    with qtbot.waitSignal(desk.panic.raised, timeout=5000):
        desk.keyboard.type("one moment, I will get the Blue Folder for you")
    assert desk.screen_state() == before
    assert desk.queued(EventKind.PANIC_ALERT)[0].payload["trigger"] == "code_word"
    assert desk.audit(AuditKind.TRIGGERED) == [{"trigger": "code_word"}]
    log = desk.host.ctx.paths.log_file
    text = log.read_text(encoding="utf-8") if log.exists() else ""
    assert "folder" not in text.lower() and "one moment" not in text


def test_code_word_typed_into_our_own_window_is_ignored(qtbot, make_desk) -> None:  # type: ignore[no-untyped-def]
    desk = make_desk(policy=f'[panic]\ncode_word_enabled = true\ncode_word = "{CODE_WORD}"\n')
    dialog = SafeDialog(lambda pin: PinCheck.WRONG)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    with qtbot.assertNotEmitted(desk.panic.raised, wait=200):
        desk.keyboard.type(CODE_WORD)
    assert desk.queued(EventKind.PANIC_ALERT) == []


def test_too_short_code_word_is_reported_not_used(make_desk) -> None:  # type: ignore[no-untyped-def]
    desk = make_desk(policy='[panic]\ncode_word_enabled = true\ncode_word = "sos"\n')
    assert not desk.panic.code_word.listening
    [check] = [c for c in desk.panic.self_test() if c.name == "panic-code-word"]
    assert not check.ok and "at least 4" in check.detail


def test_without_input_monitoring_the_code_word_says_so_once_and_in_the_self_test(make_desk) -> None:  # type: ignore[no-untyped-def]
    # macOS: the listener would hear nothing without the permission; the app asks (the system
    # prompt), says so once in the tray, and the self-test line names the permission.
    from assistant.panic.code_word_listener import create_code_word_listener
    from assistant.platform_bindings import macos as m
    from tests.platform.recording_os import RecordingOS

    access = RecordingOS(m.TABLE, {"CGPreflightListenEventAccess": lambda: False,
                                   "CGRequestListenEventAccess": lambda: False})
    desk = make_desk(policy=f'[panic]\ncode_word_enabled = true\ncode_word = "{CODE_WORD}"\n', start=False)
    desk.panic.code_word._factory = lambda matcher, on_match: create_code_word_listener(
        matcher, on_match, kind="macos", macos_bindings=access)
    for feature in desk.host.features:
        feature.start()
    desk.panic.code_word.want("")  # the word switched off and on again: still one notice
    desk.panic.apply_settings()
    assert not desk.panic.code_word.listening
    assert [title for title, _ in desk.notes] == ["The code word needs a permission"]
    assert "Input Monitoring" in desk.notes[0][1]
    [check] = [c for c in desk.panic.self_test() if c.name == "panic-code-word"]
    assert not check.ok and "needs permission: Input Monitoring" in check.detail
    assert "Privacy & Security" in check.detail
    assert desk.host.capabilities()["Code word"].needs_permission == "Input Monitoring"  # the settings dialog's list


# -- confirmation --------------------------------------------------------------------------
def test_double_press_confirmation(qtbot, make_desk) -> None:  # type: ignore[no-untyped-def]
    desk = make_desk(policy='[panic]\nconfirm = "double"\n')
    desk.probe.down = True
    desk.hotkeys.press()
    qtbot.waitUntil(lambda: desk.panic.confirmer.watching)
    assert desk.queued(EventKind.PANIC_ALERT) == []
    desk.clock.advance(0.7)
    with qtbot.waitSignal(desk.panic.raised, timeout=5000):
        desk.hotkeys.press()
    assert len(desk.queued(EventKind.PANIC_ALERT)) == 1


def test_double_press_a_quick_second_tap_seen_by_the_key_probe(qtbot, make_desk) -> None:  # type: ignore[no-untyped-def]
    desk = make_desk(policy='[panic]\nconfirm = "double"\n')
    desk.probe.down = True
    desk.hotkeys.press()
    qtbot.waitUntil(desk.panic.confirm_timer.isActive)
    desk.clock.advance(0.1)
    desk.probe.down = False
    qtbot.waitUntil(lambda: desk.panic.confirmer._released)
    desk.clock.advance(0.1)
    with qtbot.waitSignal(desk.panic.raised, timeout=5000):
        desk.probe.down = True


def test_hold_confirmation_fires_after_the_hold(qtbot, make_desk) -> None:  # type: ignore[no-untyped-def]
    desk = make_desk(policy='[panic]\nconfirm = "hold"\nhold_s = 1.0\n')
    desk.probe.down = True
    desk.hotkeys.press()
    qtbot.waitUntil(desk.panic.confirm_timer.isActive)
    assert desk.queued(EventKind.PANIC_ALERT) == []
    with qtbot.waitSignal(desk.panic.raised, timeout=5000):
        desk.clock.advance(1.0)
    assert not desk.panic.confirm_timer.isActive()


def test_hold_let_go_early_raises_nothing(qtbot, make_desk) -> None:  # type: ignore[no-untyped-def]
    desk = make_desk(policy='[panic]\nconfirm = "hold"\nhold_s = 1.0\n')
    desk.probe.down = True
    desk.hotkeys.press()
    qtbot.waitUntil(desk.panic.confirm_timer.isActive)
    desk.clock.advance(0.5)
    desk.probe.down = False
    qtbot.waitUntil(lambda: not desk.panic.confirm_timer.isActive())
    desk.clock.advance(1.0)
    assert desk.queued(EventKind.PANIC_ALERT) == []


# -- acknowledgement -------------------------------------------------------------------------
def test_acknowledgement_shows_a_small_mark_on_the_icon_for_a_minute(qtbot, make_desk) -> None:  # type: ignore[no-untyped-def]
    desk = make_desk()
    plain = desk.host.tray.icon().pixmap(32, 32).toImage()
    alert = desk.panic.trigger(TriggerKind.HOTKEY)
    with qtbot.waitSignal(desk.panic.ack_mark_changed, timeout=5000):
        desk.alerts.acknowledged.emit(alert.event_id)
    marked = desk.host.tray.icon().pixmap(32, 32).toImage()
    assert marked != plain
    corner = marked.pixelColor(27, 27)
    assert corner.green() > corner.red() and corner.green() > corner.blue()  # a green dot
    assert desk.panic.ack_timer.interval() == 60_000 and desk.panic.ack_timer.isActive()
    assert desk.notes == [] and desk.host.tray.toolTip() == desk.host.tooltip_text()
    desk.clock.advance(60)
    with qtbot.waitSignal(desk.panic.ack_mark_changed, timeout=5000):
        desk.panic.ack_timer.timeout.emit()
    assert desk.host.tray.icon().pixmap(32, 32).toImage() == plain
    assert desk.audit(AuditKind.ACKNOWLEDGED) == [{}]


def test_no_mark_when_the_policy_says_none_or_for_someone_elses_alert(qtbot, make_desk) -> None:  # type: ignore[no-untyped-def]
    desk = make_desk(policy='[panic]\nack_sign = "none"\n')
    alert = desk.panic.trigger(TriggerKind.HOTKEY)
    with qtbot.assertNotEmitted(desk.panic.ack_mark_changed, wait=100):
        desk.alerts.acknowledged.emit(alert.event_id)
        desk.alerts.acknowledged.emit("not-ours")
    assert not desk.panic.ack_mark_shown


# -- test alarm ---------------------------------------------------------------------------
def test_test_alarm_end_to_end_confirmation(qtbot, make_desk) -> None:  # type: ignore[no-untyped-def]
    desk = make_desk()
    with qtbot.waitSignal(desk.panic.test_sent, timeout=5000) as sent:
        desk.menu_actions()["panic-test"].trigger()
    [test] = desk.queued(EventKind.PANIC_TEST)
    assert test.payload["test"] is True and test.id == sent.args[0]
    assert "not connected" in desk.notes[-1][1]  # not enrolled in this test
    with qtbot.waitSignal(desk.panic.test_confirmed, timeout=5000):
        desk.alerts.shown.emit(test.id)
    assert desk.notes[-1] == ("Test the alarm", "The test alarm reached a supervisor.")
    assert len(desk.audit(AuditKind.TEST_CONFIRMED)) == 1


def test_a_real_alarm_shown_changes_nothing_here(qtbot, make_desk) -> None:  # type: ignore[no-untyped-def]
    desk = make_desk()
    alert = desk.panic.trigger(TriggerKind.HOTKEY)
    before = desk.screen_state()
    with qtbot.assertNotEmitted(desk.panic.test_confirmed, wait=100):
        desk.alerts.shown.emit(alert.event_id)
    assert desk.screen_state() == before


def test_drill_reminder_when_a_test_is_due(qtbot, make_desk) -> None:  # type: ignore[no-untyped-def]
    desk = make_desk(policy="[panic]\ntest_every_days = 7\n")
    assert desk.panic.drill_timer.isActive()
    assert desk.panic.drill_timer.interval() == 10 * 60_000  # never tested: 10 min after start
    desk.clock.advance(10 * 60)
    desk.panic.drill_timer.timeout.emit()
    assert desk.notes[-1][0] == "Time for an alarm drill"
    assert desk.audit(AuditKind.TEST_REMINDED) == [{"every_days": 7}]
    assert 23 * 3600_000 < desk.panic.drill_timer.interval() <= 24 * 3600_000  # again tomorrow


def test_no_drill_timer_without_the_policy(make_desk) -> None:  # type: ignore[no-untyped-def]
    assert not make_desk().panic.drill_timer.isActive()


# -- I'm safe -----------------------------------------------------------------------------
def open_safe_dialog(qtbot, desk: Desk) -> SafeDialog:  # type: ignore[no-untyped-def]
    desk.menu_actions()["panic-safe"].trigger()
    qtbot.waitUntil(lambda: any(isinstance(w, SafeDialog) and w.isVisible()
                                for w in QApplication.topLevelWidgets()))
    return next(w for w in QApplication.topLevelWidgets() if isinstance(w, SafeDialog))


def type_pin(qtbot, dialog: SafeDialog, pin: str) -> None:  # type: ignore[no-untyped-def]
    field = dialog.findChild(QLineEdit, "pin")
    qtbot.keyClicks(field, pin)
    qtbot.mouseClick(dialog.findChild(QPushButton, "call-off"), Qt.MouseButton.LeftButton)


@pytest.mark.parametrize("pin", ["2468", "1357"])
def test_pin_and_duress_pin_look_the_same_here(qtbot, make_desk, pin: str) -> None:  # type: ignore[no-untyped-def]
    desk = make_desk()
    desk.panic.pins.change("2468", "1357")
    alert = desk.panic.trigger(TriggerKind.HOTKEY)
    desk.alerts.channel.outbox.mark_delivered([alert.event_id])
    dialog = open_safe_dialog(qtbot, desk)
    with qtbot.waitSignal(dialog.stood_down, timeout=5000):
        type_pin(qtbot, dialog, pin)
    qtbot.waitUntil(lambda: not any(isinstance(w, SafeDialog) and w.isVisible()
                                    for w in QApplication.topLevelWidgets()))
    assert desk.notes == [("I'm safe", ("Calling the alarm off: the supervisors are told as soon "
                                        "as the relay can be reached."))]
    assert desk.audit(AuditKind.CANCELLED) == [{}]
    [event] = desk.queued()
    if pin == "2468":
        assert event.kind == EventKind.PANIC_CANCEL and event.payload == {"alert_id": alert.event_id}
    else:
        assert event.kind == EventKind.PANIC_DURESS and event.payload["alert_id"] == alert.event_id
        assert event.priority == 0


def test_wrong_pin_keeps_the_dialog_and_sends_nothing(qtbot, make_desk) -> None:  # type: ignore[no-untyped-def]
    desk = make_desk()
    desk.panic.pins.change("2468", "1357")
    alert = desk.panic.trigger(TriggerKind.HOTKEY)
    desk.alerts.channel.outbox.mark_delivered([alert.event_id])
    dialog = open_safe_dialog(qtbot, desk)
    type_pin(qtbot, dialog, "0000")
    error = dialog.findChild(QLabel, "error")
    assert dialog.isVisible() and error.isVisible() and "Wrong PIN" in error.text()
    assert desk.queued() == [] and desk.notes == []


def test_without_a_pin_nothing_can_be_called_off(qtbot, make_desk) -> None:  # type: ignore[no-untyped-def]
    desk = make_desk()
    desk.panic.trigger(TriggerKind.HOTKEY)
    dialog = open_safe_dialog(qtbot, desk)
    type_pin(qtbot, dialog, "2468")
    assert "No PIN is set" in dialog.findChild(QLabel, "error").text()
    assert desk.queued(EventKind.PANIC_CANCEL) == []


def test_set_pin_dialog_stores_hashes_and_needs_the_current_pin_to_change(qtbot, make_desk, memory_keyring) -> None:  # type: ignore[no-untyped-def]
    desk = make_desk()
    dialog = SetPinDialog(desk.panic.pins)
    qtbot.addWidget(dialog)
    for name, value in (("new", "2468"), ("repeat", "2468"), ("duress", "1357"), ("duress-repeat", "1357")):
        qtbot.keyClicks(dialog.findChild(QLineEdit, name), value)
    with qtbot.waitSignal(dialog.saved, timeout=5000):
        qtbot.mouseClick(dialog.findChild(QPushButton, "save"), Qt.MouseButton.LeftButton)
    assert desk.panic.pins.check("1357") is PinCheck.DURESS
    assert all("2468" not in v and "1357" not in v for v in memory_keyring.items.values())
    again = SetPinDialog(desk.panic.pins)
    qtbot.addWidget(again)
    for name, value in (("current", "1357"), ("new", "8642"), ("repeat", "8642")):
        qtbot.keyClicks(again.findChild(QLineEdit, name), value)
    qtbot.mouseClick(again.findChild(QPushButton, "save"), Qt.MouseButton.LeftButton)
    assert "current PIN is not right" in again.findChild(QLabel, "error").text()
    assert desk.panic.pins.check("2468") is PinCheck.CANCEL
    assert desk.panic.self_test()[-1].ok  # panic-pin: set


# -- incident note ------------------------------------------------------------------------
def test_incident_note_is_masked_and_attached_to_the_alarm(qtbot, make_desk) -> None:  # type: ignore[no-untyped-def]
    desk = make_desk()
    alert = desk.panic.trigger(TriggerKind.HOTKEY)
    desk.alerts.channel.outbox.mark_delivered([alert.event_id])
    desk.menu_actions()["panic-note"].trigger()
    qtbot.waitUntil(lambda: any(isinstance(w, IncidentNoteDialog) and w.isVisible()
                                for w in QApplication.topLevelWidgets()))
    dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, IncidentNoteDialog))
    card = bank_card()
    dialog.findChild(QPlainTextEdit, "note").setPlainText(f"客户拿出卡{card}要求退款，拍桌子大声威胁。")
    with qtbot.waitSignal(dialog.sent, timeout=5000):
        qtbot.mouseClick(dialog.findChild(QPushButton, "send"), Qt.MouseButton.LeftButton)
    [note] = desk.queued(EventKind.PANIC_NOTE)
    assert note.payload["alert_id"] == alert.event_id
    assert card not in note.payload["note"] and "拍桌子" in note.payload["note"]
    raw = b"".join(p.read_bytes() for p in desk.host.ctx.paths.data_dir.glob("outbox.sqlite3*"))
    assert card.encode() not in raw


def test_note_dialog_without_an_alarm_cannot_send(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = IncidentNoteDialog([], lambda text, event_id: None)
    qtbot.addWidget(dialog)
    dialog.findChild(QPlainTextEdit, "note").setPlainText("something")
    assert not dialog.findChild(QPushButton, "send").isEnabled()


# -- command line and status ----------------------------------------------------------------
def test_instance_commands(qtbot, make_desk) -> None:  # type: ignore[no-untyped-def]
    desk = make_desk()
    before = desk.screen_state()
    reply = desk.panic.commands.trigger({"cmd": "panic.trigger", "trigger": "cli", "test": False})
    assert reply["ok"] and desk.queued(EventKind.PANIC_ALERT)[0].id == reply["event_id"]
    assert desk.screen_state() == before
    reply = desk.panic.commands.trigger({"cmd": "panic.trigger", "test": True})
    assert desk.queued(EventKind.PANIC_TEST)[0].payload["trigger"] == "cli"
    assert desk.screen_state() == before  # no announcement for a pedal's test either
    status = desk.panic.status()
    assert status["hotkey"] == "<ctrl>+<alt>+<shift>+<f9>" and status["open_alarms"] == 1
    assert desk.panic.commands.open({"window": "nonsense"})["ok"] is False
    off = make_desk(policy="[panic]\ncli_enabled = false\n")
    assert off.panic.commands.trigger({"cmd": "panic.trigger"}) == {"ok": False, "error": "disabled"}


def test_without_a_running_alert_channel_the_alarm_still_waits_on_disk(qtbot, make_ctx, qapp) -> None:  # type: ignore[no-untyped-def]
    host, services = desk_of(make_ctx(), qapp, hotkeys=FakeHotkeys())
    panic = PanicFeature(host, services, key_probe=FakeKeyProbe())  # type: ignore[arg-type]
    host.add_feature(panic)
    alert = panic.trigger(TriggerKind.TRAY)
    panic.stop()
    with AlertOutbox(host.ctx.paths.outbox_db) as outbox:
        assert [e.id for e in outbox.next_batch()] == [alert.event_id]


def test_panic_adds_no_tooltip_line(make_desk) -> None:  # type: ignore[no-untyped-def]
    desk = make_desk()
    assert desk.panic.status_lines() == [] and not desk.panic.needs_attention()


# -- the tooltip's supervisor-presence line, with a real relay --------------------------------
@pytest.fixture
def enrolled_settings(tmp_path, memory_keyring) -> Iterator[Callable[[str | None], str]]:  # type: ignore[no-untyped-def]
    from assistant.alerts.enrollment import secret_key_name
    from tests.relay.support import enroll_directly, make_relay

    relay = make_relay(tmp_path / "relay")
    agent = enroll_directly(relay.db, relay.files.box(), "A-12", "Li Na")
    memory_keyring.set_password("AgentDeskSafetyAssistant", secret_key_name(agent.id), agent.secret)

    def settings(url: str | None) -> str:
        return f'[relay]\nurl = "{url}"\nagent_id = "{agent.id}"\nseat = "A-12"\nheartbeat_s = 5\n'

    settings.relay = relay  # type: ignore[attr-defined]
    yield settings
    relay.close()


def test_presence_line_says_no_supervisor_and_the_alarm_does_not_change_it(qtbot, make_desk, enrolled_settings) -> None:  # type: ignore[no-untyped-def]
    from tests.relay.support import LiveRelay

    live = LiveRelay(enrolled_settings.relay).start()
    try:
        desk = make_desk(settings=enrolled_settings(live.url))
        qtbot.waitUntil(lambda: desk.alerts.supervisors_online() == 0, timeout=10_000)
        desk.host.refresh()
        tooltip = desk.host.tray.toolTip()
        assert "Connection: no supervisor online" in tooltip
        for word in ("alarm", "panic", "help", "emergency"):
            assert word not in tooltip.lower()
        with qtbot.waitSignal(desk.alerts.delivered, timeout=10_000):
            desk.hotkeys.press()
        desk.host.refresh()
        assert desk.host.tray.toolTip() == tooltip
    finally:
        live.stop()


def test_an_alarm_waiting_for_an_unreachable_relay_does_not_show_in_the_tooltip(qtbot, make_desk, enrolled_settings) -> None:  # type: ignore[no-untyped-def]
    from assistant.alert_channel.channel import LinkStatus
    from tests.relay.support import free_port

    desk = make_desk(settings=enrolled_settings(f"http://127.0.0.1:{free_port()}"))
    qtbot.waitUntil(lambda: desk.alerts.channel.status is LinkStatus.UNREACHABLE, timeout=15_000)
    desk.host.refresh()
    tooltip = desk.host.tray.toolTip()
    with qtbot.waitSignal(desk.panic.raised, timeout=5000):
        desk.hotkeys.press()
    desk.panic.service.send_test()
    assert len(desk.queued()) == 2
    desk.host.refresh()
    assert desk.host.tray.toolTip() == tooltip


def test_im_safe_is_offered_only_while_an_alarm_is_open(make_desk) -> None:  # type: ignore[no-untyped-def]
    desk = make_desk()
    assert not desk.menu_actions()["panic-safe"].isEnabled()  # nothing to call off yet
    desk.panic.trigger(TriggerKind.HOTKEY)
    assert desk.menu_actions()["panic-safe"].isEnabled()


def test_no_break_starts_while_the_agents_alarm_is_open(qtbot, make_desk) -> None:  # type: ignore[no-untyped-def]
    from assistant.breaks import Blocker, Phase
    from tests.ui.test_break_feature import FakeIdle, FakeProbe
    from ui.breaks.feature import BreakFeature

    desk = make_desk(settings="[breaks]\neye_interval_s = 60\neye_duration_s = 5\nnotice_s = 0\n",
                     start=False, idle_source=FakeIdle())
    breaks = BreakFeature(desk.host, desk.services, focus_probe=FakeProbe())
    desk.host.add_feature(breaks)
    for feature in desk.host.features:
        feature.start()
    desk.panic.pins.change("2468", None)
    alert = desk.panic.trigger(TriggerKind.HOTKEY)
    desk.alerts.channel.outbox.mark_delivered([alert.event_id])
    for _ in range(70):
        desk.clock.advance(1)
        breaks.tick()
    status = breaks.scheduler.status()  # type: ignore[union-attr]
    assert breaks.eye_card is None and status.phase is Phase.WAITING
    assert status.blocker is Blocker.ALARM_OPEN
    assert "your alarm is still open" in " ".join(breaks.status_lines())
    assert desk.panic.stand_down("2468") is PinCheck.CANCEL
    for _ in range(5):
        desk.clock.advance(1)
        breaks.tick()
    assert breaks.eye_card is not None  # called off: the break comes now
    breaks.stop()

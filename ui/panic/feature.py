"""The silent alarm in the tray app.

Triggers (each switched on or off by ``[panic]``): the help hotkey (grabbed with XGrabKey /
RegisterHotKey, so the keys never reach the customer-facing app; optionally confirmed by a
double press or a hold), a disguised tray entry, the code word typed anywhere, and
``safety-assistant panic`` over the instance channel. Whatever the trigger, nothing on the
agent's screen changes: no window, notification, sound, focus change, icon or tooltip change.
The alert goes through ``host.alerts`` (outbox first, highest priority).

Afterwards: a supervisor's acknowledgement shows as a small dot on the tray icon for a minute
(``ack_sign``); "I'm safe" calls the alarm off with the PIN (the duress PIN looks the same and
tells the supervisor otherwise); the incident note is attached at the relay; test alarms and
drill reminders keep the procedure practised.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QMenu

from assistant.alerts.outbox import AlertOutbox
from assistant.clock import Clock, SystemClock
from assistant.hotkeys import HotkeyService
from assistant.hotkeys.binding import HotkeyBinding
from assistant.panic.cli import OPEN_COMMAND, STATUS_COMMAND, TRIGGER_COMMAND, PanicWindow
from assistant.panic.code_word import CodeWordError, CodeWordMatcher, needs_input_method
from assistant.panic.code_word_listener import (
    CodeWordListener,
    CodeWordListenerError,
    create_code_word_listener,
)
from assistant.panic.confirm import DOUBLE_WINDOW_S, POLL_INTERVAL_S, HotkeyConfirmer
from assistant.panic.drill import last_of, next_drill_due
from assistant.panic.key_state import (
    KeyStateError,
    KeyStateProbe,
    NullKeyStateProbe,
    create_key_state_probe,
)
from assistant.panic.kinds import AckSign, AuditKind, ConfirmMode, PinCheck, TriggerKind
from assistant.panic.pins import PinStore
from assistant.panic.service import AgentIdentity, PanicService, RaisedAlert
from ui.feature import CheckResult, Feature
from ui.panic.ack_mark import with_ack_mark

if TYPE_CHECKING:
    from ui.tray import TrayHost

logger = logging.getLogger(__name__)

ACK_MARK_MS = 60_000
#: Longest single wait of the drill timer; it re-computes when it wakes.
DRILL_TIMER_MAX_MS = 24 * 3600 * 1000

ListenerFactory = Callable[[CodeWordMatcher, Callable[[], None]], CodeWordListener]


class PanicFeature(Feature):
    """``[panic]``: the hidden help button and everything around it."""

    hotkey_pressed = Signal()  # emitted on the hotkey service's thread
    code_word_heard = Signal()  # emitted on the keyboard listener's thread; carries nothing
    raised = Signal(str)  # event id of an alarm just committed to the outbox (tests, no UI)
    test_sent = Signal(str)
    test_confirmed = Signal(str)
    ack_mark_changed = Signal(bool)

    def __init__(self, host: TrayHost, *, hotkeys: HotkeyService | None = None,
                 key_probe: KeyStateProbe | None = None,
                 listener_factory: ListenerFactory | None = None,
                 clock: Clock | None = None, pin_store: PinStore | None = None) -> None:
        super().__init__(host)
        self.setObjectName("panic")
        self._clock = clock or SystemClock()
        self.pins = pin_store or PinStore.for_paths(host.ctx.paths)
        self._fallback_outbox: AlertOutbox | None = None
        self.service = PanicService(self._send, host.ctx.audit,
                                    lambda: AgentIdentity.from_settings(host.ctx.settings.relay),
                                    self.pins, self._clock)
        settings = self._settings()
        self.confirmer = HotkeyConfirmer(self._confirm_mode(), self._clock, hold_s=settings.hold_s)
        self.hotkey = HotkeyBinding("help", hotkeys)
        self._key_probe = key_probe
        self._listener_factory: ListenerFactory = listener_factory or create_code_word_listener
        self._listener: CodeWordListener | None = None
        self._listening_for = ""
        self.code_word_problem = ""
        self.ack_mark_shown = False
        self._running = False
        self._started_at = self._now()

        self.confirm_timer = QTimer(self)
        self.confirm_timer.setObjectName("panic-confirm-poll")
        self.confirm_timer.setInterval(round(POLL_INTERVAL_S * 1000))
        self.confirm_timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.confirm_timer.timeout.connect(self._poll_confirm)
        self.ack_timer = QTimer(self)
        self.ack_timer.setObjectName("panic-ack-mark")
        self.ack_timer.setSingleShot(True)
        self.ack_timer.setInterval(ACK_MARK_MS)
        self.ack_timer.timeout.connect(self.hide_ack_mark)
        self.drill_timer = QTimer(self)
        self.drill_timer.setObjectName("panic-drill-reminder")
        self.drill_timer.setSingleShot(True)
        self.drill_timer.timeout.connect(self._drill_due)

        queued = Qt.ConnectionType.QueuedConnection
        self.hotkey_pressed.connect(self._on_hotkey_press, queued)
        self.code_word_heard.connect(self._on_code_word, queued)
        host.settings_changed.connect(self.apply_settings)
        alerts = getattr(host, "alerts", None)
        if alerts is not None:
            alerts.acknowledged.connect(self._on_acknowledged)
            alerts.shown.connect(self._on_shown)

    def _settings(self) -> Any:
        return self.host.ctx.settings.panic

    def _confirm_mode(self) -> ConfirmMode:
        try:
            return ConfirmMode(self._settings().confirm)
        except ValueError:
            return ConfirmMode.NONE

    def _now(self) -> dt.datetime:
        return dt.datetime.fromtimestamp(self._clock.wall(), dt.UTC)

    @property
    def enabled(self) -> bool:
        return bool(self._settings().enabled)

    # -- life cycle -------------------------------------------------------------------------
    def start(self) -> None:
        self._running = True
        server = getattr(self.host, "server", None)
        if server is not None:
            server.register(TRIGGER_COMMAND, self._trigger_command)
            server.register(OPEN_COMMAND, self._open_command)
            server.register(STATUS_COMMAND, lambda _c: self.status())
        self._apply_triggers()
        self._schedule_drill()
        logger.info("silent alarm %s: hotkey %s, tray entry %s, code word %s, command %s",
                    "on" if self.enabled else "off",
                    self.hotkey.spec if self.hotkey.bound else "off",
                    "on" if self._tray_entry_on() else "off",
                    "listening" if self.listening else "off",
                    "on" if self._settings().cli_enabled else "off")

    def stop(self) -> None:
        self._running = False
        self.confirm_timer.stop()
        self.drill_timer.stop()
        self.ack_timer.stop()
        self._stop_listener()
        self.hotkey.close()
        if self._key_probe is not None:
            self._key_probe.close()
        if self._fallback_outbox is not None:
            self._fallback_outbox.close()

    def apply_settings(self) -> None:
        settings = self._settings()
        self.confirmer.configure(self._confirm_mode(), settings.hold_s)
        if self._running:
            self._apply_triggers()
            self._schedule_drill()
        if settings.ack_sign != AckSign.TRAY_MARK and self.ack_mark_shown:
            self.hide_ack_mark()

    def _apply_triggers(self) -> None:
        settings = self._settings()
        want_hotkey = settings.hotkey if (settings.enabled and settings.hotkey_enabled) else ""
        if want_hotkey != self.hotkey.spec or (want_hotkey and not self.hotkey.bound
                                               and not self.hotkey.problem):
            self.hotkey.bind(want_hotkey, self.hotkey_pressed.emit,
                             note=f"confirm: {self.confirmer.mode.value}")
        want_word = settings.code_word if (settings.enabled and settings.code_word_enabled) else ""
        if want_word != self._listening_for:
            self._start_listener(want_word)

    # -- sending ----------------------------------------------------------------------------
    def _send(self, kind: str, payload: dict[str, Any], priority: int | None) -> str:
        alerts = getattr(self.host, "alerts", None)
        if alerts is not None:
            return str(alerts.send(kind, payload, priority))
        # No alert channel (it failed to start): the event still waits on disk for it.
        if self._fallback_outbox is None:
            self._fallback_outbox = AlertOutbox(self.host.ctx.paths.outbox_db)
        logger.error("no alert channel: %s kept in the outbox only", kind)
        return self._fallback_outbox.put(kind, payload, priority)

    def trigger(self, trigger: TriggerKind) -> RaisedAlert | None:
        """Raise the alarm. Silent: nothing is shown, nothing on the screen changes."""
        if not self.enabled:
            logger.info("silent alarm is off by policy; %s ignored", trigger.value)
            return None
        alert = self.service.raise_alarm(trigger)
        self._expect_ack()
        self.raised.emit(alert.event_id)
        return alert

    def send_test(self, trigger: TriggerKind = TriggerKind.TRAY, announce: bool = True) -> RaisedAlert | None:
        if not self.enabled:
            return None
        alert = self.service.send_test(trigger)
        self._expect_ack()
        self.test_sent.emit(alert.event_id)
        if announce:
            alerts = getattr(self.host, "alerts", None)
            if alerts is not None and alerts.enrolled():
                self.host.notify(self.tr("Test the alarm"), self.tr(
                    "Test alarm queued for the supervisors. A confirmation appears once a "
                    "supervisor's console has shown it."))
            else:
                self.host.notify(self.tr("Test the alarm"), self.tr(
                    "This computer is not connected to the supervisors' relay yet: the test "
                    "alarm waits on this computer until it is."))
        return alert

    def _expect_ack(self) -> None:
        alerts = getattr(self.host, "alerts", None)
        if alerts is not None:
            alerts.expect_ack()

    # -- hotkey -----------------------------------------------------------------------------
    def _probe(self) -> KeyStateProbe:
        if self._key_probe is None:
            self._key_probe = create_key_state_probe()
        return self._key_probe

    def _on_hotkey_press(self) -> None:
        if self.confirmer.pressed():
            self.confirm_timer.stop()
            self.trigger(TriggerKind.HOTKEY)
            return
        if self.confirmer.watching and not isinstance(self._probe(), NullKeyStateProbe):
            self.confirm_timer.start()
        elif self.confirmer.mode is ConfirmMode.DOUBLE:
            QTimer.singleShot(round(DOUBLE_WINDOW_S * 1000) + 50, self, self.confirmer.expire)

    def _poll_confirm(self) -> None:
        if not self.confirmer.watching:
            self.confirm_timer.stop()
            return
        try:
            down = self._probe().is_down(self.hotkey.key)
        except KeyStateError as exc:
            logger.warning("cannot read the hotkey's state: %s", exc)
            self.confirm_timer.stop()
            self.confirmer.expire()
            return
        if self.confirmer.poll(down):
            self.confirm_timer.stop()
            self.trigger(TriggerKind.HOTKEY)
        elif not self.confirmer.watching:
            self.confirm_timer.stop()

    # -- code word --------------------------------------------------------------------------
    @property
    def listening(self) -> bool:
        return self._listener is not None and self._listener.running

    def _start_listener(self, code_word: str) -> None:
        self._stop_listener()
        self._listening_for = code_word
        self.code_word_problem = ""
        if not code_word:
            return
        try:
            matcher = CodeWordMatcher(code_word)
        except CodeWordError as exc:
            self.code_word_problem = str(exc)
            logger.warning("code word not used: %s", exc)
            return
        listener = self._listener_factory(matcher, self.code_word_heard.emit)
        try:
            listener.start()
        except CodeWordListenerError as exc:
            self.code_word_problem = str(exc)
            logger.warning("code word listener unavailable: %s", exc)
            return
        self._listener = listener
        logger.info("code word listener on (%s)", listener.name)

    def _stop_listener(self) -> None:
        listener, self._listener = self._listener, None
        self._listening_for = ""
        if listener is not None:
            listener.stop()

    def _on_code_word(self) -> None:
        if QApplication.activeWindow() is not None:
            # Typed into one of this app's own windows (an incident note, the settings),
            # not into the conversation with the customer.
            logger.info("code word typed into the Safety Assistant's own window: ignored")
            return
        self.trigger(TriggerKind.CODE_WORD)

    # -- acknowledgement and test confirmation ---------------------------------------------
    def _on_acknowledged(self, event_id: str) -> None:
        alert = self.service.acknowledged(event_id)
        if alert is None:
            return
        logger.info("alarm %s acknowledged by a supervisor", event_id)
        if self._settings().ack_sign == AckSign.TRAY_MARK:
            self.show_ack_mark()

    def show_ack_mark(self) -> None:
        self.ack_mark_shown = True
        self.host.set_icon_decorator(with_ack_mark)
        self.ack_timer.start()
        self.ack_mark_changed.emit(True)

    def hide_ack_mark(self) -> None:
        self.ack_timer.stop()
        if self.ack_mark_shown:
            self.ack_mark_shown = False
            self.host.set_icon_decorator(None)
            self.ack_mark_changed.emit(False)

    def _on_shown(self, event_id: str) -> None:
        alert = self.service.shown(event_id)
        if alert is None:
            return  # a real alarm shown: the agent's screen stays as it is
        self.host.notify(self.tr("Test the alarm"),
                         self.tr("The test alarm reached a supervisor."))
        self.test_confirmed.emit(event_id)
        self._schedule_drill()

    # -- drills -----------------------------------------------------------------------------
    def _schedule_drill(self, minimum_ms: int = 0) -> None:
        self.drill_timer.stop()
        every = int(self._settings().test_every_days)
        if not self._running or not self.enabled or every <= 0:
            return
        events = self.host.ctx.audit.query(kinds=[AuditKind.TEST_CONFIRMED,
                                                  AuditKind.TEST_REMINDED])
        due = next_drill_due(every, last_of(events, AuditKind.TEST_CONFIRMED),
                             last_of(events, AuditKind.TEST_REMINDED), self._started_at)
        if due is None:
            return
        wait_ms = max(minimum_ms, round((due - self._now()).total_seconds() * 1000))
        self.drill_timer.start(min(wait_ms, DRILL_TIMER_MAX_MS))
        logger.info("next alarm drill reminder at %s", due.isoformat(timespec="minutes"))

    def _drill_due(self) -> None:
        every = int(self._settings().test_every_days)
        events = self.host.ctx.audit.query(kinds=[AuditKind.TEST_CONFIRMED,
                                                  AuditKind.TEST_REMINDED])
        due = next_drill_due(every, last_of(events, AuditKind.TEST_CONFIRMED),
                             last_of(events, AuditKind.TEST_REMINDED), self._started_at)
        if due is not None and due <= self._now() + dt.timedelta(seconds=1):
            self.host.ctx.audit.record(AuditKind.TEST_REMINDED, every_days=every)
            self.host.notify(self.tr("Time for an alarm drill"), self.tr(
                "Practise the silent alarm: choose “Test the alarm” in the Safety Assistant "
                "menu. It checks that a supervisor receives your alarm."))
        self._schedule_drill(minimum_ms=60_000)  # never a reminder loop, whatever the clocks say

    # -- standing down, PINs, notes ---------------------------------------------------------
    def stand_down(self, pin: str) -> PinCheck:
        result = self.service.stand_down(pin)
        if result in (PinCheck.CANCEL, PinCheck.DURESS):
            self.hide_ack_mark()
            # The same words for both PINs.
            # Queued like the alarm: the supervisors learn it when the relay takes it.
            self.host.notify(self.tr("I'm safe"), self.tr(
                "Calling the alarm off: the supervisors are told as soon as the relay can be "
                "reached."))
        return result

    def _pin_saved(self) -> None:
        self.host.ctx.audit.record(AuditKind.PIN_SET)

    def attach_note(self, text: str, alert_event_id: str) -> str:
        event_id = self.service.attach_note(text, alert_event_id)
        self.host.notify(self.tr("Incident note"),
                         self.tr("The incident note is queued for the supervisors; it is sent as soon as the relay can be reached."))
        return event_id

    def open_window(self, window: PanicWindow) -> None:
        if window is PanicWindow.SAFE:
            from ui.panic.safe_dialog import SafeDialog

            self.host.show_once("panic-safe", lambda: SafeDialog(self.stand_down))
        elif window is PanicWindow.SET_PIN:
            from ui.panic.set_pin_dialog import SetPinDialog

            self.host.show_once("panic-set-pin", lambda: SetPinDialog(self.pins,
                                                                      on_saved=self._pin_saved))
        elif window is PanicWindow.NOTE:
            from ui.panic.note_dialog import IncidentNoteDialog

            self.host.show_once("panic-note", lambda: IncidentNoteDialog(
                self.service.recent_alarms(), self.attach_note))

    # -- instance channel -------------------------------------------------------------------
    def _trigger_command(self, command: dict[str, Any]) -> dict[str, Any]:
        settings = self._settings()
        if not (settings.enabled and settings.cli_enabled):
            return {"ok": False, "error": "disabled"}
        alert = (self.send_test(TriggerKind.CLI, announce=False) if command.get("test")
                 else self.trigger(TriggerKind.CLI))
        return {"ok": alert is not None, "event_id": alert.event_id if alert else None}

    def _open_command(self, command: dict[str, Any]) -> dict[str, Any]:
        try:
            window = PanicWindow(str(command.get("window", "")))
        except ValueError:
            return {"ok": False, "error": "unknown window"}
        if not self.enabled:
            return {"ok": False, "error": "disabled"}
        QTimer.singleShot(0, self, lambda: self.open_window(window))
        return {"ok": True}

    def status(self) -> dict[str, Any]:
        """For ``panic.status`` and tests; never the code word or anything typed."""
        return {
            "ok": True,
            "enabled": self.enabled,
            "hotkey": self.hotkey.spec if self.hotkey.bound else "",
            "hotkey_service": self.hotkey.service_name,
            "confirm": self.confirmer.mode.value,
            "code_word_listener": self._listener.name if self.listening and self._listener else "",
            "ack_mark": self.ack_mark_shown,
            "open_alarms": len(self.service.open_alerts()),
            "drill_timer_ms": self.drill_timer.remainingTime() if self.drill_timer.isActive() else -1,
        }

    # -- tray -------------------------------------------------------------------------------
    def _tray_entry_on(self) -> bool:
        settings = self._settings()
        return bool(settings.enabled and settings.tray_entry_enabled)

    def tray_label(self) -> str:
        return str(self._settings().tray_label).strip() or self.tr("Check for updates")

    def add_menu_entries(self, menu: QMenu) -> None:
        if not self.enabled:
            return
        if self._tray_entry_on():
            disguised = menu.addAction(self.tray_label())
            disguised.setObjectName("panic-tray-trigger")
            disguised.triggered.connect(lambda: self.trigger(TriggerKind.TRAY))
        sub = menu.addMenu(self.tr("Safety"))
        sub.setObjectName("panic-menu")
        entries = [
            ("panic-safe", self.tr("I'm safe…"), lambda: self.open_window(PanicWindow.SAFE)),
            ("panic-test", self.tr("Test the alarm"), lambda: self.send_test(TriggerKind.TRAY)),
            ("panic-note", self.tr("Incident note…"), lambda: self.open_window(PanicWindow.NOTE)),
            ("panic-set-pin", self.tr("Set PIN…"), lambda: self.open_window(PanicWindow.SET_PIN)),
        ]
        for name, text, slot in entries:
            action = sub.addAction(text)
            action.setObjectName(name)
            action.triggered.connect(slot)
            if name == "panic-safe":  # nothing to call off while no alarm is open
                action.setEnabled(bool(self.service.open_alerts()))

    # -- self-test --------------------------------------------------------------------------
    def self_test(self) -> list[CheckResult]:
        settings = self._settings()
        if not settings.enabled:
            return [CheckResult("panic", True, "silent alarm switched off by policy", essential=False)]
        results = []
        if settings.hotkey_enabled:
            if self.hotkey.bound:
                results.append(CheckResult("panic-hotkey", True, self.hotkey.describe(),
                                           essential=False))
            else:
                results.append(CheckResult("panic-hotkey", False,
                                           self.hotkey.problem or "not registered", essential=False))
            mode = self._confirm_mode()
            if mode is not ConfirmMode.NONE:
                probe = self._probe()
                if isinstance(probe, NullKeyStateProbe):
                    ok = mode is ConfirmMode.DOUBLE
                    detail = f"{mode.value}: no key-state probe ({probe.reason})" + (
                        "; double presses come from the hotkey service" if ok else
                        "; a hold cannot be confirmed — use confirm = \"double\"")
                    results.append(CheckResult("panic-confirm", ok, detail, essential=False))
                else:
                    results.append(CheckResult("panic-confirm", True,
                                               f"{mode.value} via {probe.name}", essential=False))
        if settings.code_word_enabled:
            if self.listening and self._listener is not None:
                detail = f"listening via {self._listener.name}"
                if needs_input_method(settings.code_word):
                    detail += ("; the code word has characters an input method composes: "
                               "configure the keys typed (e.g. its pinyin) instead")
                results.append(CheckResult("panic-code-word", not needs_input_method(
                    settings.code_word), detail, essential=False))
            else:
                results.append(CheckResult("panic-code-word", False,
                                           self.code_word_problem or "not listening",
                                           essential=False))
        results.append(CheckResult(
            "panic-pin", self.pins.is_set(),
            "PIN set" if self.pins.is_set() else "no PIN set: “I'm safe” cannot call an alarm "
            "off (Set PIN… or safety-assistant panic --set-pin)", essential=False))
        return results

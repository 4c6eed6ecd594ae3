"""The silent alarm in the tray app.

Triggers (each switched on or off by ``[panic]``): the help hotkey (grabbed with XGrabKey /
RegisterHotKey, so the keys never reach the customer-facing app; optionally confirmed by a
double press or a hold), a disguised tray entry, the code word typed anywhere, and
``safety-assistant panic`` over the instance channel. Whatever the trigger, nothing on the
agent's screen changes: no window, notification, sound, focus change, icon or tooltip change.
The alert goes through ``services.alerts`` (outbox first, highest priority).

Afterwards: a supervisor's acknowledgement shows as a small dot on the tray icon for a minute
(``ack_sign``); "I'm safe" calls the alarm off with the PIN (the duress PIN looks the same and
tells the supervisor otherwise); the incident note is attached at the relay; test alarms and
drill reminders keep the procedure practised.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QMenu

from assistant.capability import Capability
from assistant.hotkeys.binding import HotkeyBinding
from assistant.panic.acknowledgement import AcknowledgementMark
from assistant.panic.cli import PanicWindow
from assistant.panic.code_word_watch import CodeWordWatch, ListenerFactory
from assistant.panic.commands import PanicCommands
from assistant.panic.confirm import DOUBLE_WINDOW_S, POLL_INTERVAL_S, HotkeyConfirmer
from assistant.panic.drill import AFTER_WAKE_MIN_WAIT_S, DrillReminder
from assistant.panic.key_state import (
    KeyStateError,
    KeyStateProbe,
    NullKeyStateProbe,
    create_key_state_probe,
)
from assistant.panic.kinds import AuditKind, ConfirmMode, PinCheck, TriggerKind
from assistant.panic.pins import PinStore
from assistant.panic.readiness import panic_checks
from assistant.panic.service import AgentIdentity, PanicService, RaisedAlert
from ui.feature import CheckResult, Feature, MenuPlace
from ui.panic.ack_mark import with_ack_mark

if TYPE_CHECKING:
    from ui.services import Services
    from ui.tray import TrayHost

logger = logging.getLogger(__name__)


class PanicFeature(Feature):
    """``[panic]``: the hidden help button and everything around it."""

    hotkey_pressed = Signal()  # emitted on the hotkey service's thread
    code_word_heard = Signal()  # emitted on the keyboard listener's thread; carries nothing
    raised = Signal(str)  # event id of an alarm just committed to the outbox (tests, no UI)
    test_sent = Signal(str)
    test_confirmed = Signal(str)
    ack_mark_changed = Signal(bool)
    menu_place = MenuPlace.SAFETY

    def __init__(self, host: TrayHost, services: Services, *,
                 key_probe: KeyStateProbe | None = None,
                 listener_factory: ListenerFactory | None = None,
                 pin_store: PinStore | None = None) -> None:
        super().__init__(host, services)
        self.setObjectName("panic")
        self._clock = services.clock
        self.alerts = services.alerts
        self.pins = pin_store or PinStore.for_paths(services.settings.paths)
        self.service = PanicService(self.alerts.send, services.audit,
                                    lambda: AgentIdentity.from_settings(services.settings.current.relay),
                                    self.pins, self._clock)
        settings = self._settings()
        self.confirmer = HotkeyConfirmer(self._confirm_mode(), self._clock, hold_s=settings.hold_s)
        self.hotkey = HotkeyBinding("help", factory=services.hotkeys)
        self._key_probe = key_probe
        self.code_word = CodeWordWatch(self.code_word_heard.emit, listener_factory,
                                       self._tell_permission_missing)
        self.ack_mark = AcknowledgementMark(self._clock)
        self.drills = DrillReminder(services.audit, self._clock)
        self._running = False
        self.commands = PanicCommands(
            self._settings, self.trigger,
            lambda trigger: self.send_test(trigger, announce=False),  # a pedal's test: no notice
            lambda window: QTimer.singleShot(0, self, lambda: self.open_window(window)),
            self.status)

        self.confirm_timer = QTimer(self)
        self.confirm_timer.setObjectName("panic-confirm-poll")
        self.confirm_timer.setInterval(round(POLL_INTERVAL_S * 1000))
        self.confirm_timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.confirm_timer.timeout.connect(self._poll_confirm)
        self.ack_timer = QTimer(self)
        self.ack_timer.setObjectName("panic-ack-mark")
        self.ack_timer.setSingleShot(True)
        self.ack_timer.timeout.connect(self._ack_mark_expired)
        self.drill_timer = QTimer(self)
        self.drill_timer.setObjectName("panic-drill-reminder")
        self.drill_timer.setSingleShot(True)
        self.drill_timer.timeout.connect(self._drill_due)

        queued = Qt.ConnectionType.QueuedConnection
        self.hotkey_pressed.connect(self._on_hotkey_press, queued)
        self.code_word_heard.connect(self._on_code_word, queued)
        services.settings.changed.connect(self.apply_settings)
        self.alerts.acknowledged.connect(self._on_acknowledged)
        self.alerts.shown.connect(self._on_shown)

    def _settings(self) -> Any:
        return self.services.settings.current.panic

    def _confirm_mode(self) -> ConfirmMode:
        try:
            return ConfirmMode(self._settings().confirm)
        except ValueError:
            return ConfirmMode.NONE

    @property
    def enabled(self) -> bool:
        return bool(self._settings().enabled)

    # -- life cycle -------------------------------------------------------------------------
    def start(self) -> None:
        self._running = True
        for name, handler in self.commands.handlers().items():
            self.services.commands.register(name, handler)
        self._apply_triggers()
        self._schedule_drill()
        logger.info("silent alarm %s: hotkey %s, tray entry %s, code word %s, command %s",
                    "on" if self.enabled else "off",
                    self.hotkey.spec if self.hotkey.bound else "off",
                    "on" if self._tray_entry_on() else "off",
                    "listening" if self.code_word.listening else "off",
                    "on" if self._settings().cli_enabled else "off")

    def stop(self) -> None:
        self._running = False
        self.confirm_timer.stop()
        self.drill_timer.stop()
        self.ack_timer.stop()
        self.code_word.stop()
        self.hotkey.close()
        if self._key_probe is not None:
            self._key_probe.close()

    def apply_settings(self) -> None:
        settings = self._settings()
        self.confirmer.configure(self._confirm_mode(), settings.hold_s)
        if self._running:
            self._apply_triggers()
            self._schedule_drill()
        if self.ack_mark.policy_changed(settings.ack_sign):
            self._show_ack_mark(False)

    def _apply_triggers(self) -> None:
        settings = self._settings()
        want_hotkey = settings.hotkey if (settings.enabled and settings.hotkey_enabled) else ""
        if want_hotkey != self.hotkey.spec or (want_hotkey and not self.hotkey.bound
                                               and not self.hotkey.problem):
            self.hotkey.bind(want_hotkey, self.hotkey_pressed.emit,
                             note=f"confirm: {self.confirmer.mode.value}")
        self.code_word.want(settings.code_word if (settings.enabled and settings.code_word_enabled)
                            else "")

    # -- sending ----------------------------------------------------------------------------
    def trigger(self, trigger: TriggerKind) -> RaisedAlert | None:
        """Raise the alarm. Silent: nothing is shown, nothing on the screen changes."""
        if not self.enabled:
            logger.info("silent alarm is off by policy; %s ignored", trigger.value)
            return None
        alert = self.service.raise_alarm(trigger)
        self.alerts.expect_ack()
        self.raised.emit(alert.event_id)
        return alert

    def send_test(self, trigger: TriggerKind = TriggerKind.TRAY, announce: bool = True) -> RaisedAlert | None:
        if not self.enabled:
            return None
        alert = self.service.send_test(trigger)
        self.alerts.expect_ack()
        self.test_sent.emit(alert.event_id)
        if announce:
            if self.alerts.enrolled():
                self.host.notify(self.tr("Test the alarm"), self.tr(
                    "Test alarm queued for the supervisors. A confirmation appears once a "
                    "supervisor's console has shown it."))
            else:
                self.host.notify(self.tr("Test the alarm"), self.tr(
                    "This computer is not connected to the supervisors' relay yet: the test "
                    "alarm waits on this computer until it is."))
        return alert

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

    # -- code word (``self.code_word`` listens) ----------------------------------------------
    def _tell_permission_missing(self, permission: str) -> None:
        self.host.notify(
            self.tr("The code word needs a permission"),
            self.tr("To hear the code word, allow Safety Assistant in System Settings › "
                    "Privacy & Security › %1, then restart it. The hotkey and the menu "
                    "entry work without it.").replace("%1", permission))

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
        if self.ack_mark.acknowledged(self._settings().ack_sign):
            self._show_ack_mark(True)

    @property
    def ack_mark_shown(self) -> bool:
        return self.ack_mark.shown

    def _show_ack_mark(self, shown: bool) -> None:
        """Draw the mark on the icon (or take it away) as ``ack_mark`` says."""
        if shown:
            self.ack_timer.start(max(1, round(self.ack_mark.remaining_s() * 1000)))
        else:
            self.ack_timer.stop()
        self.host.set_icon_decorator(with_ack_mark if shown else None)
        self.ack_mark_changed.emit(shown)

    def _ack_mark_expired(self) -> None:
        if self.ack_mark.expire():
            self._show_ack_mark(False)
        elif self.ack_mark.shown:  # woke a little early
            self.ack_timer.start(max(1, round(self.ack_mark.remaining_s() * 1000)))

    def _on_shown(self, event_id: str) -> None:
        alert = self.service.shown(event_id)
        if alert is None:
            return  # a real alarm shown: the agent's screen stays as it is
        self.host.notify(self.tr("Test the alarm"),
                         self.tr("The test alarm reached a supervisor."))
        self.test_confirmed.emit(event_id)
        self._schedule_drill()

    # -- drills -----------------------------------------------------------------------------
    def _schedule_drill(self, minimum_s: float = 0.0) -> None:
        self.drill_timer.stop()
        every = int(self._settings().test_every_days)
        if not self._running or not self.enabled:
            return
        wait_s = self.drills.wait_s(every, minimum_s)
        if wait_s is None:
            return
        self.drill_timer.start(round(wait_s * 1000))
        logger.info("next alarm drill reminder in %.0f min", wait_s / 60)

    def _drill_due(self) -> None:
        if self.drills.wake(int(self._settings().test_every_days)):
            self.host.notify(self.tr("Time for an alarm drill"), self.tr(
                "Practise the silent alarm: choose “Test the alarm” in the Safety Assistant "
                "menu. It checks that a supervisor receives your alarm."))
        self._schedule_drill(minimum_s=AFTER_WAKE_MIN_WAIT_S)

    # -- standing down, PINs, notes ---------------------------------------------------------
    def stand_down(self, pin: str) -> PinCheck:
        result = self.service.stand_down(pin)
        if result in (PinCheck.CANCEL, PinCheck.DURESS) and self.ack_mark.hide():
            self._show_ack_mark(False)
        if result in (PinCheck.CANCEL, PinCheck.DURESS):
            # The same words for both PINs.
            # Queued like the alarm: the supervisors learn it when the relay takes it.
            self.host.notify(self.tr("I'm safe"), self.tr(
                "Calling the alarm off: the supervisors are told as soon as the relay can be "
                "reached."))
        return result

    def _pin_saved(self) -> None:
        self.services.audit.record(AuditKind.PIN_SET)

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

    # -- instance channel (the commands are ``self.commands``) -------------------------------
    def status(self) -> dict[str, Any]:
        """For ``panic.status`` and tests; never the code word or anything typed."""
        return {
            "ok": True,
            "enabled": self.enabled,
            "hotkey": self.hotkey.spec if self.hotkey.bound else "",
            "hotkey_service": self.hotkey.service_name,
            "confirm": self.confirmer.mode.value,
            "code_word_listener": self.code_word.listener_name,
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
    def capabilities(self) -> dict[str, Capability]:
        found = {self.tr("Help hotkey"): self.hotkey.capability}
        if self.code_word.code_word:
            found[self.tr("Code word")] = self.code_word.capability
        return found

    def self_test(self) -> list[CheckResult]:
        return panic_checks(self._settings(), self.hotkey, self._confirm_mode(), self._probe,
                            self.code_word, self.pins)

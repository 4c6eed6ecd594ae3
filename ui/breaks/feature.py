"""The breaks feature in the tray: runs the ``BreakScheduler`` and shows what it asks for."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from assistant.breaks import (
    Action,
    Blocker,
    BreakConfig,
    BreakEnded,
    BreakKind,
    BreakScheduler,
    GiveNotice,
    OnCallEnded,
    Phase,
    StartBreak,
    TickResult,
    Waiting,
)
from assistant.focus import Busy, FocusProbe, NullFocusProbe, create_focus_probe
from assistant.idle import is_null
from ui.breaks.eye_card import EyeBreakCard
from ui.breaks.rest_overlay import RestOverlaySet
from ui.breaks.stretches import stretch_for
from ui.breaks.texts import blocker_text, duration_text, kind_name
from ui.feature import CheckResult, Feature, MenuPlace

if TYPE_CHECKING:
    from ui.services import Services
    from ui.tray import TrayHost

logger = logging.getLogger(__name__)

MIN_TIMER_MS = 50
BUSY_TO_BLOCKER = {Busy.FULLSCREEN: Blocker.FULLSCREEN, Busy.DO_NOT_DISTURB: Blocker.DO_NOT_DISTURB}


class BreakFeature(Feature):
    """Eye and rest breaks on active time, "On a call", "Take a break now", 4-7-8 breathing."""

    menu_place = MenuPlace.BREAKS

    def __init__(self, host: TrayHost, services: Services,
                 focus_probe: FocusProbe | None = None) -> None:
        super().__init__(host, services)
        self.clock = services.clock
        self.focus_probe = focus_probe
        self._idle_missing_logged = False
        self.scheduler: BreakScheduler | None = None
        self.eye_card: EyeBreakCard | None = None
        self.rest_overlays: RestOverlaySet | None = None
        self._stretch_index = 0
        self._timer = QTimer(self)
        self._timer.setObjectName("break-scheduler")
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.tick)

    # -- life ---------------------------------------------------------------------------
    def start(self) -> None:
        if self.focus_probe is None:
            self.focus_probe = create_focus_probe()
        self.scheduler = BreakScheduler(self._config(), self.clock, self._idle_seconds,
                                        blocker=self._blocker, record=self.services.audit.record)
        session = self.services.session
        session.locked.connect(lambda _backend: self._apply(self._scheduler().on_locked()))
        session.unlocked.connect(lambda: self._apply(self._scheduler().on_unlocked()))
        session.resumed.connect(lambda gap: self._apply(self._scheduler().on_resumed(float(gap))))
        session.idle_changed.connect(self._on_idle_changed)
        self.services.settings.changed.connect(self._on_settings_changed)
        logger.info("breaks started (focus probe %s, idle source %s)", self.focus_probe.name,
                    self.services.idle_source.name)
        self.tick()

    def stop(self) -> None:
        self._timer.stop()
        self._close_break_windows()
        if self.focus_probe is not None:
            self.focus_probe.close()

    def _idle_seconds(self) -> float:
        source = self.services.idle_source
        if is_null(source) and not self._idle_missing_logged:
            logger.warning("no idle source: all time counts as active for breaks")
            self._idle_missing_logged = True
        return float(source.idle_seconds())

    def _blocker(self) -> Blocker | None:
        if self._own_alarm_open():
            return Blocker.ALARM_OPEN
        probe = self.focus_probe
        busy = probe.busy() if probe is not None else None
        return BUSY_TO_BLOCKER.get(busy) if busy is not None else None

    def _own_alarm_open(self) -> bool:
        """Whether a real (not test) silent alarm of this agent is still open: a break card
        must not pop up while the agent is in danger or waiting for help."""
        for feature in self.host.features:
            open_alerts = getattr(getattr(feature, "service", None), "open_alerts", None)
            if not callable(open_alerts):
                continue
            try:
                if any(not getattr(alert, "test", False) for alert in open_alerts()):
                    return True
            except Exception:
                logger.exception("could not ask the panic service for open alarms")
        return False

    def _config(self) -> BreakConfig:
        return BreakConfig.from_settings(self.services.settings.current.breaks)

    def _scheduler(self) -> BreakScheduler:
        assert self.scheduler is not None, "the breaks feature has not started"
        return self.scheduler

    # -- the loop -----------------------------------------------------------------------
    def tick(self) -> None:
        if self.scheduler is not None:
            self._apply(self.scheduler.tick())

    def _apply(self, result: TickResult) -> None:
        for action in result.actions:
            try:
                self._do(action)
            except Exception:
                logger.exception("break action %s failed", action)
        if result.next_check_s is None:
            self._timer.stop()
        else:
            self._timer.start(max(MIN_TIMER_MS, int(result.next_check_s * 1000)))
        if result.actions:  # the tooltip refreshes itself; tell the host only about changes
            self.changed.emit()
        self._report_presence()

    def _report_presence(self) -> None:
        """Tell the supervisors' floor list when the agent is on a call or on a break."""
        alerts = self.services.alerts
        scheduler = self.scheduler
        if scheduler is None:
            return
        if scheduler.on_call:
            hint: str | None = "on_call"
        elif scheduler.phase is Phase.ON_BREAK:
            hint = "on_break"
        else:
            hint = None
        alerts.set_state_hint(hint)

    def _do(self, action: Action) -> None:
        if isinstance(action, GiveNotice):
            self._notice(action)
        elif isinstance(action, StartBreak):
            self._show_break(action)
        elif isinstance(action, BreakEnded):
            self._close_break_windows()
        elif isinstance(action, Waiting):
            pass  # the scheduler logged it; the tray line says why (status_lines)
        elif isinstance(action, OnCallEnded):
            self.host.notify(self.tr("Safety Assistant"),
                             self.tr("\"On a call\" has switched itself off. Breaks are back on."))

    def _notice(self, action: GiveNotice) -> None:
        logger.info("notice: %s break in %.0f s", action.kind.value, action.seconds_ahead)
        if action.kind is BreakKind.EYE:
            text = self.tr("Eye break in %1: look at something 6 m away.")
        else:
            text = self.tr("%2 in %1: finish what you are doing.").replace("%2", kind_name(action.kind).capitalize())
        self.host.notify(self.tr("Break coming up"), text.replace("%1", duration_text(action.seconds_ahead)))

    def _show_break(self, action: StartBreak) -> None:
        self._close_break_windows()
        if action.kind is BreakKind.EYE:
            card = EyeBreakCard(action.duration_s, interval_s=self._scheduler().config.interval(BreakKind.EYE))
            card.finished.connect(self._on_card_finished)
            self.eye_card = card
            card.show()
            logger.info("eye-break card shown")
            return
        stretch = stretch_for(self._stretch_index)
        self._stretch_index += 1
        config = self._scheduler().config
        overlays = RestOverlaySet(action.kind, action.duration_s, config.postpone_s, action.postpones_left,
                                  action.can_skip, stretch, self, work_s=config.interval(action.kind),
                                  manual=action.manual)
        overlays.finished.connect(self.tick)
        overlays.postpone_requested.connect(lambda: self._apply(self._scheduler().postpone()))
        overlays.skip_requested.connect(lambda: self._apply(self._scheduler().skip()))
        self.rest_overlays = overlays
        overlays.show()

    def _on_card_finished(self) -> None:
        self.eye_card = None
        QTimer.singleShot(0, self, self.tick)  # the scheduler ends the break on its own time

    def _close_break_windows(self) -> None:
        card, self.eye_card = self.eye_card, None
        if card is not None:
            try:
                card.finished.disconnect(self._on_card_finished)
                card.close()
            except RuntimeError:  # already deleted
                pass
        overlays, self.rest_overlays = self.rest_overlays, None
        if overlays is not None:
            overlays.close()
            overlays.deleteLater()

    def _on_idle_changed(self, idle: bool) -> None:
        if not idle:
            self.tick()  # back at the keyboard: count from now, not from the next poll

    def _on_settings_changed(self) -> None:
        if self.scheduler is not None:
            self._apply(self.scheduler.reconfigure(self._config()))

    # -- tray ---------------------------------------------------------------------------
    def take_break_now(self) -> None:
        self._apply(self._scheduler().take_break_now())

    def set_on_call(self, on: bool) -> None:
        self._apply(self._scheduler().set_on_call(on))

    def show_breathing(self) -> None:
        from ui.breaks.breathing_window import BreathingWindow

        self.host.show_once("breathing", BreathingWindow)

    def add_menu_entries(self, menu: QMenu) -> None:
        for line in self.status_lines():
            info = menu.addAction(line)
            info.setEnabled(False)
        scheduler = self.scheduler
        if scheduler is not None and scheduler.phase is not Phase.OFF:
            take = menu.addAction(self.tr("Take a break now"))
            take.setEnabled(scheduler.phase is not Phase.ON_BREAK)
            take.triggered.connect(self.take_break_now)
            on_call = QAction(self.tr("On a call"), menu)
            on_call.setCheckable(True)
            on_call.setChecked(scheduler.on_call)
            on_call.toggled.connect(self.set_on_call)
            menu.addAction(on_call)
        calm = menu.addAction(self.tr("Calm down (breathing)"))
        calm.triggered.connect(self.show_breathing)

    def status_lines(self) -> list[str]:
        if self.scheduler is None:
            return []
        status = self.scheduler.status()
        today = status.today
        if status.phase is Phase.OFF:
            first = self.tr("Breaks: off")
        elif status.phase is Phase.ON_BREAK and status.pending is not None:
            first = self.tr("%1 now, %2 left").replace("%1", kind_name(status.pending).capitalize()).replace(
                "%2", duration_text(status.break_remaining_s or 0))
        elif status.phase is Phase.WAITING and status.pending is not None:
            first = self.tr("%1 waiting: %2").replace("%1", kind_name(status.pending).capitalize()).replace(
                "%2", blocker_text(status.blocker))
        elif status.next_kind is not None and status.next_in_s is not None:
            first = self.tr("Next %1 in %2 of work").replace("%1", kind_name(status.next_kind)).replace(
                "%2", duration_text(status.next_in_s))
        else:
            first = self.tr("Breaks: on")
        if status.on_call_remaining_s is not None:
            first += " · " + self.tr("on a call (ends by itself in %1)").replace(
                "%1", duration_text(status.on_call_remaining_s))
        second = self.tr("Today: %1 active · breaks %2 taken, %3 postponed, %4 skipped").replace(
            "%1", duration_text(today.active_s)).replace("%2", str(today.taken)).replace(
            "%3", str(today.postponed)).replace("%4", str(today.skipped))
        return [first, second]

    def self_test(self) -> list[CheckResult]:
        probe = self.focus_probe or create_focus_probe()
        if isinstance(probe, NullFocusProbe):
            focus = CheckResult("breaks-focus", False, f"no full-screen/do-not-disturb probe: {probe.capability.describe()}",
                                essential=False)
        else:
            focus = CheckResult("breaks-focus", True, f"{probe.name}: {probe.busy() or 'not busy'}",
                                essential=False)
        source = self.services.idle_source
        if is_null(source):
            idle = CheckResult("breaks-idle", False, "no idle source: breaks count all time as active",
                               essential=False)
        else:
            idle = CheckResult("breaks-idle", True, f"{source.name}: idle "
                               f"{float(source.idle_seconds()):.0f} s", essential=False)
        return [focus, idle]

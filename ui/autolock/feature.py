"""The auto-lock in the tray app: one timer drives the state machine; its events become a
countdown, a lock attempt (through the shared ``services.locker``, off the GUI thread), the
privacy curtain, audit events and the session signals (``services.session``).

It reads the shared ``services.idle_source``, as the breaks do, and takes the locker's
"lock at once" requests (the tray entry, the hotkey, the self-check's "Lock and go").
"""

from __future__ import annotations

import logging
import math
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QMenu

from assistant.autolock import AutoLockEvent, AutoLockMachine, EventKind, IdleLockPolicy, LockState
from assistant.capability import Capability
from assistant.hotkeys.binding import HotkeyBinding
from assistant.idle import NullIdleSource
from assistant.locking import LockOutcome
from assistant.platform_flags import IS_WINDOWS
from ui.autolock.curtain import PrivacyCurtain
from ui.autolock.session_events import WindowsSessionEvents
from ui.autolock.warning import LockWarning
from ui.feature import CheckResult, Feature, MenuPlace

if TYPE_CHECKING:
    from ui.services import Services
    from ui.tray import TrayHost

logger = logging.getLogger(__name__)


class AutoLockFeature(Feature):
    hotkey_pressed = Signal()  # emitted on the hotkey service's thread
    menu_place = MenuPlace.LOCK

    def __init__(self, host: TrayHost, services: Services) -> None:
        super().__init__(host, services)
        self.setObjectName("autolock")
        self.idle_source = services.idle_source
        self.locker = services.locker
        self.hotkey = HotkeyBinding("lock-now", factory=services.hotkeys)
        self.machine = AutoLockMachine(IdleLockPolicy.from_settings(self._settings()),
                                       self.idle_source, services.clock, self.locker.probe)
        self.machine.events.connect(self._on_event)
        self.timer = QTimer(self)
        self.timer.setObjectName("autolock-check")
        self.timer.setSingleShot(True)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.timeout.connect(self.tick)
        self.warning: LockWarning | None = None
        self.curtain = PrivacyCurtain(self)
        self.last_outcome: LockOutcome | None = None
        self._running = False
        self.locker.finished.connect(self._on_lock_finished)
        self.locker.handle_lock_now(self.lock_now)
        self.hotkey_pressed.connect(self.lock_now)
        services.settings.changed.connect(self.apply_settings)
        # Windows pushes lock/unlock (Win+L, the lock screen's timer); elsewhere the probe polls.
        self.session_events: WindowsSessionEvents | None = None
        if IS_WINDOWS or services.session_event_bindings is not None:
            self.session_events = WindowsSessionEvents(self._note_external_lock,
                                                       self._note_external_unlock,
                                                       services.session_event_bindings, self)

    def _settings(self) -> Any:
        return self.services.settings.current.autolock

    # -- life cycle -----------------------------------------------------------------------
    def start(self) -> None:
        self._running = True
        self._bind_hotkey()
        if self.session_events is not None:
            self.session_events.start()
        commands = self.services.commands
        commands.register("autolock.lock", lambda _c: {"ok": self._lock_from_command()})
        commands.register("autolock.status", lambda _c: self.status())
        logger.info("auto-lock started: idle source %s, lock via %s, timeout %.0f s, warning %.0f s",
                    self.idle_source.name, self.locker.describe() or "privacy curtain only",
                    self.machine.policy.timeout_s, self.machine.policy.warning_s)
        self.tick()

    def stop(self) -> None:
        self._running = False
        self.timer.stop()
        if self.session_events is not None:
            self.session_events.stop()
        self._hide_warning()
        self.curtain.hide()
        self.hotkey.close()
        self.locker.handle_lock_now(None)
        # The idle source stays open: other features share it (services.idle_source); the
        # process exit closes its display connection.

    def apply_settings(self) -> None:
        settings = self._settings()
        self.machine.configure(IdleLockPolicy.from_settings(settings))
        if self._running:
            if settings.hotkey != self.hotkey.spec:
                self._bind_hotkey()
            self.tick()
        self.changed.emit()

    # -- the clock ------------------------------------------------------------------------
    def tick(self) -> None:
        delay = self.machine.tick()
        if self.warning is not None and self.machine.state is LockState.WARNING:
            self.warning.set_seconds_left(self.machine.seconds_left())
        if not self._running:
            return
        if math.isinf(delay):
            self.timer.stop()
        else:
            self.timer.start(max(1, round(delay * 1000)))

    # -- locking --------------------------------------------------------------------------
    def lock_now(self) -> bool:
        """Tray entry, hotkey, self-check: lock at once. False when locked already."""
        if self.machine.lock_now():
            self.tick()
            return True
        return False

    def _note_external_lock(self) -> None:
        self.machine.note_external_lock()
        self.tick()

    def _note_external_unlock(self) -> None:
        self.machine.note_external_unlock()
        self.tick()

    def _lock_from_command(self) -> bool:
        QTimer.singleShot(0, self, self.lock_now)
        return True

    def _start_lock(self, reason: str) -> None:
        # The curtain goes up first: the screen is covered from the first moment, whatever
        # the backends do; it comes down once one of them locked.
        self.curtain.show()
        self.locker.lock(reason)  # once: a lock already under way answers for this one too

    def _on_lock_finished(self, outcome: LockOutcome, reason: str) -> None:
        self.last_outcome = outcome
        audit = self.services.audit
        still_away = self.machine.state is LockState.LOCKED  # the user may be back already
        if outcome.locked:
            audit.record("lock.locked", backend=outcome.backend, reason=reason,
                         confirmed=outcome.confirmed)
            self.curtain.hide()
            if still_away:
                self.services.session.locked.emit(outcome.backend or "")
        else:
            audit.record("lock.failed", reasons=outcome.reasons, reason=reason,
                         fallback="privacy_curtain")
            self.curtain.mark_not_locked()  # if it is still up, it says so
            if still_away:
                self.curtain.show(not_locked=True)
                self.services.session.locked.emit("curtain")
            self.host.notify(self.tr("The screen could not be locked"),
                             self.tr("No screen locker worked, so the screens are covered instead. "
                                     "Lock the computer yourself before leaving the desk, and "
                                     "tell IT."))
        self.changed.emit()

    # -- machine events -------------------------------------------------------------------
    def _on_event(self, event: AutoLockEvent) -> None:
        audit = self.services.audit
        session = self.services.session
        if event.kind is EventKind.WARN:
            policy = self.machine.policy
            audit.record("lock.warned", timeout_s=policy.timeout_s, warning_s=policy.warning_s)
            if self.warning is None:
                self.warning = LockWarning()
            self.warning.start(event.seconds_left)
        elif event.kind is EventKind.CANCEL:
            audit.record("lock.cancelled", reason=event.reason)
            self._hide_warning()
        elif event.kind is EventKind.LOCK:
            self._hide_warning()
            self._start_lock(event.reason)
        elif event.kind is EventKind.EXTERNAL_LOCK:
            self._hide_warning()
            logger.info("the session was already locked by the OS; not locking again")
            session.locked.emit("external")
        elif event.kind is EventKind.RETURNED:
            self.curtain.hide()
            session.unlocked.emit()
        elif event.kind is EventKind.RESUMED:
            session.resumed.emit(event.gap_s)
        elif event.kind is EventKind.IDLE_CHANGED:
            session.idle_changed.emit(event.idle)
        self.changed.emit()

    def _hide_warning(self) -> None:
        if self.warning is not None:
            self.warning.hide()

    # -- hotkey ---------------------------------------------------------------------------
    def _bind_hotkey(self) -> None:
        self.hotkey.bind(self._settings().hotkey, self.hotkey_pressed.emit)

    # -- tray -----------------------------------------------------------------------------
    def add_menu_entries(self, menu: QMenu) -> None:
        action = menu.addAction(self.hotkey.menu_text(self.tr("Lock now")))
        action.setObjectName("autolock-lock-now")
        action.triggered.connect(self.lock_now)

    def status_lines(self) -> list[str]:
        policy = self.machine.policy
        if not policy.enabled:
            lines = [self.tr("Auto-lock is off")]
        else:
            minutes = max(1, round(policy.timeout_s / 60))
            if policy.timeout_s < 60:
                lines = [self.tr("Auto-lock after %n s without input", "", int(policy.timeout_s))]
            else:
                lines = [self.tr("Auto-lock after %n min without input", "", minutes)]
        if policy.enabled and not self.locker.has_backends:  # a curtain is not a lock
            lines.append(self.tr("No screen locker found: the screens are only covered"))
        if self.last_outcome is not None and not self.last_outcome.locked:
            lines.append(self.tr("Last lock failed: the screens were covered instead"))
        return lines

    def needs_attention(self) -> bool:
        return self.last_outcome is not None and not self.last_outcome.locked

    def status(self) -> dict[str, Any]:
        """For the instance channel (``autolock.status``) and tests."""
        return {"ok": True, "state": self.machine.state.value, "idle_source": self.idle_source.name,
                "curtain": self.curtain.is_shown(),
                "warning": bool(self.warning is not None and self.warning.isVisible()),
                "hotkey": self.hotkey.spec if self.hotkey.bound else "",
                "lock_backend": self.locker.describe()}

    # -- self-test ------------------------------------------------------------------------
    def capabilities(self) -> dict[str, Capability]:
        found = {self.tr("Lock hotkey"): self.hotkey.capability}
        if self.session_events is not None:
            found[self.tr("Session lock notifications")] = self.session_events.capability
        return found

    def self_test(self) -> list[CheckResult]:
        results = []
        if isinstance(self.idle_source, NullIdleSource):
            results.append(CheckResult("idle-time", False, f"no idle source: {self.idle_source.reason}"))
        else:
            try:
                idle = self.idle_source.idle_seconds()
                results.append(CheckResult("idle-time", True, f"{self.idle_source.name}: idle {idle:.1f} s"))
            except Exception as exc:  # noqa: BLE001  (the self-test reports any failure)
                results.append(CheckResult("idle-time", False, f"{self.idle_source.name}: {exc}"))
        names = [b.name for b in self.locker.backends.backends]
        if names:
            detail = f"would try {', '.join(names)}; privacy curtain if they fail"
            probe = self.locker.probe
            if probe is None or probe() is None:
                detail += "; the OS cannot tell whether the session is locked"
            results.append(CheckResult("lock-backend", True, detail, essential=False))
        else:
            results.append(CheckResult("lock-backend", False,
                                       "privacy curtain only: no screen locker found", essential=False))
        if self.hotkey.problem:
            results.append(CheckResult("lock-hotkey", False, self.hotkey.problem, essential=False))
        elif self.hotkey.bound:
            results.append(CheckResult("lock-hotkey", True, self.hotkey.describe(), essential=False))
        if self.session_events is not None:
            capability = self.session_events.capability
            results.append(CheckResult("session-events", capability.available, capability.describe(),
                                       essential=False))
        return results

"""The auto-lock in the tray app: one timer drives the state machine; its events become a
countdown, a lock attempt (off the GUI thread), the privacy curtain, audit events and the
host's session signals.

The idle source is created here and shared as ``host.idle_source``; the breaks and the
presence features read it instead of opening their own.
"""

from __future__ import annotations

import logging
import math
import threading
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QMenu

from assistant.autolock import AutoLockEvent, AutoLockMachine, EventKind, IdleLockPolicy, LockState
from assistant.clock import Clock, SystemClock
from assistant.hotkeys import HotkeyService
from assistant.hotkeys.binding import HotkeyBinding
from assistant.idle import IdleSource, NullIdleSource, create_idle_source
from assistant.locking import (
    LockOutcome,
    LockProbe,
    SessionLocker,
    create_lock_probe,
    create_session_locker,
)
from ui.autolock.curtain import PrivacyCurtain
from ui.autolock.warning import LockWarning
from ui.feature import CheckResult, Feature

if TYPE_CHECKING:
    from ui.tray import TrayHost

logger = logging.getLogger(__name__)


class AutoLockFeature(Feature):
    lock_finished = Signal(object, str)  # LockOutcome and reason, from the lock worker thread
    hotkey_pressed = Signal()  # emitted on the hotkey service's thread

    def __init__(self, host: TrayHost, *, idle_source: IdleSource | None = None,
                 clock: Clock | None = None, lock_probe: LockProbe | None = None,
                 locker: SessionLocker | None = None,
                 hotkeys: HotkeyService | None = None) -> None:
        super().__init__(host)
        self.setObjectName("autolock")
        self.idle_source: IdleSource = idle_source or create_idle_source()
        host.idle_source = self.idle_source
        self._clock = clock or SystemClock()
        self._probe = lock_probe if lock_probe is not None else create_lock_probe()
        self._fixed_locker = locker
        self.locker = locker or create_session_locker(self._settings().lock_command, probe=self._probe)
        self.hotkey = HotkeyBinding("lock-now", hotkeys)
        self.machine = AutoLockMachine(IdleLockPolicy.from_settings(self._settings()),
                                       self.idle_source, self._clock, self._probe)
        self.machine.events.connect(self._on_event)
        self.timer = QTimer(self)
        self.timer.setObjectName("autolock-check")
        self.timer.setSingleShot(True)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.timeout.connect(self.tick)
        self.warning: LockWarning | None = None
        self.curtain = PrivacyCurtain(self)
        self.last_outcome: LockOutcome | None = None
        self._locking = False
        self._running = False
        self.lock_finished.connect(self._on_lock_finished)
        self.hotkey_pressed.connect(self.lock_now)
        host.settings_changed.connect(self.apply_settings)

    def _settings(self) -> Any:
        return self.host.ctx.settings.autolock

    # -- life cycle -----------------------------------------------------------------------
    def start(self) -> None:
        self._running = True
        self._bind_hotkey()
        server = getattr(self.host, "server", None)
        if server is not None:
            server.register("autolock.lock", lambda _c: {"ok": self._lock_from_command()})
            server.register("autolock.status", lambda _c: self.status())
        logger.info("auto-lock started: idle source %s, lock via %s, timeout %.0f s, warning %.0f s",
                    self.idle_source.name, self.locker.describe() or "privacy curtain only",
                    self.machine.policy.timeout_s, self.machine.policy.warning_s)
        self.tick()

    def stop(self) -> None:
        self._running = False
        self.timer.stop()
        self._hide_warning()
        self.curtain.hide()
        self.hotkey.close()
        # The idle source stays open: other features share it (host.idle_source) and may
        # stop after this one; the process exit closes its display connection.

    def apply_settings(self) -> None:
        settings = self._settings()
        self.machine.configure(IdleLockPolicy.from_settings(settings))
        if self._fixed_locker is None:
            self.locker = create_session_locker(settings.lock_command, probe=self._probe)
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
    def lock_now(self) -> None:
        """Tray entry and hotkey: lock at once."""
        if self.machine.lock_now():
            self.tick()

    def _lock_from_command(self) -> bool:
        QTimer.singleShot(0, self, self.lock_now)
        return True

    def _start_lock(self, reason: str) -> None:
        # The curtain goes up first: the screen is covered from the first moment, whatever
        # the backends do; it comes down once one of them locked.
        self.curtain.show()
        if self._locking:
            return
        self._locking = True
        locker, feature = self.locker, self

        def work() -> None:
            feature.lock_finished.emit(locker.lock(), reason)

        threading.Thread(target=work, name="autolock-lock", daemon=True).start()

    def _on_lock_finished(self, outcome: LockOutcome, reason: str) -> None:
        self._locking = False
        self.last_outcome = outcome
        audit = self.host.ctx.audit
        still_away = self.machine.state is LockState.LOCKED  # the user may be back already
        if outcome.locked:
            audit.record("lock.locked", backend=outcome.backend, reason=reason,
                         confirmed=outcome.confirmed)
            self.curtain.hide()
            if still_away:
                self.host.session.locked.emit(outcome.backend or "")
        else:
            audit.record("lock.failed", reasons=outcome.reasons, reason=reason,
                         fallback="privacy_curtain")
            self.curtain.mark_not_locked()  # if it is still up, it says so
            if still_away:
                self.curtain.show(not_locked=True)
                self.host.session.locked.emit("curtain")
            self.host.notify(self.tr("The screen could not be locked"),
                             self.tr("No screen locker worked, so the screens are covered instead. "
                                     "Lock the computer yourself before leaving the desk, and "
                                     "tell IT."))
        self.changed.emit()

    # -- machine events -------------------------------------------------------------------
    def _on_event(self, event: AutoLockEvent) -> None:
        audit = self.host.ctx.audit
        session = self.host.session
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
        if policy.enabled and not self.locker.backends:  # a curtain is not a lock
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
        names = [b.name for b in self.locker.backends]
        if names:
            detail = f"would try {', '.join(names)}; privacy curtain if they fail"
            if self._probe is None or self._probe() is None:
                detail += "; the OS cannot tell whether the session is locked"
            results.append(CheckResult("lock-backend", True, detail, essential=False))
        else:
            results.append(CheckResult("lock-backend", False,
                                       "privacy curtain only: no screen locker found", essential=False))
        if self.hotkey.problem:
            results.append(CheckResult("lock-hotkey", False, self.hotkey.problem, essential=False))
        elif self.hotkey.bound:
            results.append(CheckResult("lock-hotkey", True, self.hotkey.describe(), essential=False))
        return results

"""The auto-lock state machine: watch idle time, warn, lock, notice the user's return.

It owns no timer. The caller calls ``tick()`` and calls it again after the number of
seconds it returns; while the user is present that is "when the warning would be due"
(timeout − warning − current idle), so an idle machine wakes about once per timeout, and
only the warning polls at ``FAST_POLL_S`` (4 Hz) and the lock at ``LOCKED_POLL_S`` (2 Hz)
to see the user's return quickly.

Input is recognised without counting events: after entering a state at time *t*, the OS
idle time drops below ``now − t`` exactly when there was input after *t*.

Idle time counts from the machine's creation at the earliest: an app started (or restarted)
while the OS idle counter is already high warns after a full timeout, not at once.

Sleep and other locks:
- A wall-clock jump much larger than the monotonic clock moved between two ticks is a
  suspend/resume: a showing warning is withdrawn and idle time counts from the resume, so
  the user is not warned the moment they open the lid.
- Before warning and before locking, ``lock_probe`` is asked whether the OS already shows
  its lock screen (someone pressed Win+L, the desktop's own timer fired); then the machine
  only notes the lock (``EXTERNAL_LOCK``) and never locks a second time. Push sources
  (Windows session notifications) call ``note_external_lock``/``note_external_unlock``.
"""

from __future__ import annotations

import enum
import logging
import math
from collections.abc import Callable
from dataclasses import dataclass

from assistant.autolock.policy import IdleLockPolicy
from assistant.clock import Clock
from assistant.events import EventHook
from assistant.idle import IdleSource, IdleSourceUnavailable

logger = logging.getLogger(__name__)

FAST_POLL_S = 0.25  # while the warning shows: 4 Hz, so input cancels it at once
LOCKED_POLL_S = 0.5  # while locked (or the curtain is up): 2 Hz, to see the user's return
MIN_CHECK_S = 0.05  # never reschedule sooner (timers fire a little early or late)
RESUME_GAP_S = 10.0  # wall clock ahead of monotonic by more than this → a suspend happened
INPUT_EPSILON_S = 0.05  # OS idle clocks and ours are read a moment apart
LOCK_SETTLE_S = 1.0  # input right after locking (releasing the hotkey) is not a return
PROBE_INTERVAL_S = 1.0  # while locked, ask the OS lock state at most this often
SOURCE_RETRY_S = 30.0  # the idle source failed: try again later

LockStateProbe = Callable[[], "bool | None"]
"""True: the OS shows its lock screen; False: it does not; None: it cannot tell."""


class LockState(enum.Enum):
    DISABLED = "disabled"
    WATCHING = "watching"
    WARNING = "warning"
    LOCKED = "locked"


class LockReason(str, enum.Enum):
    IDLE = "idle"
    MANUAL = "manual"
    EXTERNAL = "external"


class EventKind(enum.Enum):
    WARN = "warn"  # show the countdown (seconds_left)
    CANCEL = "cancel"  # withdraw the countdown (reason: input, resume, disabled)
    LOCK = "lock"  # lock the session now (reason: idle or manual)
    EXTERNAL_LOCK = "external_lock"  # the OS was already locked by someone else
    RETURNED = "returned"  # input after a lock, and the OS no longer shows its lock screen
    RESUMED = "resumed"  # a suspend ended (gap_s)
    IDLE_CHANGED = "idle_changed"  # idle: True when the user went away, False when back


@dataclass(frozen=True)
class AutoLockEvent:
    kind: EventKind
    reason: str = ""
    seconds_left: float = 0.0
    gap_s: float = 0.0
    idle: bool = False


class AutoLockMachine:
    def __init__(self, policy: IdleLockPolicy, idle_source: IdleSource, clock: Clock,
                 lock_probe: LockStateProbe | None = None) -> None:
        self.events: EventHook[[AutoLockEvent]] = EventHook()
        self._policy = policy
        self._source = idle_source
        self._clock = clock
        self._probe = lock_probe
        self._state = LockState.WATCHING if policy.enabled else LockState.DISABLED
        self._entered = clock.monotonic()  # when the current state began
        self._deadline = 0.0  # monotonic time of the lock while warning
        # Idle counts from here at the earliest: the start, then each resume.
        self._floor: float | None = clock.monotonic()
        self._last_mono: float | None = None
        self._last_wall = 0.0
        self._last_probe = -math.inf
        self._user_idle = False
        self.lock_reason: LockReason | None = None

    # -- what the UI reads ----------------------------------------------------------------
    @property
    def state(self) -> LockState:
        return self._state

    @property
    def policy(self) -> IdleLockPolicy:
        return self._policy

    def seconds_left(self) -> float:
        """Seconds until the lock while warning (0 otherwise)."""
        if self._state is not LockState.WARNING:
            return 0.0
        return max(0.0, self._deadline - self._clock.monotonic())

    # -- inputs ---------------------------------------------------------------------------
    def configure(self, policy: IdleLockPolicy) -> None:
        """New settings; call ``tick()`` afterwards to reschedule."""
        self._policy = policy
        if not policy.enabled:
            if self._state is LockState.WARNING:
                self._emit(EventKind.CANCEL, reason="disabled")
                self._set_idle(False)
            if self._state is not LockState.LOCKED:
                self._enter(LockState.DISABLED)
        elif self._state is LockState.DISABLED:
            self._enter(LockState.WATCHING)
        elif self._state is LockState.WARNING:
            # A shorter or longer timeout moves the deadline; re-decide on the next tick.
            self._emit(EventKind.CANCEL, reason="settings")
            self._set_idle(False)
            self._enter(LockState.WATCHING)

    def lock_now(self) -> bool:
        """The user asked to lock (tray entry, hotkey). False when already locked."""
        if self._state is LockState.LOCKED:
            return False
        self._lock(LockReason.MANUAL)
        return True

    def note_external_lock(self) -> None:
        """The OS says its lock screen came up (push notification)."""
        if self._state is not LockState.LOCKED:
            self._enter_external_lock()

    def note_external_unlock(self) -> None:
        """The OS says the session was unlocked (push notification)."""
        if self._state is LockState.LOCKED:
            self._return()

    # -- the clock ------------------------------------------------------------------------
    def tick(self) -> float:
        """Look at idle time and act; returns the seconds until the next tick is due."""
        now = self._clock.monotonic()
        self._check_resume(now, self._clock.wall())
        if self._state is LockState.DISABLED:
            return math.inf
        try:
            raw_idle = self._source.idle_seconds()
        except IdleSourceUnavailable as exc:
            logger.warning("idle source %s failed: %s", getattr(self._source, "name", "?"), exc)
            return SOURCE_RETRY_S
        idle = raw_idle if self._floor is None else min(raw_idle, now - self._floor)
        if self._state is LockState.WATCHING:
            return self._tick_watching(now, idle)
        if self._state is LockState.WARNING:
            return self._tick_warning(now, idle)
        return self._tick_locked(now, idle)

    def _tick_watching(self, now: float, idle: float) -> float:
        policy = self._policy
        if idle < policy.warn_at_s:
            return max(MIN_CHECK_S, policy.warn_at_s - idle)
        if self._probe_says_locked(now):
            self._enter_external_lock()
            return LOCKED_POLL_S
        left = policy.timeout_s - idle
        if policy.warning_s > 0 and left > 0:
            self._enter(LockState.WARNING)
            self._deadline = now + left
            self._set_idle(True)
            self._emit(EventKind.WARN, seconds_left=left)
            return max(MIN_CHECK_S, min(FAST_POLL_S, left))
        self._lock(LockReason.IDLE)
        return LOCKED_POLL_S

    def _tick_warning(self, now: float, idle: float) -> float:
        if self._input_since_entered(now, idle, INPUT_EPSILON_S):
            self._emit(EventKind.CANCEL, reason="input")
            self._set_idle(False)
            self._enter(LockState.WATCHING)
            return self._tick_watching(now, idle)
        left = self._deadline - now
        if left > 0.001:
            return max(MIN_CHECK_S, min(FAST_POLL_S, left))
        if self._probe_says_locked(now, force=True):
            self._enter_external_lock()
        else:
            self._lock(LockReason.IDLE)
        return LOCKED_POLL_S

    def _tick_locked(self, now: float, idle: float) -> float:
        if not self._input_since_entered(now, idle, LOCK_SETTLE_S):
            return LOCKED_POLL_S
        if self._probe is not None and now - self._last_probe < PROBE_INTERVAL_S:
            return LOCKED_POLL_S
        if self._probe_says_locked(now, force=True):
            return LOCKED_POLL_S  # typing the password on the OS lock screen
        self._return()
        return self._tick_watching(now, idle)

    # -- helpers --------------------------------------------------------------------------
    def _input_since_entered(self, now: float, idle: float, margin: float) -> bool:
        return idle < (now - self._entered) - margin

    def _probe_says_locked(self, now: float, force: bool = False) -> bool:
        if self._probe is None:
            return False
        self._last_probe = now
        try:
            return self._probe() is True
        except Exception:  # a probe is a hint; its failure must not stop locking
            logger.exception("lock-state probe failed")
            return False

    def _check_resume(self, now: float, wall: float) -> None:
        last_mono, last_wall = self._last_mono, self._last_wall
        self._last_mono, self._last_wall = now, wall
        if last_mono is None:
            return
        gap = (wall - last_wall) - (now - last_mono)
        if gap <= RESUME_GAP_S:
            return
        logger.info("wall clock jumped %.0f s ahead of the monotonic clock: resumed", gap)
        self._floor = now
        if self._state is LockState.WARNING:
            self._emit(EventKind.CANCEL, reason="resume")
            self._set_idle(False)
            self._enter(LockState.WATCHING)
        self._emit(EventKind.RESUMED, gap_s=gap)

    def _lock(self, reason: LockReason) -> None:
        self._enter(LockState.LOCKED)
        self.lock_reason = reason
        self._set_idle(True)
        self._emit(EventKind.LOCK, reason=reason.value)

    def _enter_external_lock(self) -> None:
        was_warning = self._state is LockState.WARNING
        self._enter(LockState.LOCKED)
        self.lock_reason = LockReason.EXTERNAL
        if was_warning:
            self._emit(EventKind.CANCEL, reason="external_lock")
        self._set_idle(True)
        self._emit(EventKind.EXTERNAL_LOCK, reason=LockReason.EXTERNAL.value)

    def _return(self) -> None:
        self._enter(LockState.WATCHING if self._policy.enabled else LockState.DISABLED)
        self.lock_reason = None
        self._emit(EventKind.RETURNED)
        self._set_idle(False)

    def _enter(self, state: LockState) -> None:
        if state is not self._state:
            logger.debug("auto-lock %s -> %s", self._state.value, state.value)
        self._state = state
        self._entered = self._clock.monotonic()

    def _set_idle(self, idle: bool) -> None:
        if idle != self._user_idle:
            self._user_idle = idle
            self._emit(EventKind.IDLE_CHANGED, idle=idle)

    def _emit(self, kind: EventKind, **fields: object) -> None:
        self.events.emit(AutoLockEvent(kind, **fields))  # type: ignore[arg-type]

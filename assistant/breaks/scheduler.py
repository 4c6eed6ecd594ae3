"""``BreakScheduler``: when to offer an eye, rest or Pomodoro break, counted on active time.

Rules (issue 4, in the spirit of Workrave, Stretchly, Safe Eyes and Sane Break):

* Timers count **active** time only. Ticks are sparse, so between two ticks the user is taken
  to have been active until ``now - idle_seconds`` (nothing when the idle time covers the
  whole interval).
* Being away at least as long as a break counts as that break (``break.natural``): away for
  ``rest_duration_s`` resets the rest and eye timers, away for ``eye_duration_s`` the eye
  timer. Away means idle, a locked screen (counted from the start of the idle that led to
  the lock) or a sleep gap.
* After a resume from sleep nothing is offered for ``RESUME_GRACE_S``.
* A break that is due while something is in the way (the agent's "On a call" switch, a
  full-screen window, do-not-disturb, a locked screen, a fresh resume) waits: ``break.due``
  is recorded once and the break is offered as soon as the way is clear, after a notice.
* ``tick()`` says when to ask again: exactly at the next threshold when one is near, every
  ``ACTIVE_POLL_S`` while the user works, rarely while the user is away.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from assistant.breaks.actions import (
    Action,
    BreakEnded,
    GiveNotice,
    OnCallEnded,
    StartBreak,
    TickResult,
    Waiting,
)
from assistant.breaks.config import BreakConfig, BreakMode
from assistant.breaks.day_stats import DayStats, local_date
from assistant.breaks.kinds import Blocker, BreakEvent, BreakKind, EndReason, Phase
from assistant.clock import Clock

logger = logging.getLogger(__name__)

IdleSeconds = Callable[[], float]
BlockerProbe = Callable[[], Blocker | None]
Recorder = Callable[..., Any]  # record("break.due", kind="eye", ...) — AuditLog.record fits

ACTIVE_POLL_S = 10.0  # user at the keyboard: look again this often
AWAY_POLL_S = 30.0  # user away, a natural break still to come: look again at least this often
DEEP_AWAY_POLL_S = 120.0  # user away and every timer already reset: hardly any work to do
WAITING_POLL_S = 3.0  # a due break waits for the way to clear (the probes are cheap)
ACTIVE_IDLE_LIMIT_S = 5.0  # idle shorter than this: the user is at work
SUSPEND_MIN_S = 20.0  # wall time ran this much ahead of monotonic time: the machine slept
RESUME_GRACE_S = 120.0  # nothing is offered this soon after a resume
MIN_DELAY_S = 0.05


def _noop_record(kind: str, /, **details: Any) -> None:
    logger.debug("break event %s %s", kind, details)


@dataclass(frozen=True)
class BreakStatus:
    """A snapshot for the tray tooltip and menu."""

    phase: Phase
    pending: BreakKind | None  # the break announced, waiting or showing
    blocker: Blocker | None  # why it waits
    next_kind: BreakKind | None  # the next break when working
    next_in_s: float | None  # active seconds until it
    break_remaining_s: float | None
    on_call_remaining_s: float | None
    today: DayStats


class BreakScheduler:
    """The break state machine. Not thread-safe: call it from one thread (the GUI's)."""

    def __init__(self, config: BreakConfig, clock: Clock, idle_seconds: IdleSeconds,
                 blocker: BlockerProbe | None = None, record: Recorder | None = None) -> None:
        self.config = config
        self._clock = clock
        self._idle_seconds = idle_seconds
        self._blocker_probe: BlockerProbe = blocker or (lambda: None)
        self._record = record or _noop_record
        self._last_mono = clock.monotonic()
        self._last_wall = clock.wall()
        self.stats = DayStats(local_date(self._last_wall))
        self.phase = Phase.WORKING if config.enabled else Phase.OFF
        # active seconds since the last break of each kind
        self._worked: dict[BreakKind, float] = {kind: 0.0 for kind in BreakKind}
        self._postpones_used: dict[BreakKind, int] = {kind: 0 for kind in BreakKind}
        self._pending: BreakKind | None = None
        self._due_recorded = False
        self._notice_given = False
        self._starts_at: float | None = None  # NOTICE: when the break begins
        self._blocked_by: Blocker | None = None
        self._break_started_at = 0.0
        self._break_duration = 0.0
        self._break_manual = False
        self._break_active_s = 0.0
        self._locked_away_since: float | None = None  # monotonic start of the away time
        self._grace_until: float | None = None
        self._on_call_until: float | None = None
        self._idle_failed = False
        self._last_resume_at: float | None = None

    # -- inputs from the UI -------------------------------------------------------------
    def tick(self) -> TickResult:
        """Account the time since the last tick, move the state machine, say what to do."""
        now = self._clock.monotonic()
        wall = self._clock.wall()
        actions: list[Action] = []
        self.stats = self.stats.rolled_over(wall)
        elapsed = max(0.0, now - self._last_mono)
        slept = (wall - self._last_wall) - elapsed
        self._last_mono, self._last_wall = now, wall
        if slept >= SUSPEND_MIN_S:
            self._resumed(slept, now, actions)

        if self._on_call_until is not None and now >= self._on_call_until:
            self._on_call_until = None
            logger.info("'On a call' ended by itself after %.0f s", self.config.on_call_max_s)
            actions.append(OnCallEnded(expired=True))

        if self.phase is Phase.OFF:
            return TickResult(actions, self._next_check(now, 0.0))

        idle = self._read_idle()
        locked = self._locked_away_since is not None
        active = 0.0 if locked or idle >= elapsed else elapsed - idle
        self.stats.active_s += active
        if self.phase is Phase.ON_BREAK:
            self._break_active_s += active
        else:
            for kind in BreakKind:
                self._worked[kind] += active
            away = (now - self._locked_away_since) if self._locked_away_since is not None else idle
            self._credit_away(away, "locked" if locked else "idle", actions)

        if self.phase is Phase.ON_BREAK:
            if now >= self._break_started_at + self._break_duration:
                self._end_break(EndReason.COMPLETED, actions)
        else:
            self._advance(now, actions)
        return TickResult(actions, self._next_check(now, idle))

    def on_locked(self) -> TickResult:
        """The screen was locked: away time counts from the start of the idle that led here."""
        result = self.tick()
        if self._locked_away_since is None:
            self._locked_away_since = self._clock.monotonic() - self._read_idle()
        return self._merge(result, self.tick())

    def on_unlocked(self) -> TickResult:
        """Credit the time locked as a break, then count work again."""
        first = self.tick()
        self._locked_away_since = None
        return self._merge(first, self.tick())

    def on_resumed(self, gap_s: float) -> TickResult:
        """The OS says it resumed after ``gap_s`` seconds of sleep.

        The tick notices a sleep by itself when wall time ran ahead of monotonic time. Where
        the monotonic clock counts sleep too (it does on some OSes) this call supplies the
        gap, and the slept time is left out of the active-time count.
        """
        now = self._clock.monotonic()
        if self._last_resume_at is not None and now - self._last_resume_at < SUSPEND_MIN_S:
            return self.tick()  # the tick already saw this sleep
        elapsed = max(0.0, now - self._last_mono)
        slept = (self._clock.wall() - self._last_wall) - elapsed
        if slept >= SUSPEND_MIN_S or gap_s <= 0:
            return self.tick()
        skip = min(gap_s, elapsed)
        self._last_mono += skip
        self._last_wall += skip
        actions: list[Action] = []
        self._resumed(gap_s, now, actions)
        return self._merge(TickResult(actions), self.tick())

    def set_on_call(self, on: bool) -> TickResult:
        """The agent's "On a call" switch; it switches itself off after ``on_call_max_s``."""
        now = self._clock.monotonic()
        self._on_call_until = now + self.config.on_call_max_s if on else None
        logger.info("'On a call' %s", "on" if on else "off")
        return self.tick()

    @property
    def on_call(self) -> bool:
        return self._on_call_until is not None

    def take_break_now(self) -> TickResult:
        """The user asked for a break: a rest (or Pomodoro) break starts at once."""
        result = self.tick()
        if self.phase in (Phase.OFF, Phase.ON_BREAK):
            return result
        kind = BreakKind.POMODORO if self.config.mode is BreakMode.POMODORO else BreakKind.REST
        actions = list(result.actions)
        self._start_break(kind, manual=True, actions=actions)
        now = self._clock.monotonic()
        return TickResult(actions, self._next_check(now, 0.0))

    def can_postpone(self) -> bool:
        return (self.phase is Phase.ON_BREAK and not self._break_manual and self._pending is not None
                and self._postpones_used[self._pending] < self.config.max_postpones)

    def can_skip(self) -> bool:
        return self.phase is Phase.ON_BREAK and (self._break_manual or not self.config.strict)

    def postpone(self) -> TickResult:
        """Put the showing break off by ``postpone_s`` of work (at most ``max_postpones``)."""
        if not self.can_postpone():
            logger.info("postpone refused (phase %s)", self.phase.value)
            return TickResult([], self._next_check(self._clock.monotonic(), 0.0))
        result = self.tick()
        actions = list(result.actions)
        if self.phase is Phase.ON_BREAK:  # the tick may have just completed it
            self._end_break(EndReason.POSTPONED, actions)
        return TickResult(actions, self._next_check(self._clock.monotonic(), 0.0))

    def skip(self) -> TickResult:
        """End the showing break now; refused in strict mode (except a break the user asked for)."""
        if not self.can_skip():
            logger.info("skip refused (phase %s, strict %s)", self.phase.value, self.config.strict)
            return TickResult([], self._next_check(self._clock.monotonic(), 0.0))
        result = self.tick()
        actions = list(result.actions)
        if self.phase is Phase.ON_BREAK:
            self._end_break(EndReason.SKIPPED, actions)
        return TickResult(actions, self._next_check(self._clock.monotonic(), 0.0))

    def reconfigure(self, config: BreakConfig) -> TickResult:
        """New settings: timers keep what they counted; a disabled scheduler closes any break."""
        result = self.tick()
        actions = list(result.actions)
        self.config = config
        if not config.enabled:
            if self.phase is Phase.ON_BREAK and self._pending is not None:
                actions.append(BreakEnded(self._pending, EndReason.SKIPPED))
            self._clear_pending()
            self.phase = Phase.OFF
        else:
            if self.phase is Phase.OFF:
                self.phase = Phase.WORKING
            if self._pending is not None and self._pending not in config.kinds():
                if self.phase is Phase.ON_BREAK:
                    actions.append(BreakEnded(self._pending, EndReason.SKIPPED))
                self._clear_pending()
                self.phase = Phase.WORKING
        return self._merge(TickResult(actions), self.tick())

    # -- what the tray shows ------------------------------------------------------------
    def status(self) -> BreakStatus:
        now = self._clock.monotonic()
        self.stats = self.stats.rolled_over(self._clock.wall())
        next_kind, next_in = None, None
        if self.phase is not Phase.OFF:
            for kind in self.config.kinds():
                left = max(0.0, self.config.interval(kind) - self._worked[kind])
                if next_in is None or left < next_in:
                    next_kind, next_in = kind, left
        remaining = None
        if self.phase is Phase.ON_BREAK:
            remaining = max(0.0, self._break_started_at + self._break_duration - now)
        on_call = None if self._on_call_until is None else max(0.0, self._on_call_until - now)
        return BreakStatus(self.phase, self._pending, self._blocked_by, next_kind, next_in, remaining,
                           on_call, replace(self.stats, by_kind=dict(self.stats.by_kind)))

    def worked(self, kind: BreakKind) -> float:
        """Active seconds counted towards the next break of ``kind``."""
        return self._worked[kind]

    # -- the machine --------------------------------------------------------------------
    def _advance(self, now: float, actions: list[Action]) -> None:
        due = self._due_kind()
        if self.phase is Phase.WORKING:
            if due is not None:
                self._pending = due
                self._record_due(due)
                self._offer(now, actions)
                return
            soon = self._soon_kind()
            if soon is not None and self._blocker(now) is None:
                self._pending = soon
                self._notice(soon, self.config.interval(soon) - self._worked[soon], now, actions)
            return
        if due is not None and self._pending is not None and due is not self._pending \
                and self._pending in self.config.covers(due):
            self._pending = due  # a rest came due while an eye break waited: the rest covers it
        if self.phase is Phase.NOTICE:
            if self._starts_at is not None and now >= self._starts_at:
                self._record_due(self._pending)
                self._offer(now, actions)
        elif self.phase is Phase.WAITING:
            self._offer(now, actions)

    def _offer(self, now: float, actions: list[Action]) -> None:
        """The pending break is due: start it, announce it, or let it wait."""
        kind = self._pending
        assert kind is not None
        blocker = self._blocker(now)
        if blocker is not None:
            if self.phase is not Phase.WAITING or blocker is not self._blocked_by:
                logger.info("%s break waits: %s", kind.value, blocker.value)
                actions.append(Waiting(kind, blocker))
            self.phase = Phase.WAITING
            self._blocked_by = blocker
            self._notice_given = False  # after a wait, announce it afresh
            self._starts_at = None
            return
        self._blocked_by = None
        if self.config.notice_s > 0 and not self._notice_given:
            self._notice(kind, self.config.notice_s, now, actions)
            return
        self._start_break(kind, manual=False, actions=actions)

    def _notice(self, kind: BreakKind, ahead: float, now: float, actions: list[Action]) -> None:
        ahead = max(0.0, ahead)
        self.phase = Phase.NOTICE
        self._notice_given = True
        self._starts_at = now + ahead
        actions.append(GiveNotice(kind, ahead))

    def _record_due(self, kind: BreakKind | None) -> None:
        if kind is None or self._due_recorded:
            return
        self._due_recorded = True
        blocker = self._blocker(self._clock.monotonic())
        self._record(BreakEvent.DUE.value, kind=kind.value, worked_s=round(self._worked[kind]),
                     blocked_by=blocker.value if blocker else None)

    def _start_break(self, kind: BreakKind, manual: bool, actions: list[Action]) -> None:
        self.phase = Phase.ON_BREAK
        self._pending = kind
        self._break_started_at = self._clock.monotonic()
        self._break_duration = float(self.config.duration(kind))
        self._break_manual = manual
        self._break_active_s = 0.0
        self._starts_at = None
        self._blocked_by = None
        postpones_left = 0 if manual else max(0, self.config.max_postpones - self._postpones_used[kind])
        can_skip = manual or not self.config.strict
        self._record(BreakEvent.STARTED.value, kind=kind.value, duration_s=round(self._break_duration),
                     manual=manual, postponed_before=self._postpones_used[kind])
        logger.info("%s break started (%.0f s)", kind.value, self._break_duration)
        actions.append(StartBreak(kind, self._break_duration, postpones_left, can_skip, manual))

    def _end_break(self, reason: EndReason, actions: list[Action]) -> None:
        kind = self._pending
        assert kind is not None
        shown_s = round(self._clock.monotonic() - self._break_started_at)
        if reason is EndReason.COMPLETED:
            self._record(BreakEvent.COMPLETED.value, kind=kind.value, duration_s=round(self._break_duration),
                         active_during_s=round(self._break_active_s), manual=self._break_manual)
            self.stats.completed += 1
            self.stats.by_kind[kind.value] = self.stats.by_kind.get(kind.value, 0) + 1
            self._reset(kind)
        elif reason is EndReason.POSTPONED:
            self._postpones_used[kind] += 1
            self.stats.postponed += 1
            for covered in self.config.covers(kind):
                self._worked[covered] = min(self._worked[covered],
                                            max(0.0, self.config.interval(covered) - self.config.postpone_s))
            self._record(BreakEvent.POSTPONED.value, kind=kind.value, postpone_s=round(self.config.postpone_s),
                         shown_s=shown_s, postponed=self._postpones_used[kind],
                         max_postpones=self.config.max_postpones)
        else:
            self.stats.skipped += 1
            self._record(BreakEvent.SKIPPED.value, kind=kind.value, duration_s=round(self._break_duration),
                         shown_s=shown_s, manual=self._break_manual)
            self._reset(kind)
        logger.info("%s break %s", kind.value, reason.value)
        actions.append(BreakEnded(kind, reason))
        self._clear_pending()
        self.phase = Phase.WORKING

    def _credit_away(self, away: float, reason: str, actions: list[Action]) -> None:
        """Away at least as long as a break: that break was taken (once; timers start over)."""
        for kind in self.config.kinds():  # the longest break first: it covers the shorter
            if away < self.config.duration(kind):
                continue
            covered = self.config.covers(kind)
            if not any(self._worked[c] > 0 for c in covered) and self._pending not in covered:
                continue  # nothing worked since the last break: nothing to credit
            self._record(BreakEvent.NATURAL.value, kind=kind.value, away_s=round(away), reason=reason)
            self.stats.natural += 1
            self.stats.by_kind[kind.value] = self.stats.by_kind.get(kind.value, 0) + 1
            self._reset(kind)
            logger.info("natural %s break (%s %.0f s)", kind.value, reason, away)
            if self._pending in covered:
                self._clear_pending()
                if self.phase in (Phase.NOTICE, Phase.WAITING):
                    self.phase = Phase.WORKING

    def _resumed(self, gap: float, now: float, actions: list[Action]) -> None:
        logger.info("resumed after %.0f s asleep; no break for %.0f s", gap, RESUME_GRACE_S)
        self._last_resume_at = now
        self._grace_until = now + RESUME_GRACE_S
        if self.phase not in (Phase.OFF, Phase.ON_BREAK):
            self._credit_away(gap, "sleep", actions)

    def _reset(self, kind: BreakKind) -> None:
        for covered in self.config.covers(kind):
            self._worked[covered] = 0.0
            self._postpones_used[covered] = 0

    def _clear_pending(self) -> None:
        self._pending = None
        self._due_recorded = False
        self._notice_given = False
        self._starts_at = None
        self._blocked_by = None
        self._break_manual = False

    def _due_kind(self) -> BreakKind | None:
        for kind in self.config.kinds():
            if self._worked[kind] >= self.config.interval(kind):
                return kind
        return None

    def _soon_kind(self) -> BreakKind | None:
        if self.config.notice_s <= 0:
            return None
        for kind in self.config.kinds():
            if self._worked[kind] >= self.config.interval(kind) - self.config.notice_s:
                return kind
        return None

    def _blocker(self, now: float) -> Blocker | None:
        if self._locked_away_since is not None:
            return Blocker.LOCKED
        if self._grace_until is not None:
            if now < self._grace_until:
                return Blocker.JUST_RESUMED
            self._grace_until = None
        if self._on_call_until is not None:
            return Blocker.ON_CALL
        try:
            return self._blocker_probe()
        except Exception:  # a broken probe must not stop breaks
            logger.exception("the do-not-interrupt probe failed")
            return None

    def _read_idle(self) -> float:
        try:
            idle = float(self._idle_seconds())
            self._idle_failed = False
            return max(0.0, idle)
        except Exception:
            if not self._idle_failed:
                logger.exception("idle time unavailable; counting the time as active")
                self._idle_failed = True
            return 0.0

    def _next_check(self, now: float, idle: float) -> float | None:
        waits: list[float] = []
        if self._on_call_until is not None:
            waits.append(self._on_call_until - now)
        if self.phase is Phase.OFF:
            return max(MIN_DELAY_S, min(waits)) if waits else None
        if self.phase is Phase.ON_BREAK:
            waits.append(self._break_started_at + self._break_duration - now)
        elif self.phase is Phase.NOTICE and self._starts_at is not None:
            waits.append(self._starts_at - now)
        elif self.phase is Phase.WAITING:
            waits.append(WAITING_POLL_S)
            if self._grace_until is not None:
                waits.append(self._grace_until - now)
        if self.phase is not Phase.ON_BREAK:
            locked = self._locked_away_since is not None
            away = idle if self._locked_away_since is None else now - self._locked_away_since
            if locked or away >= ACTIVE_IDLE_LIMIT_S:
                # away: wake when the away time reaches the next break length still to credit
                to_credit = [self.config.duration(k) - away for k in self.config.kinds()
                             if away < self.config.duration(k) and any(
                                 self._worked[c] > 0 for c in self.config.covers(k))]
                waits.extend(to_credit)
                waits.append(AWAY_POLL_S if to_credit else DEEP_AWAY_POLL_S)
            elif self.phase is Phase.WORKING:
                for kind in self.config.kinds():
                    left = self.config.interval(kind) - self._worked[kind]
                    notice_left = left - self.config.notice_s
                    waits.append(notice_left if notice_left > 0 else left)
                waits.append(ACTIVE_POLL_S)
        return max(MIN_DELAY_S, min(waits)) if waits else None

    @staticmethod
    def _merge(first: TickResult, second: TickResult) -> TickResult:
        return TickResult([*first.actions, *second.actions], second.next_check_s)

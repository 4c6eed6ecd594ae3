"""Alarm drills: the policy can ask for a test alarm every N days (``test_every_days``).

The training asks for procedures to be practised regularly (定期演练). A drill counts once a
supervisor console has shown the test alarm (``panic.test_confirmed`` in the audit log); a
reminder repeats daily until then.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from assistant.audit import AuditEvent, AuditLog
from assistant.clock import Clock
from assistant.panic.kinds import AuditKind

REMIND_AGAIN_AFTER = dt.timedelta(days=1)
#: A first reminder waits this long after the app started (not in the first busy minutes).
FIRST_REMINDER_DELAY = dt.timedelta(minutes=10)


def next_drill_due(every_days: int, last_confirmed: dt.datetime | None,
                   last_reminded: dt.datetime | None, started: dt.datetime) -> dt.datetime | None:
    """When to remind the agent of the next drill; None when drills are not required."""
    if every_days <= 0:
        return None
    if last_confirmed is None:
        due = started + FIRST_REMINDER_DELAY
    else:
        due = last_confirmed + dt.timedelta(days=every_days)
    if last_reminded is not None and (last_confirmed is None or last_reminded > last_confirmed):
        due = max(due, last_reminded + REMIND_AGAIN_AFTER)
    return due


def last_of(events: Iterable[AuditEvent], kind: AuditKind) -> dt.datetime | None:
    times = [e.time for e in events if e.kind == kind.value]
    return max(times) if times else None


#: Longest single wait; the reminder is computed again when it wakes (clocks may change).
MAX_WAIT_S = 24 * 3600.0
#: After a reminder fired (or a wake-up found nothing due), wait at least this long:
#: never a reminder loop, whatever the clocks say.
AFTER_WAKE_MIN_WAIT_S = 60.0
#: A wake-up this close before the due time counts as on time.
ON_TIME_S = 1.0


class DrillReminder:
    """When to remind the agent of the next alarm drill, read from the audit log.

    The app asks ``wait_s`` how long to sleep and calls ``wake`` when the time is up;
    ``wake`` records the reminder (``panic.test_reminded``) and says whether to show it.
    """

    def __init__(self, audit: AuditLog, clock: Clock) -> None:
        self._audit = audit
        self._clock = clock
        self.started_at = self.now()

    def now(self) -> dt.datetime:
        return dt.datetime.fromtimestamp(self._clock.wall(), dt.UTC)

    def next_due(self, every_days: int) -> dt.datetime | None:
        if every_days <= 0:
            return None
        events = self._audit.query(kinds=[AuditKind.TEST_CONFIRMED, AuditKind.TEST_REMINDED])
        return next_drill_due(every_days, last_of(events, AuditKind.TEST_CONFIRMED),
                              last_of(events, AuditKind.TEST_REMINDED), self.started_at)

    def wait_s(self, every_days: int, minimum_s: float = 0.0) -> float | None:
        """Seconds to sleep before ``wake``; None when no drill is asked for."""
        due = self.next_due(every_days)
        if due is None:
            return None
        return min(max(minimum_s, (due - self.now()).total_seconds()), MAX_WAIT_S)

    def wake(self, every_days: int) -> bool:
        """The wait is over: True when a reminder is due now (it is recorded as given)."""
        due = self.next_due(every_days)
        if due is None or due > self.now() + dt.timedelta(seconds=ON_TIME_S):
            return False
        self._audit.record(AuditKind.TEST_REMINDED, every_days=every_days)
        return True

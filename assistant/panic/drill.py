"""Alarm drills: the policy can ask for a test alarm every N days (``test_every_days``).

The training asks for procedures to be practised regularly (定期演练). A drill counts once a
supervisor console has shown the test alarm (``panic.test_confirmed`` in the audit log); a
reminder repeats daily until then.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from assistant.audit import AuditEvent
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

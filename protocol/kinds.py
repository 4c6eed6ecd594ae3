"""Event kinds and their priorities: what an agent may send the relay."""

from __future__ import annotations

from enum import IntEnum, StrEnum


class EventKind(StrEnum):
    PANIC_ALERT = "panic.alert"
    PANIC_TEST = "panic.test"
    PANIC_DURESS = "panic.duress"
    PANIC_CANCEL = "panic.cancel"
    PANIC_NOTE = "panic.note"
    LOCK_FAILED = "lock.failed"
    SELFCHECK_COMPLETED = "selfcheck.completed"
    AGENT_STOPPING = "agent.stopping"


class EventPriority(IntEnum):
    """Lower goes first. Alerts are 0 so they overtake anything queued before them."""

    ALERT = 0
    ALERT_FOLLOW_UP = 1
    NORMAL = 5
    LOW = 9


ALERT_KINDS: frozenset[str] = frozenset(
    {EventKind.PANIC_ALERT, EventKind.PANIC_TEST, EventKind.PANIC_DURESS, EventKind.LOCK_FAILED}
)
ALERT_FOLLOW_UP_KINDS: frozenset[str] = frozenset({EventKind.PANIC_CANCEL, EventKind.PANIC_NOTE})


def default_priority(kind: str) -> int:
    """Priority an event of ``kind`` gets when the caller does not choose one."""
    if kind in ALERT_KINDS:
        return int(EventPriority.ALERT)
    if kind in ALERT_FOLLOW_UP_KINDS:
        return int(EventPriority.ALERT_FOLLOW_UP)
    return int(EventPriority.NORMAL)

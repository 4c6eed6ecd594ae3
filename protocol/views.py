"""Typed views of what the relay sends consoles (and, later, a web dashboard): alerts, agents,
events, escalation channels. Each ``from_json`` reads leniently: a field it does not know or a
value it cannot read never breaks a console (an unknown state reads as None)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any, TypeVar

from protocol.kinds import EventKind
from protocol.signing import SIGNING_WINDOW_S
from protocol.states import STATE_RANK, AgentStatus, AlertState, ChannelKind

logger = logging.getLogger(__name__)
_E = TypeVar("_E", bound=StrEnum)


class AlertCategory(StrEnum):
    PANIC = "panic"
    DURESS = "duress"
    TEST = "test"
    LOCK_FAILED = "lock_failed"
    OTHER = "other"


#: Categories that open the alarm windows and sound the alarm until acknowledged.
ALARM_CATEGORIES: frozenset[AlertCategory] = frozenset(
    {AlertCategory.PANIC, AlertCategory.DURESS, AlertCategory.TEST}
)


def parse_time(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def _enum(enum: type[_E], value: Any) -> _E | None:
    try:
        return enum(str(value))
    except ValueError:
        return None


def _text(data: dict[str, Any], key: str) -> str:
    value = data.get(key)
    return "" if value is None else str(value)


def _count(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 1:
        return 1
    return int(value)


def _offset(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


@dataclass(frozen=True)
class AlertNote:
    author: str
    text: str
    at: datetime | None


@dataclass(frozen=True)
class AlertRecord:
    id: str
    event_id: str
    agent_id: str
    seat: str
    agent_name: str
    workstation: str
    kind: str
    test: bool
    trigger: str
    state: AlertState | None  # None: a state this reader does not know
    raised_at: datetime | None
    received_at: datetime | None
    acknowledged_at: datetime | None
    acknowledged_by: str
    resolved_at: datetime | None
    resolved_by: str
    resolution_note: str
    cancelled_at: datetime | None
    first_shown_at: datetime | None
    notes: tuple[AlertNote, ...] = ()
    #: how often the relay merged a repeat into this alert (lock failures); 1 if not said
    occurrences: int = 1
    #: the latest of those repeats (``raised_at`` when the relay does not say)
    last_at: datetime | None = None

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> AlertRecord:
        state = _enum(AlertState, data.get("state"))
        notes = tuple(
            AlertNote(_text(n, "author"), _text(n, "text"), parse_time(n.get("at")))
            for n in data.get("notes") or [] if isinstance(n, dict)
        )
        return cls(
            id=str(data["id"]),
            event_id=_text(data, "event_id"),
            agent_id=_text(data, "agent_id"),
            seat=_text(data, "seat"),
            agent_name=_text(data, "agent_name"),
            workstation=_text(data, "workstation"),
            kind=_text(data, "kind"),
            test=bool(data.get("test")),
            trigger=_text(data, "trigger"),
            state=state,
            raised_at=parse_time(data.get("raised_at")),
            received_at=parse_time(data.get("received_at")),
            acknowledged_at=parse_time(data.get("acknowledged_at")),
            acknowledged_by=_text(data, "acknowledged_by"),
            resolved_at=parse_time(data.get("resolved_at")),
            resolved_by=_text(data, "resolved_by"),
            resolution_note=_text(data, "resolution_note"),
            cancelled_at=parse_time(data.get("cancelled_at")),
            first_shown_at=parse_time(data.get("first_shown_at")),
            notes=notes,
            occurrences=_count(data.get("occurrences")),
            last_at=parse_time(data.get("last_at")) or parse_time(data.get("raised_at")),
        )

    @property
    def waiting_since(self) -> datetime | None:
        """When the alert started waiting: the relay's receipt time (its clock), else raised."""
        return self.received_at or self.raised_at

    @property
    def category(self) -> AlertCategory:
        if self.test or self.kind == EventKind.PANIC_TEST:
            return AlertCategory.TEST
        if self.kind == EventKind.PANIC_DURESS:
            return AlertCategory.DURESS
        if self.kind == EventKind.PANIC_ALERT:
            return AlertCategory.PANIC
        if self.kind == EventKind.LOCK_FAILED:
            return AlertCategory.LOCK_FAILED
        return AlertCategory.OTHER

    @property
    def active(self) -> bool:
        return self.state in (AlertState.OPEN, AlertState.ACKNOWLEDGED)

    @property
    def raises_alarm(self) -> bool:
        """Panic-type alerts open the alarm windows (until closed, resolved)."""
        return self.category in ALARM_CATEGORIES

    @property
    def needs_alarm_sound(self) -> bool:
        return self.raises_alarm and self.state is AlertState.OPEN

    @property
    def rank(self) -> int:
        return -1 if self.state is None else STATE_RANK[self.state]


@dataclass(frozen=True)
class SelfCheckSummary:
    at: datetime | None
    passed: int | None
    failed: int | None
    failed_items: tuple[str, ...]


#: The relay's replay window: an agent whose clock is further off needs correcting.
CLOCK_OFF_LIMIT_S = float(SIGNING_WINDOW_S)


@dataclass(frozen=True)
class AgentRecord:
    id: str
    seat: str
    name: str
    workstation: str
    app_version: str
    state: str
    status: AgentStatus | None  # None: a status this reader does not know
    online: bool
    last_seen: datetime | None
    selfcheck: SelfCheckSummary | None
    #: the agent's clock minus the relay's, in seconds, as the relay measured it
    clock_offset_s: float | None = None

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> AgentRecord:
        status = _enum(AgentStatus, data.get("status"))
        check = data.get("selfcheck")
        selfcheck = None
        if isinstance(check, dict):
            selfcheck = SelfCheckSummary(
                parse_time(check.get("at")),
                check.get("passed") if isinstance(check.get("passed"), int) else None,
                check.get("failed") if isinstance(check.get("failed"), int) else None,
                tuple(str(i) for i in check.get("failed_items") or []),
            )
        return cls(
            id=str(data["id"]),
            seat=_text(data, "seat"),
            name=_text(data, "name"),
            workstation=_text(data, "workstation"),
            app_version=_text(data, "app_version"),
            state=_text(data, "state"),
            status=status,
            online=bool(data.get("online")),
            last_seen=parse_time(data.get("last_seen")),
            selfcheck=selfcheck,
            clock_offset_s=_offset(data.get("clock_offset_s")),
        )

    def clock_off(self, limit_s: float = CLOCK_OFF_LIMIT_S) -> bool:
        """The agent's clock is more than ``limit_s`` away from the relay's."""
        return self.clock_offset_s is not None and abs(self.clock_offset_s) > limit_s


@dataclass(frozen=True)
class FeedEvent:
    """One event as it arrived at the relay (``event`` messages)."""

    id: str
    agent_id: str
    seat: str
    kind: str
    time: datetime | None
    payload: dict[str, Any]

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> FeedEvent:
        payload = data.get("payload")
        return cls(
            id=_text(data, "id"),
            agent_id=_text(data, "agent_id"),
            seat=_text(data, "seat"),
            kind=_text(data, "kind"),
            time=parse_time(data.get("time")),
            payload=payload if isinstance(payload, dict) else {},
        )


@dataclass(frozen=True)
class ChannelHealth:
    """One escalation channel as the relay sees it (``channels`` messages)."""

    name: str
    kind: ChannelKind | None  # None: a channel type this reader does not know
    ok: bool
    failing_since: datetime | None
    last_error: str
    pending: int

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ChannelHealth:
        kind = _enum(ChannelKind, data.get("kind"))
        pending = data.get("pending")
        return cls(
            name=_text(data, "name"),
            kind=kind,
            ok=data.get("ok") is not False,  # only an explicit "not ok" is a failure
            failing_since=parse_time(data.get("failing_since")),
            last_error=_text(data, "last_error"),
            pending=pending if isinstance(pending, int) and not isinstance(pending, bool)
            and pending > 0 else 0,
        )

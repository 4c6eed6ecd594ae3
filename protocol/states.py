"""States on the wire: an agent's activity, an alert's life, an agent's status, channel kinds."""

from __future__ import annotations

from enum import StrEnum


class AgentState(StrEnum):
    """What an agent reports in its heartbeat."""

    ACTIVE = "active"
    IDLE = "idle"
    LOCKED = "locked"
    ON_BREAK = "on_break"
    ON_CALL = "on_call"


#: The ``state`` the relay keeps for an agent that announced ``agent.stopping``.
STOPPED_STATE = "stopped"


class AlertState(StrEnum):
    """Where an alert is in its life; it only ever moves forward (see ``STATE_RANK``)."""

    OPEN = "open"
    ACKNOWLEDGED = "acknowledged"
    RESOLVED = "resolved"
    CANCELLED = "cancelled"


#: Alerts that still need a supervisor.
ACTIVE_ALERT_STATES: frozenset[AlertState] = frozenset(
    {AlertState.OPEN, AlertState.ACKNOWLEDGED}
)

#: How far along an alert is; a view never goes back to an earlier state.
STATE_RANK: dict[AlertState, int] = {
    AlertState.OPEN: 0,
    AlertState.ACKNOWLEDGED: 1,
    AlertState.CANCELLED: 2,
    AlertState.RESOLVED: 3,
}


class AgentStatus(StrEnum):
    """An agent as the floor list shows it (``status`` of an agent view)."""

    ONLINE = "online"
    OFFLINE = "offline"
    STOPPED = "stopped"
    REVOKED = "revoked"
    PENDING_ENROLLMENT = "pending_enrollment"


class ChannelKind(StrEnum):
    """Escalation channel types (the relay's ``[[channels]] type``, ``kind`` on the wire)."""

    WECOM = "wecom"
    DINGTALK = "dingtalk"
    FEISHU = "feishu"
    WEBHOOK = "webhook"
    EMAIL = "email"

"""What one console knows: alerts, the floor of agents, the live feed and who is on duty.

The board applies the relay's websocket messages and history fetches and reports what
changed, so the UI only redraws and the alarm only follows ``alarming()``.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from protocol.messages import MessageType
from protocol.version import VersionCheck, check_relay
from protocol.views import (
    AgentRecord,
    AlertCategory,
    AlertRecord,
    ChannelHealth,
    FeedEvent,
)

logger = logging.getLogger(__name__)

FEED_LIMIT = 500


#: Which alarm a seat shows first on the floor when it has several.
ALARM_PRIORITY = (AlertCategory.PANIC, AlertCategory.DURESS, AlertCategory.TEST)


class ChangeKind(StrEnum):
    RESET = "reset"  # a snapshot replaced the agents and active alerts
    ALERT_ADDED = "alert_added"
    ALERT_CHANGED = "alert_changed"
    AGENT_CHANGED = "agent_changed"
    EVENT = "event"
    SUPERVISORS = "supervisors"
    CHANNELS = "channels"


@dataclass(frozen=True)
class BoardChange:
    kind: ChangeKind
    alert: AlertRecord | None = None
    previous: AlertRecord | None = None
    agent: AgentRecord | None = None
    event: FeedEvent | None = None


class SupervisionBoard:
    def __init__(self, feed_limit: int = FEED_LIMIT) -> None:
        self.alerts: dict[str, AlertRecord] = {}
        self.agents: dict[str, AgentRecord] = {}
        self.feed: deque[FeedEvent] = deque(maxlen=feed_limit)
        self.supervisors_online = 0
        self.supervisor_names: list[str] = []
        self.snapshots = 0
        #: escalation channels as the relay last reported them (empty: it never said)
        self.channels: list[ChannelHealth] = []
        #: the relay's protocol version against ours, from the last snapshot
        self.protocol: VersionCheck | None = None

    # -- input ---------------------------------------------------------------------------
    def apply(self, message: dict[str, Any]) -> list[BoardChange]:
        """Apply one websocket message; unknown or malformed messages change nothing."""
        kind, data = message.get("type"), message.get("data")
        if not isinstance(data, dict):
            return []
        try:
            if kind == MessageType.SNAPSHOT:
                return self._snapshot(data)
            if kind in (MessageType.ALERT, MessageType.ALERT_UPDATED):
                change = self.merge_alert(AlertRecord.from_json(data), newest=True)
                return [change] if change else []
            if kind == MessageType.AGENT_UPDATED:
                agent = AgentRecord.from_json(data)
                self.agents[agent.id] = agent
                return [BoardChange(ChangeKind.AGENT_CHANGED, agent=agent)]
            if kind == MessageType.EVENT:
                event = FeedEvent.from_json(data)
                self.feed.appendleft(event)
                return [BoardChange(ChangeKind.EVENT, event=event)]
            if kind == MessageType.SUPERVISORS:
                self._supervisors(data)
                return [BoardChange(ChangeKind.SUPERVISORS)]
            if kind == MessageType.CHANNELS:
                self._channels(data.get("channels"))
                return [BoardChange(ChangeKind.CHANNELS)]
        except (KeyError, TypeError, ValueError) as exc:
            logger.warning("ignored a malformed %s message: %s", kind, exc)
        return []

    def merge_history(self, rows: Iterable[dict[str, Any]]) -> list[BoardChange]:
        """Alerts fetched over HTTP; never moves a known alert back to an earlier state."""
        changes = []
        for row in rows:
            try:
                change = self.merge_alert(AlertRecord.from_json(row), newest=False)
            except (KeyError, TypeError, ValueError) as exc:
                logger.warning("ignored a malformed alert: %s", exc)
                continue
            if change:
                changes.append(change)
        return changes

    def replace_agents(self, rows: Iterable[dict[str, Any]]) -> list[BoardChange]:
        """The floor as fetched over HTTP (fresh "last seen" times)."""
        agents = {}
        for row in rows:
            try:
                agent = AgentRecord.from_json(row)
            except (KeyError, TypeError, ValueError) as exc:
                logger.warning("ignored a malformed agent: %s", exc)
                continue
            agents[agent.id] = agent
        changed = [a for a in agents.values() if self.agents.get(a.id) != a]
        self.agents = agents
        return [BoardChange(ChangeKind.AGENT_CHANGED, agent=a) for a in changed]

    def merge_alert(self, alert: AlertRecord, newest: bool) -> BoardChange | None:
        """Store ``alert``; ``newest`` (live messages) wins ties against what is known."""
        previous = self.alerts.get(alert.id)
        if previous is None:
            self.alerts[alert.id] = alert
            return BoardChange(ChangeKind.ALERT_ADDED, alert=alert)
        if alert == previous:
            return None
        if alert.rank < previous.rank or (alert.rank == previous.rank and not newest
                                          and len(alert.notes) <= len(previous.notes)
                                          and alert.occurrences <= previous.occurrences):
            return None
        self.alerts[alert.id] = alert
        return BoardChange(ChangeKind.ALERT_CHANGED, alert=alert, previous=previous)

    def _snapshot(self, data: dict[str, Any]) -> list[BoardChange]:
        self.snapshots += 1
        self.protocol = check_relay(data)
        if not self.protocol.matches:
            logger.warning("%s", self.protocol.describe())
        self.agents = {}
        for row in data.get("agents") or []:
            agent = AgentRecord.from_json(row)
            self.agents[agent.id] = agent
        changes = [BoardChange(ChangeKind.RESET)]
        for row in data.get("alerts") or []:
            change = self.merge_alert(AlertRecord.from_json(row), newest=True)
            if change is not None:
                changes.append(change)
        supervisors = data.get("supervisors")
        if isinstance(supervisors, dict):
            self._supervisors(supervisors)
        if "channels" in data:
            self._channels(data.get("channels"))
        return changes

    def _channels(self, rows: Any) -> None:
        if not isinstance(rows, list):
            logger.warning("ignored channel health that is not a list")
            return
        self.channels = [ChannelHealth.from_json(row) for row in rows if isinstance(row, dict)]

    def _supervisors(self, data: dict[str, Any]) -> None:
        self.supervisors_online = int(data.get("online", 0))
        self.supervisor_names = [str(n) for n in data.get("names") or []]

    # -- views ---------------------------------------------------------------------------
    @staticmethod
    def _newest_first(alerts: Iterable[AlertRecord]) -> list[AlertRecord]:
        def when(alert: AlertRecord) -> float:
            moment = alert.received_at or alert.raised_at
            return moment.timestamp() if moment is not None else 0.0

        return sorted(alerts, key=when, reverse=True)

    def active_alerts(self) -> list[AlertRecord]:
        return self._newest_first(a for a in self.alerts.values() if a.active)

    def history(self) -> list[AlertRecord]:
        return self._newest_first(self.alerts.values())

    def alarming(self) -> list[AlertRecord]:
        """Alerts that must sound the alarm now: panic-type and not yet acknowledged."""
        return self._newest_first(a for a in self.alerts.values() if a.needs_alarm_sound)

    def floor(self) -> list[AgentRecord]:
        return sorted(self.agents.values(), key=lambda a: (a.status == "revoked", a.seat, a.id))

    def failing_channels(self) -> list[ChannelHealth]:
        return [c for c in self.channels if not c.ok]

    def seat_alarms(self) -> dict[str, AlertRecord]:
        """Per agent id, the most serious alarm not yet resolved or cancelled (newest first)."""
        found: dict[str, AlertRecord] = {}
        for alert in self.active_alerts():
            if not alert.raises_alarm or not alert.agent_id:
                continue
            known = found.get(alert.agent_id)
            if known is None or _serious(alert) < _serious(known):
                found[alert.agent_id] = alert
        return found


def _serious(alert: AlertRecord) -> tuple[int, int]:
    """Sort key: waiting before acknowledged, then emergency before duress before TEST."""
    return (alert.rank, ALARM_PRIORITY.index(alert.category))

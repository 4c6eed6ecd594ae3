"""Enums of the relay's own states."""

from __future__ import annotations

from enum import StrEnum


class AlertState(StrEnum):
    OPEN = "open"
    ACKNOWLEDGED = "acknowledged"
    RESOLVED = "resolved"
    CANCELLED = "cancelled"


class MessageType(StrEnum):
    """``type`` of the messages on the console websocket."""

    SNAPSHOT = "snapshot"
    EVENT = "event"
    ALERT = "alert"
    ALERT_UPDATED = "alert.updated"
    AGENT_UPDATED = "agent.updated"
    SUPERVISORS = "supervisors"
    CHANNELS = "channels"


class DeliveryState(StrEnum):
    """State of one escalation to one channel (``escalation_deliveries.state``)."""

    PENDING = "pending"
    DELIVERED = "delivered"
    #: the alert was acknowledged, resolved or cancelled before the channel confirmed
    SETTLED = "settled"

"""The console websocket: the ``type`` of each message the relay pushes."""

from __future__ import annotations

from enum import StrEnum


class MessageType(StrEnum):
    SNAPSHOT = "snapshot"
    EVENT = "event"
    ALERT = "alert"
    ALERT_UPDATED = "alert.updated"
    AGENT_UPDATED = "agent.updated"
    SUPERVISORS = "supervisors"
    CHANNELS = "channels"

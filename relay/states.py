"""States only the relay keeps (the wire's states are in ``protocol.states``)."""

from __future__ import annotations

from enum import StrEnum


class DeliveryState(StrEnum):
    """State of one escalation to one channel (``escalation_deliveries.state``)."""

    PENDING = "pending"
    DELIVERED = "delivered"
    #: the alert was acknowledged, resolved or cancelled before the channel confirmed
    SETTLED = "settled"

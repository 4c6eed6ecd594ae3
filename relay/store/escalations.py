"""The relay's escalation outbox: one delivery per (alert, channel), retried until confirmed."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from protocol.states import AlertState
from relay.models import Alert, EscalationDelivery
from relay.states import DeliveryState
from relay.store.alerts import alert_full
from relay.store.timestamps import iso


def queue_escalation(
    session: Session, alert_id: str, channels: Sequence[str], reason: str, now: datetime
) -> int:
    """One pending delivery per channel (never a second one); returns how many were new."""
    existing = set(session.scalars(
        select(EscalationDelivery.channel).where(EscalationDelivery.alert_id == alert_id)
    ).all())
    added = 0
    for channel in channels:
        if channel in existing:
            continue
        session.add(EscalationDelivery(alert_id=alert_id, channel=channel, reason=reason,
                                       state=DeliveryState.PENDING.value, created_at=now,
                                       next_attempt_at=now))
        added += 1
    session.flush()
    return added


def escalation_queued(session: Session, alert_id: str) -> bool:
    return session.scalar(
        select(EscalationDelivery.id).where(EscalationDelivery.alert_id == alert_id).limit(1)
    ) is not None


@dataclass(frozen=True)
class DueDelivery:
    id: int
    alert: dict[str, Any]
    reason: str
    attempts: int
    #: False: the alert was acknowledged/resolved/cancelled; the delivery is now settled
    still_open: bool


def next_delivery(session: Session, channel: str, now: datetime) -> DueDelivery | None:
    """The oldest due pending delivery of ``channel``; settles those whose alert is closed."""
    while True:
        row = session.scalar(
            select(EscalationDelivery)
            .where(EscalationDelivery.channel == channel,
                   EscalationDelivery.state == DeliveryState.PENDING.value,
                   EscalationDelivery.next_attempt_at <= now)
            .order_by(EscalationDelivery.next_attempt_at, EscalationDelivery.id).limit(1)
        )
        if row is None:
            return None
        alert = session.get(Alert, row.alert_id)
        if alert is None or alert.state != AlertState.OPEN.value:
            row.state = DeliveryState.SETTLED.value
            session.flush()
            continue
        return DueDelivery(row.id, alert_full(session, alert), row.reason, row.attempts, True)


def next_delivery_due_at(session: Session, channel: str) -> datetime | None:
    return session.scalar(
        select(func.min(EscalationDelivery.next_attempt_at))
        .where(EscalationDelivery.channel == channel,
               EscalationDelivery.state == DeliveryState.PENDING.value)
    )


def delivery_delivered(session: Session, delivery_id: int, now: datetime) -> dict[str, Any] | None:
    """Mark delivered; the alert counts as escalated from its first confirmed delivery."""
    row = session.get(EscalationDelivery, delivery_id)
    if row is None:
        return None
    row.state = DeliveryState.DELIVERED.value
    row.attempts += 1
    row.delivered_at = now
    row.last_error = ""
    alert = session.get(Alert, row.alert_id)
    if alert is None:
        return None
    changed = alert.escalated_at is None
    if changed:
        alert.escalated_at = now
    session.flush()
    return alert_full(session, alert) if changed else None


def delivery_failed(
    session: Session, delivery_id: int, error: str, retry_at: datetime
) -> None:
    row = session.get(EscalationDelivery, delivery_id)
    if row is None:
        return
    row.attempts += 1
    row.last_error = error[:500]
    row.next_attempt_at = retry_at
    session.flush()


def settle_deliveries(session: Session, alert_id: str) -> int:
    result = session.execute(
        update(EscalationDelivery)
        .where(EscalationDelivery.alert_id == alert_id,
               EscalationDelivery.state == DeliveryState.PENDING.value)
        .values(state=DeliveryState.SETTLED.value)
    )
    return int(getattr(result, "rowcount", 0) or 0)


def pending_counts(session: Session) -> dict[str, int]:
    rows = session.execute(
        select(EscalationDelivery.channel, func.count())
        .where(EscalationDelivery.state == DeliveryState.PENDING.value)
        .group_by(EscalationDelivery.channel)
    ).all()
    return {str(r[0]): int(r[1]) for r in rows}


def recent_deliveries(session: Session, channel: str, since: datetime) -> list[datetime]:
    return [d for d in session.scalars(
        select(EscalationDelivery.delivered_at)
        .where(EscalationDelivery.channel == channel,
               EscalationDelivery.delivered_at.is_not(None),
               EscalationDelivery.delivered_at >= since)
    ).all() if d is not None]


def deliveries_by_alert(session: Session, alert_ids: Sequence[str]) -> dict[str, list[dict[str, Any]]]:
    rows = session.scalars(
        select(EscalationDelivery).where(EscalationDelivery.alert_id.in_(list(alert_ids)))
        .order_by(EscalationDelivery.id)
    ).all()
    result: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        result.setdefault(row.alert_id, []).append({
            "channel": row.channel, "state": row.state, "attempts": row.attempts,
            "next_attempt_at": iso(row.next_attempt_at), "last_error": row.last_error,
            "delivered_at": iso(row.delivered_at),
        })
    return result


def failing_channels(session: Session) -> list[dict[str, Any]]:
    """Channels with pending deliveries that failed at least once (for ``safety-relay alerts``).

    ``failing_since`` is when the oldest such delivery was queued: its first attempt failed.
    """
    rows = session.scalars(
        select(EscalationDelivery)
        .where(EscalationDelivery.state == DeliveryState.PENDING.value,
               EscalationDelivery.attempts > 0)
        .order_by(EscalationDelivery.created_at)
    ).all()
    channels: dict[str, dict[str, Any]] = {}
    for row in rows:
        entry = channels.setdefault(row.channel, {
            "name": row.channel, "failing_since": iso(row.created_at), "pending": 0,
            "last_error": row.last_error,
        })
        entry["pending"] += 1
    return list(channels.values())


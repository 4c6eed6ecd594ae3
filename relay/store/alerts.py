"""Alerts: their views, listing, acknowledging, resolving, shown marks and escalation marks."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from protocol.kinds import EventKind
from protocol.states import ACTIVE_ALERT_STATES, AlertState
from relay.models import Agent, Alert, AlertNote, AlertView, EscalationDelivery, Event
from relay.privacy import mask_free_text
from relay.store.errors import StoreError
from relay.store.timestamps import iso


@dataclass(frozen=True)
class Repeats:
    """Lock failures merged into an open lock-failure alert (see :func:`ingest_events`)."""

    count: int = 0
    last_at: datetime | None = None


class Sender(Protocol):
    """Who raised an alert, as its view shows them (an ``Agent`` row or an identity)."""

    @property
    def seat(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def workstation(self) -> str: ...


def alert_view(alert: Alert, agent: Sender | None, notes: Sequence[AlertNote] = (),
               repeats: Repeats = Repeats()) -> dict[str, Any]:
    last_at = alert.raised_at
    if repeats.last_at is not None and (last_at is None or repeats.last_at > last_at):
        last_at = repeats.last_at
    return {
        "id": alert.id,
        "event_id": alert.event_id,
        "agent_id": alert.agent_id,
        "seat": agent.seat if agent else "",
        "agent_name": agent.name if agent else "",
        "workstation": agent.workstation if agent else "",
        "kind": alert.kind,
        "test": alert.kind == EventKind.PANIC_TEST,
        "trigger": alert.trigger,
        "state": alert.state,
        "raised_at": iso(alert.raised_at),
        "received_at": iso(alert.received_at),
        "acknowledged_at": iso(alert.acknowledged_at),
        "acknowledged_by": alert.acknowledged_by,
        "resolved_at": iso(alert.resolved_at),
        "resolved_by": alert.resolved_by,
        "resolution_note": alert.resolution_note,
        "cancelled_at": iso(alert.cancelled_at),
        "first_shown_at": iso(alert.first_shown_at),
        "escalated_at": iso(alert.escalated_at),
        #: how often it happened: 1 + the lock failures merged into it
        "occurrences": 1 + repeats.count,
        "last_at": iso(last_at),
        "notes": [
            {"author": n.author, "text": n.text, "at": iso(n.created_at)} for n in notes
        ],
    }


def alert_full(session: Session, alert: Alert) -> dict[str, Any]:
    agent = session.get(Agent, alert.agent_id)
    notes = session.scalars(
        select(AlertNote).where(AlertNote.alert_id == alert.id).order_by(AlertNote.id)
    ).all()
    return alert_view(alert, agent, notes, _repeats(session, alert))


def _repeats(session: Session, alert: Alert) -> Repeats:
    if alert.kind != EventKind.LOCK_FAILED:
        return Repeats()
    row = session.execute(
        select(func.count(), func.max(Event.time)).where(
            Event.agent_id == alert.agent_id, Event.kind == EventKind.LOCK_FAILED.value,
            Event.ref_id == alert.id)
    ).one()
    return Repeats(int(row[0] or 0), row[1])


def open_lock_failure(session: Session, agent_id: str) -> Alert | None:
    """The agent's lock-failure alert nobody resolved yet (open or acknowledged)."""
    return session.scalar(
        select(Alert).where(Alert.agent_id == agent_id,
                            Alert.kind == EventKind.LOCK_FAILED.value,
                            Alert.state.in_(sorted(ACTIVE_ALERT_STATES)))
        .order_by(Alert.received_at.desc()).limit(1)
    )


def list_alerts(
    session: Session, state: str | Iterable[str] | None = None, limit: int = 100
) -> list[dict[str, Any]]:
    query = select(Alert).order_by(Alert.received_at.desc()).limit(limit)
    if isinstance(state, str):
        query = query.where(Alert.state == state)
    elif state:
        query = query.where(Alert.state.in_(list(state)))
    alerts = session.scalars(query).all()
    return [alert_full(session, alert) for alert in alerts]


def get_alert(session: Session, alert_id: str) -> dict[str, Any]:
    return alert_full(session, alert_or_404(session, alert_id))


def stats(session: Session) -> dict[str, int]:
    return {
        "events": session.scalar(select(func.count()).select_from(Event)) or 0,
        "alerts": session.scalar(select(func.count()).select_from(Alert)) or 0,
        "open_alerts": session.scalar(
            select(func.count()).select_from(Alert).where(Alert.state.in_(sorted(ACTIVE_ALERT_STATES)))
        ) or 0,
        "agents": session.scalar(select(func.count()).select_from(Agent)) or 0,
    }


def find_alert_by_ref(session: Session, agent_id: str, ref: str) -> Alert | None:
    return session.scalar(
        select(Alert).where(
            Alert.agent_id == agent_id, or_(Alert.id == ref, Alert.event_id == ref)
        )
    )


def agent_updates(session: Session, agent_id: str, since: datetime) -> dict[str, list[dict[str, Any]]]:
    alerts = session.scalars(
        select(Alert).where(Alert.agent_id == agent_id, Alert.received_at >= since)
        .order_by(Alert.received_at)
    ).all()
    acknowledged = [
        {"alert_id": a.id, "event_id": a.event_id, "at": iso(a.acknowledged_at)}
        for a in alerts
        if a.acknowledged_at is not None
    ]
    shown = [
        {"alert_id": a.id, "event_id": a.event_id, "at": iso(a.first_shown_at)}
        for a in alerts
        if a.first_shown_at is not None
    ]
    return {"acknowledged": acknowledged, "shown": shown}


def alert_or_404(session: Session, alert_id: str) -> Alert:
    alert = session.get(Alert, alert_id)
    if alert is None:
        raise StoreError(404, f"no alert {alert_id}")
    return alert


def acknowledge_alert(
    session: Session, alert_id: str, by: str, now: datetime
) -> tuple[dict[str, Any], bool]:
    """First ack wins; later ones return the alert unchanged."""
    alert = alert_or_404(session, alert_id)
    if alert.state == AlertState.OPEN.value:
        alert.state = AlertState.ACKNOWLEDGED.value
        alert.acknowledged_at = now
        alert.acknowledged_by = by
        if alert.first_shown_at is None:
            alert.first_shown_at = now
        session.flush()
        return alert_full(session, alert), True
    if alert.state == AlertState.ACKNOWLEDGED.value:
        return alert_full(session, alert), False
    raise StoreError(409, f"alert is already {alert.state}")


def resolve_alert(
    session: Session, alert_id: str, by: str, note: str, now: datetime
) -> dict[str, Any]:
    alert = alert_or_404(session, alert_id)
    if alert.state == AlertState.RESOLVED.value:
        raise StoreError(409, "alert is already resolved")
    if alert.acknowledged_at is None and alert.state != AlertState.CANCELLED.value:
        alert.acknowledged_at = now
        alert.acknowledged_by = by
    alert.state = AlertState.RESOLVED.value
    alert.resolved_at = now
    alert.resolved_by = by
    note = mask_free_text(note)
    alert.resolution_note = note
    if note:
        session.add(AlertNote(alert_id=alert.id, author=by, text=note, created_at=now))
    session.flush()
    return alert_full(session, alert)


def mark_alert_shown(
    session: Session, alert_id: str, supervisor_id: int, now: datetime
) -> tuple[dict[str, Any], bool]:
    alert = alert_or_404(session, alert_id)
    already = session.scalar(
        select(AlertView.id).where(
            AlertView.alert_id == alert_id, AlertView.supervisor_id == supervisor_id
        )
    )
    if already is None:
        session.add(AlertView(alert_id=alert_id, supervisor_id=supervisor_id, shown_at=now))
    changed = alert.first_shown_at is None
    if changed:
        alert.first_shown_at = now
    session.flush()
    return alert_full(session, alert), changed


def alert_escalation_state(session: Session, alert_id: str) -> tuple[str, datetime | None] | None:
    row = session.execute(
        select(Alert.state, Alert.escalated_at).where(Alert.id == alert_id)
    ).first()
    return (row[0], row[1]) if row else None


def mark_escalated(session: Session, alert_id: str, now: datetime) -> dict[str, Any] | None:
    alert = session.get(Alert, alert_id)
    if alert is None:
        return None
    alert.escalated_at = now
    session.flush()
    return alert_full(session, alert)


def pending_escalations(session: Session) -> list[dict[str, Any]]:
    """Open alerts whose escalation was not decided yet (no delivery queued)."""
    queued = select(EscalationDelivery.alert_id)
    alerts = session.scalars(
        select(Alert).where(Alert.state == AlertState.OPEN.value, Alert.escalated_at.is_(None),
                            Alert.id.not_in(queued))
    ).all()
    return [alert_full(session, a) for a in alerts]


"""Database operations of the relay. Plain functions over a Session, run in a transaction.

They return plain dicts ready for JSON so nothing ORM-bound leaves the DB thread.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import Connection, Table, bindparam, delete, func, insert, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from protocol.kinds import ALERT_KINDS, EventKind
from protocol.messages import MessageType
from protocol.states import AlertState
from relay import credentials
from relay.db import utcnow
from relay.models import (
    Agent,
    AgentClock,
    Alert,
    AlertNote,
    AlertView,
    EnrollmentCode,
    EscalationDelivery,
    Event,
    Nonce,
    SessionToken,
    Supervisor,
)
from relay.privacy import mask_free_text, mask_payload
from relay.secretbox import SecretBox
from relay.states import DeliveryState

logger = logging.getLogger(__name__)

ENROLLMENT_TTL = timedelta(hours=24)
ACTIVE_ALERT_STATES = (AlertState.OPEN.value, AlertState.ACKNOWLEDGED.value)


class StoreError(Exception):
    """A refused operation with the HTTP status and detail to answer."""

    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail


def iso(value: datetime | None) -> str | None:
    return value.isoformat().replace("+00:00", "Z") if value is not None else None


def agent_secret_context(agent_id: str) -> str:
    return f"agent-secret:{agent_id}"


# -- views --------------------------------------------------------------------------------
def agent_view(agent: Agent, now: datetime, offline_after_s: float) -> dict[str, Any]:
    online = (
        agent.revoked_at is None
        and not agent.stopped
        and agent.last_seen is not None
        and (now - agent.last_seen).total_seconds() <= offline_after_s
    )
    selfcheck = None
    if agent.selfcheck_at is not None:
        selfcheck = {
            "at": iso(agent.selfcheck_at),
            "passed": agent.selfcheck_passed,
            "failed": agent.selfcheck_failed,
            "failed_items": [i for i in agent.selfcheck_failed_items.split(",") if i],
        }
    if agent.revoked_at is not None:
        status = "revoked"
    elif agent.enrolled_at is None:
        status = "pending_enrollment"
    elif agent.stopped:
        status = "stopped"
    else:
        status = "online" if online else "offline"
    return {
        "id": agent.id,
        "seat": agent.seat,
        "name": agent.name,
        "workstation": agent.workstation,
        "app_version": agent.app_version,
        "state": agent.state,
        "status": status,
        "online": online,
        "last_seen": iso(agent.last_seen),
        "enrolled_at": iso(agent.enrolled_at),
        "revoked": agent.revoked_at is not None,
        "selfcheck": selfcheck,
        #: agent clock minus relay clock at the last heartbeat (None before the first one)
        "clock_offset_s": None if agent.clock is None else round(agent.clock.offset_s, 1),
    }


@dataclass(frozen=True)
class Repeats:
    """Lock failures merged into an open lock-failure alert (see :func:`ingest_events`)."""

    count: int = 0
    last_at: datetime | None = None


def alert_view(alert: Alert, agent: Agent | None, notes: Sequence[AlertNote] = (),
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


def _alert_full(session: Session, alert: Alert) -> dict[str, Any]:
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


def _open_lock_failure(session: Session, agent_id: str) -> Alert | None:
    """The agent's lock-failure alert nobody resolved yet (open or acknowledged)."""
    return session.scalar(
        select(Alert).where(Alert.agent_id == agent_id,
                            Alert.kind == EventKind.LOCK_FAILED.value,
                            Alert.state.in_(ACTIVE_ALERT_STATES))
        .order_by(Alert.received_at.desc()).limit(1)
    )


# -- admin --------------------------------------------------------------------------------
def create_supervisor(session: Session, name: str, password_hash: str) -> int:
    if session.scalar(select(Supervisor.id).where(Supervisor.name == name)) is not None:
        raise StoreError(409, f"supervisor {name!r} already exists")
    supervisor = Supervisor(name=name, password_hash=password_hash)
    session.add(supervisor)
    session.flush()
    return supervisor.id


def create_agent(
    session: Session, seat: str, name: str = "", now: datetime | None = None
) -> tuple[dict[str, Any], str, datetime]:
    """New agent for ``seat``; returns (agent view, one-time code, code expiry)."""
    now = now or utcnow()
    active = session.scalar(
        select(Agent).where(Agent.seat == seat, Agent.revoked_at.is_(None))
    )
    if active is not None:
        raise StoreError(
            409, f"seat {seat!r} already has agent {active.id}; revoke it first"
        )
    agent = Agent(id=str(uuid.uuid4()), seat=seat, name=name, created_at=now)
    session.add(agent)
    code = credentials.new_enrollment_code()
    expires = now + ENROLLMENT_TTL
    session.add(
        EnrollmentCode(
            code_hash=credentials.hash_enrollment_code(code),
            agent_id=agent.id,
            created_at=now,
            expires_at=expires,
        )
    )
    session.flush()
    return agent_view(agent, now, 90), code, expires


def find_agent(session: Session, id_or_seat: str) -> Agent | None:
    agent = session.get(Agent, id_or_seat)
    if agent is not None:
        return agent
    candidates = session.scalars(
        select(Agent).where(Agent.seat == id_or_seat).order_by(Agent.created_at.desc())
    ).all()
    active = [a for a in candidates if a.revoked_at is None]
    ranked = active or list(candidates)
    return ranked[0] if ranked else None


def revoke_agent(session: Session, id_or_seat: str, now: datetime | None = None) -> dict[str, Any]:
    agent = find_agent(session, id_or_seat)
    if agent is None:
        raise StoreError(404, f"no agent with id or seat {id_or_seat!r}")
    now = now or utcnow()
    if agent.revoked_at is None:
        agent.revoked_at = now
    session.execute(
        delete(EnrollmentCode).where(
            EnrollmentCode.agent_id == agent.id, EnrollmentCode.used_at.is_(None)
        )
    )
    return agent_view(agent, now, 90)


def list_agents(session: Session, now: datetime, offline_after_s: float) -> list[dict[str, Any]]:
    agents = session.scalars(select(Agent).order_by(Agent.seat, Agent.created_at)).all()
    return [agent_view(a, now, offline_after_s) for a in agents]


def list_alerts(
    session: Session, state: str | Sequence[str] | None = None, limit: int = 100
) -> list[dict[str, Any]]:
    query = select(Alert).order_by(Alert.received_at.desc()).limit(limit)
    if isinstance(state, str):
        query = query.where(Alert.state == state)
    elif state:
        query = query.where(Alert.state.in_(list(state)))
    alerts = session.scalars(query).all()
    return [_alert_full(session, alert) for alert in alerts]


def get_alert(session: Session, alert_id: str) -> dict[str, Any]:
    return _alert_full(session, _alert_or_404(session, alert_id))


def stats(session: Session) -> dict[str, int]:
    return {
        "events": session.scalar(select(func.count()).select_from(Event)) or 0,
        "alerts": session.scalar(select(func.count()).select_from(Alert)) or 0,
        "open_alerts": session.scalar(
            select(func.count()).select_from(Alert).where(Alert.state.in_(ACTIVE_ALERT_STATES))
        ) or 0,
        "agents": session.scalar(select(func.count()).select_from(Agent)) or 0,
    }


# -- enrollment ---------------------------------------------------------------------------
def redeem_enrollment_code(
    session: Session,
    code: str,
    workstation: str,
    app_version: str,
    secret: str,
    box: SecretBox,
    now: datetime | None = None,
) -> dict[str, Any]:
    now = now or utcnow()
    record = session.get(EnrollmentCode, credentials.hash_enrollment_code(code))
    if record is None:
        raise StoreError(401, "enrollment code not recognised; check it or ask for a new one")
    if record.used_at is not None:
        raise StoreError(410, "enrollment code already used; ask your administrator for a new one")
    if now >= record.expires_at:
        raise StoreError(410, "enrollment code expired (valid 24 h); ask for a new one")
    agent = session.get(Agent, record.agent_id)
    if agent is None or agent.revoked_at is not None:
        raise StoreError(410, "this agent was revoked; ask your administrator for a new code")
    record.used_at = now
    agent.secret_box = box.seal(secret, agent_secret_context(agent.id))
    agent.enrolled_at = now
    agent.workstation = workstation
    agent.app_version = app_version
    agent.stopped = False
    return {"agent_id": agent.id, "secret": secret, "seat": agent.seat, "name": agent.name}


# -- signed agent requests (hot path: prebuilt Core statements on a Connection) -----------
AGENTS = cast(Table, Agent.__table__)
NONCES = cast(Table, Nonce.__table__)
AGENT_CLOCKS = cast(Table, AgentClock.__table__)
_UPDATE_CLOCK = (
    update(AGENT_CLOCKS).where(AGENT_CLOCKS.c.agent_id == bindparam("b_agent_id"))
    .values(offset_s=bindparam("b_offset_s"), measured_at=bindparam("b_now"))
)
_INSERT_CLOCK = insert(AGENT_CLOCKS)
_LOAD_CREDENTIALS = select(
    AGENTS.c.secret_box, AGENTS.c.revoked_at, AGENTS.c.seat, AGENTS.c.name,
    AGENTS.c.state, AGENTS.c.app_version, AGENTS.c.stopped,
).where(AGENTS.c.id == bindparam("agent_id"))
_INSERT_NONCE = insert(NONCES)
_TOUCH_AGENT = (
    update(AGENTS).where(AGENTS.c.id == bindparam("agent_id"))
    .values(last_seen=bindparam("now"))
)
_HEARTBEAT = (
    update(AGENTS).where(AGENTS.c.id == bindparam("agent_id"))
    .values(state=bindparam("state"), app_version=bindparam("app_version"), stopped=False,
            last_seen=bindparam("now"))
)


@dataclass(frozen=True)
class AgentIdentity:
    id: str
    seat: str
    name: str
    state: str
    app_version: str
    stopped: bool


@dataclass(frozen=True)
class AgentCredentials:
    secret: str
    revoked: bool
    identity: AgentIdentity


def load_agent_credentials(
    connection: Connection, agent_id: str, box: SecretBox
) -> AgentCredentials:
    """Secret, revocation and identity of an enrolled agent; 401 for an unknown one."""
    row = connection.execute(_LOAD_CREDENTIALS, {"agent_id": agent_id}).first()
    if row is None or row.secret_box is None:
        raise StoreError(401, "unknown agent")
    secret = box.open(row.secret_box, agent_secret_context(agent_id))
    identity = AgentIdentity(agent_id, row.seat, row.name, row.state, row.app_version,
                             bool(row.stopped))
    return AgentCredentials(secret, row.revoked_at is not None, identity)


def accept_nonce(connection: Connection, agent_id: str, nonce: str, now: datetime) -> None:
    """Record ``nonce`` (409 if it was used before) and mark the agent as seen."""
    try:
        connection.execute(_INSERT_NONCE, {"agent_id": agent_id, "nonce": nonce, "seen_at": now})
    except IntegrityError:
        raise StoreError(409, "replayed request: this nonce was already used") from None
    connection.execute(_TOUCH_AGENT, {"agent_id": agent_id, "now": now})


def record_heartbeat(
    connection: Connection, agent: AgentIdentity, state: str, app_version: str, now: datetime
) -> bool:
    """Store state and version; True when consoles should hear of it."""
    connection.execute(
        _HEARTBEAT,
        {"agent_id": agent.id, "state": state, "app_version": app_version, "now": now},
    )
    return agent.state != state or agent.app_version != app_version or agent.stopped


def record_clock_offset(connection: Connection, agent_id: str, offset_s: float,
                        now: datetime) -> None:
    """Remember the agent's clock offset (agent minus relay, seconds) in ``agent_clocks``."""
    values = {"b_agent_id": agent_id, "b_offset_s": offset_s, "b_now": now}
    if not getattr(connection.execute(_UPDATE_CLOCK, values), "rowcount", 0):
        connection.execute(_INSERT_CLOCK, {"agent_id": agent_id, "offset_s": offset_s,
                                           "measured_at": now})


def agent_view_by_id(
    session: Session, agent_id: str, now: datetime, offline_after_s: float
) -> dict[str, Any] | None:
    agent = session.get(Agent, agent_id)
    return agent_view(agent, now, offline_after_s) if agent is not None else None


def purge_nonces(session: Session, older_than: datetime) -> int:
    result = session.execute(delete(Nonce).where(Nonce.seen_at < older_than))
    return int(getattr(result, "rowcount", 0) or 0)


@dataclass
class IngestResult:
    stored: list[str] = field(default_factory=list)
    duplicate: list[str] = field(default_factory=list)
    #: (message type, data) to broadcast to consoles, in order
    messages: list[tuple[MessageType, dict[str, Any]]] = field(default_factory=list)
    #: alerts created by this batch (for escalation)
    new_alerts: list[dict[str, Any]] = field(default_factory=list)


def _ref_id(payload: dict[str, Any]) -> str | None:
    value = payload.get("alert_id")
    if value is None:
        return None
    return str(value)[:64]


def _find_alert_by_ref(session: Session, agent_id: str, ref: str) -> Alert | None:
    return session.scalar(
        select(Alert).where(
            Alert.agent_id == agent_id, or_(Alert.id == ref, Alert.event_id == ref)
        )
    )


def _count(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, list):
        return len(value)
    return None


def ingest_events(
    session: Session,
    agent_id: str,
    events: Sequence[dict[str, Any]],
    now: datetime,
    offline_after_s: float,
) -> IngestResult:
    """Store each event UUID once per agent and apply its effect (alerts, cancel, notes,
    self-check); another agent's event with the same UUID is a different event."""
    result = IngestResult()
    ids = [e["id"] for e in events]
    existing = set(session.scalars(
        select(Event.id).where(Event.agent_id == agent_id, Event.id.in_(ids))).all())
    agent = session.get(Agent, agent_id)
    if agent is None:
        raise StoreError(401, "unknown agent")
    agent_changed = False
    for data in events:
        event_id = data["id"]
        if event_id in existing:
            result.duplicate.append(event_id)
            continue
        existing.add(event_id)
        kind, payload = data["kind"], mask_payload(data["payload"])
        ref = _ref_id(payload)
        merged_into = _open_lock_failure(session, agent_id) if kind == EventKind.LOCK_FAILED \
            else None
        if merged_into is not None:
            ref = merged_into.id  # a repeat: counted on the open item, no new alert
        session.add(
            Event(
                id=event_id,
                agent_id=agent_id,
                kind=kind,
                time=data["time"],
                priority=data["priority"],
                payload=json.dumps(payload, separators=(",", ":")),
                ref_id=ref,
                received_at=now,
            )
        )
        session.flush()
        result.stored.append(event_id)
        result.messages.append(
            (
                MessageType.EVENT,
                {
                    "id": event_id,
                    "agent_id": agent_id,
                    "seat": agent.seat,
                    "kind": kind,
                    "time": iso(data["time"]),
                    "priority": data["priority"],
                    "payload": payload,
                },
            )
        )
        if merged_into is not None:
            result.messages.append(
                (MessageType.ALERT_UPDATED, _alert_full(session, merged_into)))
        elif kind in ALERT_KINDS:
            alert = Alert(
                id=str(uuid.uuid4()),
                event_id=event_id,
                agent_id=agent_id,
                kind=kind,
                state=AlertState.OPEN.value,
                trigger=str(payload.get("trigger", ""))[:64],
                raised_at=data["time"],
                received_at=now,
            )
            session.add(alert)
            early_cancel = session.scalar(
                select(Event.id).where(
                    Event.agent_id == agent_id,
                    Event.kind == EventKind.PANIC_CANCEL.value,
                    Event.ref_id == event_id,
                )
            )
            if early_cancel is not None:
                alert.state = AlertState.CANCELLED.value
                alert.cancelled_at = now
            session.flush()
            view = _alert_full(session, alert)
            result.messages.append((MessageType.ALERT, view))
            if alert.state == AlertState.OPEN.value:
                result.new_alerts.append(view)
        elif kind == EventKind.PANIC_CANCEL:
            cancelled = _find_alert_by_ref(session, agent_id, ref) if ref else None
            if cancelled is not None and cancelled.state in ACTIVE_ALERT_STATES:
                cancelled.state = AlertState.CANCELLED.value
                cancelled.cancelled_at = now
                session.flush()
                result.messages.append(
                    (MessageType.ALERT_UPDATED, _alert_full(session, cancelled))
                )
        elif kind == EventKind.PANIC_NOTE:
            noted = _find_alert_by_ref(session, agent_id, ref) if ref else None
            text = payload.get("note", payload.get("text", ""))
            if noted is not None and isinstance(text, str) and text:
                session.add(
                    AlertNote(alert_id=noted.id, event_id=event_id, author="agent",
                              text=text[:4000], created_at=now)
                )
                session.flush()
                result.messages.append((MessageType.ALERT_UPDATED, _alert_full(session, noted)))
        elif kind == EventKind.SELFCHECK_COMPLETED:
            failed_items = payload.get("failed_items", payload.get("failed"))
            agent.selfcheck_at = data["time"]
            agent.selfcheck_passed = _count(payload.get("passed"))
            agent.selfcheck_failed = _count(payload.get("failed"))
            agent.selfcheck_failed_items = (
                ",".join(str(i)[:40] for i in failed_items)[:1000]
                if isinstance(failed_items, list)
                else ""
            )
            agent_changed = True
        elif kind == EventKind.AGENT_STOPPING:
            agent.stopped = True
            agent.state = "stopped"
            agent_changed = True
    if agent_changed:
        session.flush()
        result.messages.append(
            (MessageType.AGENT_UPDATED, agent_view(agent, now, offline_after_s))
        )
    return result


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


# -- supervisors --------------------------------------------------------------------------
@dataclass(frozen=True)
class SupervisorIdentity:
    id: int
    name: str


def supervisor_credentials(session: Session, name: str) -> tuple[int, str] | None:
    row = session.execute(
        select(Supervisor.id, Supervisor.password_hash).where(Supervisor.name == name)
    ).first()
    return (row[0], row[1]) if row else None


def create_session(session: Session, supervisor_id: int, now: datetime, ttl_s: int) -> tuple[str, datetime]:
    token = credentials.new_token()
    expires = now + timedelta(seconds=ttl_s)
    session.add(
        SessionToken(
            token_hash=credentials.hash_token(token),
            supervisor_id=supervisor_id,
            created_at=now,
            expires_at=expires,
        )
    )
    session.execute(delete(SessionToken).where(SessionToken.expires_at < now))
    return token, expires


def supervisor_for_token(session: Session, token: str, now: datetime) -> SupervisorIdentity | None:
    row = session.execute(
        select(Supervisor.id, Supervisor.name, SessionToken.expires_at)
        .join(SessionToken, SessionToken.supervisor_id == Supervisor.id)
        .where(SessionToken.token_hash == credentials.hash_token(token))
    ).first()
    if row is None or row[2] <= now:
        return None
    return SupervisorIdentity(row[0], row[1])


def drop_session(session: Session, token: str) -> None:
    session.execute(
        delete(SessionToken).where(SessionToken.token_hash == credentials.hash_token(token))
    )


def _alert_or_404(session: Session, alert_id: str) -> Alert:
    alert = session.get(Alert, alert_id)
    if alert is None:
        raise StoreError(404, f"no alert {alert_id}")
    return alert


def acknowledge_alert(
    session: Session, alert_id: str, by: str, now: datetime
) -> tuple[dict[str, Any], bool]:
    """First ack wins; later ones return the alert unchanged."""
    alert = _alert_or_404(session, alert_id)
    if alert.state == AlertState.OPEN.value:
        alert.state = AlertState.ACKNOWLEDGED.value
        alert.acknowledged_at = now
        alert.acknowledged_by = by
        if alert.first_shown_at is None:
            alert.first_shown_at = now
        session.flush()
        return _alert_full(session, alert), True
    if alert.state == AlertState.ACKNOWLEDGED.value:
        return _alert_full(session, alert), False
    raise StoreError(409, f"alert is already {alert.state}")


def resolve_alert(
    session: Session, alert_id: str, by: str, note: str, now: datetime
) -> dict[str, Any]:
    alert = _alert_or_404(session, alert_id)
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
    return _alert_full(session, alert)


def mark_alert_shown(
    session: Session, alert_id: str, supervisor_id: int, now: datetime
) -> tuple[dict[str, Any], bool]:
    alert = _alert_or_404(session, alert_id)
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
    return _alert_full(session, alert), changed


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
    return _alert_full(session, alert)


def pending_escalations(session: Session) -> list[dict[str, Any]]:
    """Open alerts whose escalation was not decided yet (no delivery queued)."""
    queued = select(EscalationDelivery.alert_id)
    alerts = session.scalars(
        select(Alert).where(Alert.state == AlertState.OPEN.value, Alert.escalated_at.is_(None),
                            Alert.id.not_in(queued))
    ).all()
    return [_alert_full(session, a) for a in alerts]


def presence_rows(session: Session, now: datetime, offline_after_s: float) -> dict[str, dict[str, Any]]:
    agents = session.scalars(select(Agent).where(Agent.enrolled_at.is_not(None))).all()
    return {a.id: agent_view(a, now, offline_after_s) for a in agents}


# -- escalation outbox --------------------------------------------------------------------
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
        return DueDelivery(row.id, _alert_full(session, alert), row.reason, row.attempts, True)


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
    return _alert_full(session, alert) if changed else None


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

"""Agents and their enrollment: creating, enrolling, revoking and listing agents, and the
signed-request hot path (credentials, nonces, heartbeats, clock offsets) on prebuilt Core
statements over a Connection."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import Connection, Table, bindparam, delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from protocol.states import AgentStatus
from relay import credentials
from relay.db import utcnow
from relay.models import Agent, AgentClock, EnrollmentCode, Nonce
from relay.privacy import mask_free_text
from relay.secretbox import SecretBox
from relay.store.errors import StoreError
from relay.store.timestamps import iso

ENROLLMENT_TTL = timedelta(hours=24)


def agent_secret_context(agent_id: str) -> str:
    return f"agent-secret:{agent_id}"


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
        status = AgentStatus.REVOKED
    elif agent.enrolled_at is None:
        status = AgentStatus.PENDING_ENROLLMENT
    elif agent.stopped:
        status = AgentStatus.STOPPED
    else:
        status = AgentStatus.ONLINE if online else AgentStatus.OFFLINE
    return {
        "id": agent.id,
        "seat": agent.seat,
        "name": agent.name,
        "workstation": agent.workstation,
        "app_version": agent.app_version,
        "state": agent.state,
        "status": status.value,
        "online": online,
        "last_seen": iso(agent.last_seen),
        "enrolled_at": iso(agent.enrolled_at),
        "revoked": agent.revoked_at is not None,
        "selfcheck": selfcheck,
        #: agent clock minus relay clock at the last heartbeat (None before the first one)
        "clock_offset_s": None if agent.clock is None else round(agent.clock.offset_s, 1),
    }


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
    agent.workstation = mask_free_text(workstation)
    agent.app_version = mask_free_text(app_version)
    agent.stopped = False
    return {"agent_id": agent.id, "secret": secret, "seat": agent.seat, "name": agent.name}


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
    AGENTS.c.state, AGENTS.c.app_version, AGENTS.c.stopped, AGENT_CLOCKS.c.offset_s,
    AGENTS.c.workstation,
).select_from(AGENTS.outerjoin(AGENT_CLOCKS, AGENT_CLOCKS.c.agent_id == AGENTS.c.id)
              ).where(AGENTS.c.id == bindparam("agent_id"))
#: a heartbeat writes the agent's clock offset only when it moved at least this much (the
#: signed timestamp has whole seconds, so the measurement itself wobbles by about 1 s)
CLOCK_OFFSET_CHANGE_S = 2.0


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
    #: the clock offset stored for this agent (None before its first heartbeat)
    clock_offset_s: float | None = None
    workstation: str = ""


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
                             bool(row.stopped), row.offset_s, row.workstation or "")
    return AgentCredentials(secret, row.revoked_at is not None, identity)


def accept_nonce(connection: Connection, agent_id: str, nonce: str, now: datetime,
                 touch: bool = True) -> None:
    """Record ``nonce`` (409 if it was used before) and, with ``touch``, mark the agent as seen
    (a heartbeat's own update does that)."""
    try:
        connection.execute(_INSERT_NONCE, {"agent_id": agent_id, "nonce": nonce, "seen_at": now})
    except IntegrityError:
        raise StoreError(409, "replayed request: this nonce was already used") from None
    if touch:
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


def record_clock_offset(connection: Connection, agent: AgentIdentity, offset_s: float,
                        now: datetime) -> bool:
    """Remember the agent's clock offset (agent minus relay, seconds) in ``agent_clocks``
    when it is new or moved by ``CLOCK_OFFSET_CHANGE_S`` or more; True when written."""
    known = agent.clock_offset_s
    if known is not None and abs(offset_s - known) < CLOCK_OFFSET_CHANGE_S:
        return False
    agent_id = agent.id
    values = {"b_agent_id": agent_id, "b_offset_s": offset_s, "b_now": now}
    if not getattr(connection.execute(_UPDATE_CLOCK, values), "rowcount", 0):
        connection.execute(_INSERT_CLOCK, {"agent_id": agent_id, "offset_s": offset_s,
                                           "measured_at": now})
    return True


def agent_view_by_id(
    session: Session, agent_id: str, now: datetime, offline_after_s: float
) -> dict[str, Any] | None:
    agent = session.get(Agent, agent_id)
    return agent_view(agent, now, offline_after_s) if agent is not None else None


def purge_nonces(session: Session, older_than: datetime) -> int:
    result = session.execute(delete(Nonce).where(Nonce.seen_at < older_than))
    return int(getattr(result, "rowcount", 0) or 0)


def presence_rows(session: Session, now: datetime, offline_after_s: float) -> dict[str, dict[str, Any]]:
    agents = session.scalars(select(Agent).where(Agent.enrolled_at.is_not(None))).all()
    return {a.id: agent_view(a, now, offline_after_s) for a in agents}


"""The relay's tables (SQLAlchemy 2 declarative)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    Float,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from relay.db import UTCDateTime, utcnow


class Base(DeclarativeBase):
    pass


class Agent(Base):
    __tablename__ = "agents"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    seat: Mapped[str] = mapped_column(String(64), index=True)
    name: Mapped[str] = mapped_column(String(128), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    enrolled_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    #: the HMAC secret, AES-GCM-encrypted with the relay key (see relay.secretbox)
    secret_box: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    workstation: Mapped[str] = mapped_column(String(128), default="")
    app_version: Mapped[str] = mapped_column(String(64), default="")
    state: Mapped[str] = mapped_column(String(32), default="unknown")
    stopped: Mapped[bool] = mapped_column(Boolean, default=False)
    last_seen: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    selfcheck_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    selfcheck_passed: Mapped[int | None] = mapped_column(Integer, nullable=True)
    selfcheck_failed: Mapped[int | None] = mapped_column(Integer, nullable=True)
    selfcheck_failed_items: Mapped[str] = mapped_column(Text, default="")
    #: the agent's clock offset as heartbeats measure it (a table of its own)
    clock: Mapped[AgentClock | None] = relationship(lazy="joined", viewonly=True)


class AgentClock(Base):
    """The agent's clock minus the relay's, in seconds, as measured by a heartbeat.

    Rewritten only when it moved by ``relay.store.agents.CLOCK_OFFSET_CHANGE_S`` or more, so
    ``measured_at`` is when it last changed that much, not the last heartbeat.
    """

    __tablename__ = "agent_clocks"

    agent_id: Mapped[str] = mapped_column(String(36), ForeignKey("agents.id"), primary_key=True)
    offset_s: Mapped[float] = mapped_column(Float)
    measured_at: Mapped[datetime] = mapped_column(UTCDateTime)


class EnrollmentCode(Base):
    __tablename__ = "enrollment_codes"

    code_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    agent_id: Mapped[str] = mapped_column(ForeignKey("agents.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class Supervisor(Base):
    __tablename__ = "supervisors"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(128), unique=True)
    password_hash: Mapped[str] = mapped_column(String(256))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class SessionToken(Base):
    __tablename__ = "session_tokens"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    supervisor_id: Mapped[int] = mapped_column(ForeignKey("supervisors.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Nonce(Base):
    """Nonces of signed agent requests, kept ≥ 120 s so a restart cannot re-open replays."""

    __tablename__ = "nonces"
    __table_args__ = (Index("nonces_seen_at", "seen_at"),)

    agent_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    nonce: Mapped[str] = mapped_column(String(64), primary_key=True)
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Event(Base):
    """An agent's event, stored once per (agent, the agent's event UUID).

    Event ids are the agents' own: two agents may use the same one (the baseline migration,
    ``relay/migrations/versions/0001_baseline.py``, moves a database from the time they were
    global).
    """

    __tablename__ = "events"

    agent_id: Mapped[str] = mapped_column(ForeignKey("agents.id"), primary_key=True)
    id: Mapped[str] = mapped_column(String(36), primary_key=True)  # the agent's UUID
    kind: Mapped[str] = mapped_column(String(64))
    time: Mapped[datetime] = mapped_column(UTCDateTime)
    priority: Mapped[int] = mapped_column(Integer)
    payload: Mapped[str] = mapped_column(Text)  # JSON, masked by the agent
    #: alert referred to by panic.cancel / panic.note (payload ``alert_id``), or for a repeated
    #: lock.failed the id of the open lock-failure alert it was merged into
    ref_id: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Alert(Base):
    __tablename__ = "alerts"
    __table_args__ = (
        UniqueConstraint("agent_id", "event_id", name="alerts_agent_event"),
        ForeignKeyConstraint(["agent_id", "event_id"], ["events.agent_id", "events.id"],
                             name="alerts_event_fk"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    event_id: Mapped[str] = mapped_column(String(36))  # the agent's event UUID
    agent_id: Mapped[str] = mapped_column(ForeignKey("agents.id"), index=True)
    kind: Mapped[str] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(16), default="open", index=True)
    trigger: Mapped[str] = mapped_column(String(64), default="")
    raised_at: Mapped[datetime] = mapped_column(UTCDateTime)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    acknowledged_by: Mapped[str | None] = mapped_column(String(128), nullable=True)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    resolved_by: Mapped[str | None] = mapped_column(String(128), nullable=True)
    resolution_note: Mapped[str] = mapped_column(Text, default="")
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    first_shown_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    escalated_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class AlertNote(Base):
    __tablename__ = "alert_notes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    alert_id: Mapped[str] = mapped_column(ForeignKey("alerts.id"), index=True)
    event_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    author: Mapped[str] = mapped_column(String(128))  # "agent" or a supervisor name
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class AlertView(Base):
    """A console displayed an alert (first time per supervisor)."""

    __tablename__ = "alert_views"
    __table_args__ = (UniqueConstraint("alert_id", "supervisor_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    alert_id: Mapped[str] = mapped_column(ForeignKey("alerts.id"), index=True)
    supervisor_id: Mapped[int] = mapped_column(ForeignKey("supervisors.id"))
    shown_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class AuthLockout(Base):
    """A login or enrollment key locked after too many failures (``safety-relay unlock``)."""

    __tablename__ = "auth_lockouts"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)  # account:NAME / address:IP
    locked_until: Mapped[datetime] = mapped_column(UTCDateTime)


class EscalationDelivery(Base):
    """One escalation of one alert to one channel: the relay's durable escalation outbox.

    ``state`` is pending until the channel confirms (2xx / API ok), then delivered; it becomes
    settled when the alert was acknowledged, resolved or cancelled first.
    """

    __tablename__ = "escalation_deliveries"
    __table_args__ = (UniqueConstraint("alert_id", "channel"),
                      Index("escalation_deliveries_due", "state", "next_attempt_at"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    alert_id: Mapped[str] = mapped_column(ForeignKey("alerts.id"), index=True)
    channel: Mapped[str] = mapped_column(String(128))
    reason: Mapped[str] = mapped_column(String(32), default="")
    state: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_error: Mapped[str] = mapped_column(Text, default="")
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

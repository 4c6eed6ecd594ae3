"""Supervisors and their login sessions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from relay import credentials
from relay.models import SessionToken, Supervisor
from relay.store.errors import StoreError


def create_supervisor(session: Session, name: str, password_hash: str) -> int:
    if session.scalar(select(Supervisor.id).where(Supervisor.name == name)) is not None:
        raise StoreError(409, f"supervisor {name!r} already exists")
    supervisor = Supervisor(name=name, password_hash=password_hash)
    session.add(supervisor)
    session.flush()
    return supervisor.id


@dataclass(frozen=True)
class SupervisorIdentity:
    id: int
    name: str


def supervisor_credentials(session: Session, name: str) -> tuple[int, str] | None:
    row = session.execute(
        select(Supervisor.id, Supervisor.password_hash).where(Supervisor.name == name)
    ).first()
    return (row[0], row[1]) if row else None


def replace_password_hash(session: Session, supervisor_id: int, old_hash: str,
                          new_hash: str) -> bool:
    """Store a re-made hash of the same password, unless the password changed meanwhile."""
    result = session.execute(
        update(Supervisor)
        .where(Supervisor.id == supervisor_id, Supervisor.password_hash == old_hash)
        .values(password_hash=new_hash)
    )
    return bool(getattr(result, "rowcount", 0))


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


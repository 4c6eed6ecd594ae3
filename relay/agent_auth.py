"""Verification of signed agent requests (HMAC, clock skew, nonce replay, revocation)."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from fastapi import HTTPException, Request
from sqlalchemy import Connection
from sqlalchemy.orm import Session

from protocol.http import CLOCK_SKEW_REASON
from protocol.signing import (
    HEADER_AGENT_ID,
    HEADER_NONCE,
    HEADER_SIGNATURE,
    HEADER_TIMESTAMP,
    MAX_NONCE_LENGTH,
    InvalidSecret,
    signature_matches,
)
from relay import store
from relay.secretbox import SecretBoxError
from relay.service import RelayService

logger = logging.getLogger(__name__)
T = TypeVar("T")

SIGNATURE_HEADERS = (HEADER_AGENT_ID, HEADER_TIMESTAMP, HEADER_NONCE, HEADER_SIGNATURE)
#: OpenAPI description of the signature headers (read by hand: FastAPI's header parameters
#: cost more CPU than the rest of a heartbeat)
SIGNED_OPENAPI: dict[str, Any] = {
    "parameters": [
        {"name": name, "in": "header", "required": False, "schema": {"type": "string"}}
        for name in SIGNATURE_HEADERS
    ]
}


@dataclass(frozen=True)
class SignedRequest:
    agent_id: str
    timestamp: str
    nonce: str
    signature: str
    method: str
    path: str
    body: bytes


def _is_json_media_type(content_type: str) -> bool:
    return content_type.split(";", 1)[0].strip().lower() == "application/json"


def _unauthorized(detail: str) -> HTTPException:
    return HTTPException(status_code=401, detail=detail)


async def read_signed_request(request: Request, service: RelayService) -> SignedRequest:
    """The signature headers and body, after the checks that need no database."""
    headers = request.headers
    values = [headers.get(name, "") for name in SIGNATURE_HEADERS]
    missing = [name for name, value in zip(SIGNATURE_HEADERS, values, strict=True) if not value]
    if missing:
        raise _unauthorized(f"unsigned request: missing header(s) {', '.join(missing)}")
    agent_id, timestamp_text, nonce, signature = values
    try:
        timestamp = int(timestamp_text)
    except ValueError:
        raise _unauthorized("X-Timestamp must be unix seconds") from None
    skew = timestamp - service.clock().timestamp()
    if abs(skew) > service.config.clock_skew_s:
        now = service.clock()
        raise HTTPException(status_code=401, detail={
            "reason": CLOCK_SKEW_REASON,
            "server_time": store.iso(now),
            "server_timestamp": now.timestamp(),
            "message": (
                f"request timestamp is {abs(skew):.0f} s "
                f"{'ahead of' if skew > 0 else 'behind'} relay time (clock skew; allowed "
                f"±{service.config.clock_skew_s} s): check the workstation clock"
            ),
        })
    if len(nonce) > MAX_NONCE_LENGTH:
        raise _unauthorized(f"X-Nonce longer than {MAX_NONCE_LENGTH} characters")
    if len(agent_id) > 64:
        raise _unauthorized("unknown agent")
    body = await request.body()
    if body and not _is_json_media_type(headers.get("content-type", "")):
        raise HTTPException(415, "signed requests carry application/json bodies")
    return SignedRequest(agent_id, timestamp_text, nonce, signature, request.method,
                         request.url.path, body)


def verify(connection: Connection, signed: SignedRequest, service: RelayService,
           touch: bool = True) -> store.AgentIdentity:
    """Signature, revocation and nonce, inside the caller's transaction; ``touch`` marks the
    agent as seen (``store.accept_nonce``)."""
    found = store.load_agent_credentials(connection, signed.agent_id, service.box)
    try:
        valid = signature_matches(found.secret, signed.method, signed.path, signed.timestamp,
                                  signed.nonce, signed.body, signed.signature)
    except InvalidSecret:
        valid = False
    if not valid:
        raise store.StoreError(401, "bad signature")
    if found.revoked:
        raise store.StoreError(403, "agent revoked: enroll this workstation again")
    store.accept_nonce(connection, signed.agent_id, signed.nonce, service.clock(), touch)
    return found.identity


async def run_signed(
    service: RelayService,
    signed: SignedRequest,
    work: Callable[[Connection, store.AgentIdentity], T],
    touch: bool = True,
    presence: bool = True,
) -> tuple[store.AgentIdentity, T]:
    """Verify ``signed`` and run ``work`` in the same transaction (one DB round trip); without
    ``touch`` the work marks the agent as seen itself, without ``presence`` the caller tells
    the consoles of an agent that came online (``note_presence``)."""

    def job(connection: Connection) -> tuple[store.AgentIdentity, T]:
        identity = verify(connection, signed, service, touch)
        return identity, work(connection, identity)

    return await _signed_job(service, signed, service.db.run_core(job), presence)


async def run_signed_orm(
    service: RelayService,
    signed: SignedRequest,
    work: Callable[[Session, store.AgentIdentity], T],
) -> tuple[store.AgentIdentity, T]:
    """``run_signed`` for ``work`` on an ORM session."""

    def job(session: Session) -> tuple[store.AgentIdentity, T]:
        identity = verify(session.connection(), signed, service)
        return identity, work(session, identity)

    return await _signed_job(service, signed, service.db.run(job))


async def _signed_job(
    service: RelayService,
    signed: SignedRequest,
    running: Awaitable[tuple[store.AgentIdentity, T]],
    presence: bool = True,
) -> tuple[store.AgentIdentity, T]:
    try:
        identity, result = await running
    except store.StoreError as exc:
        if exc.detail != "unknown agent":
            logger.info("refused signed %s %s from agent %s: %s", signed.method, signed.path,
                        signed.agent_id, exc.detail)
        raise HTTPException(exc.status, exc.detail) from None
    except SecretBoxError:
        logger.error("cannot decrypt the secret of agent %s: wrong relay key?", signed.agent_id)
        raise HTTPException(503, "relay cannot read this agent's secret (relay key changed?)") \
            from None
    if presence and service.presence.was_online(identity.id) is not True:
        await note_presence(service, identity.id, force=False)
    return identity, result


async def note_presence(service: RelayService, agent_id: str, force: bool) -> None:
    now = service.clock()
    offline_after = service.config.offline_after_s
    view = await service.db.run(lambda s: store.agent_view_by_id(s, agent_id, now, offline_after))
    if view is not None:
        service.presence.note(view, force=force)


async def signed_agent(request: Request) -> store.AgentIdentity:
    """FastAPI dependency: the agent that signed this request, or an HTTP error."""
    service: RelayService = request.app.state.relay
    signed = await read_signed_request(request, service)
    identity, _ = await run_signed(service, signed, lambda _c, _i: None)
    return identity

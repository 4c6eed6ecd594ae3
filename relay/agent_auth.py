"""Verification of signed agent requests (HMAC, clock skew, nonce replay, revocation)."""

from __future__ import annotations

import logging

from fastapi import Header, HTTPException, Request
from sqlalchemy.orm import Session

from assistant.alerts.signing import MAX_NONCE_LENGTH, InvalidSecret, signature_matches
from relay import store
from relay.secretbox import SecretBoxError
from relay.service import RelayService

logger = logging.getLogger(__name__)


def _unauthorized(detail: str) -> HTTPException:
    return HTTPException(status_code=401, detail=detail)


async def signed_agent(
    request: Request,
    x_agent_id: str | None = Header(None, alias="X-Agent-Id"),
    x_timestamp: str | None = Header(None, alias="X-Timestamp"),
    x_nonce: str | None = Header(None, alias="X-Nonce"),
    x_signature: str | None = Header(None, alias="X-Signature"),
) -> store.AgentIdentity:
    """FastAPI dependency: the agent that signed this request, or an HTTP error."""
    service: RelayService = request.app.state.relay
    missing = [
        name
        for name, value in (
            ("X-Agent-Id", x_agent_id),
            ("X-Timestamp", x_timestamp),
            ("X-Nonce", x_nonce),
            ("X-Signature", x_signature),
        )
        if not value
    ]
    if missing:
        raise _unauthorized(f"unsigned request: missing header(s) {', '.join(missing)}")
    assert x_agent_id and x_timestamp and x_nonce and x_signature
    try:
        timestamp = int(x_timestamp)
    except ValueError:
        raise _unauthorized("X-Timestamp must be unix seconds") from None
    now = service.clock()
    skew = timestamp - now.timestamp()
    if abs(skew) > service.config.clock_skew_s:
        raise _unauthorized(
            f"request timestamp is {abs(skew):.0f} s {'ahead of' if skew > 0 else 'behind'} "
            f"relay time (clock skew; allowed ±{service.config.clock_skew_s} s): "
            "check the workstation clock"
        )
    if len(x_nonce) > MAX_NONCE_LENGTH:
        raise _unauthorized(f"X-Nonce longer than {MAX_NONCE_LENGTH} characters")
    if len(x_agent_id) > 64:
        raise _unauthorized("unknown agent")
    body = await request.body()
    method, path = request.method, request.url.path
    offline_after = service.config.offline_after_s

    def verify(session: Session) -> store.AgentIdentity:
        secret, revoked = store.load_agent_secret(session, x_agent_id, service.box)
        try:
            valid = signature_matches(secret, method, path, x_timestamp, x_nonce, body,
                                      x_signature)
        except InvalidSecret:
            valid = False
        if not valid:
            raise store.StoreError(401, "bad signature")
        if revoked:
            raise store.StoreError(403, "agent revoked: enroll this workstation again")
        return store.accept_nonce(session, x_agent_id, x_nonce, now, offline_after)

    try:
        identity = await service.db.run(verify)
    except store.StoreError as exc:
        if exc.status != 401 or exc.detail != "unknown agent":
            logger.info("refused signed %s %s from agent %s: %s", method, path, x_agent_id,
                        exc.detail)
        raise HTTPException(exc.status, exc.detail) from None
    except SecretBoxError:
        logger.error("cannot decrypt the secret of agent %s: wrong relay key?", x_agent_id)
        raise HTTPException(503, "relay cannot read this agent's secret (relay key changed?)") \
            from None
    service.presence.note(identity.view)
    return identity

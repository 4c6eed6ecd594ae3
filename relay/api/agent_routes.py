"""Signed agent endpoints: events, heartbeat and updates (acks, shown marks)."""

from __future__ import annotations

import json
import logging
from datetime import timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request, Response
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ValidationError
from sqlalchemy import Connection
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from protocol.version import PROTOCOL_VERSION, VERSION_KEY
from relay import store
from relay.agent_auth import (
    SIGNED_OPENAPI,
    note_presence,
    read_signed_request,
    run_signed,
    signed_agent,
)
from relay.privacy import mask_free_text
from relay.schemas import (
    AgentUpdatesOut,
    ErrorOut,
    EventsIn,
    EventsOut,
    HeartbeatIn,
    HeartbeatOut,
    SignedErrorOut,
)
from relay.service import RelayService

logger = logging.getLogger(__name__)
router = APIRouter(tags=["agents"])
SignedAgent = Annotated[store.AgentIdentity, Depends(signed_agent)]

SIGNED_RESPONSES: dict[int | str, dict[str, object]] = {
    401: {"model": SignedErrorOut,
          "description": "bad or missing signature, clock skew (detail.reason 'clock_skew' "
                         "with the relay's server_time)"},
    403: {"model": ErrorOut, "description": "agent revoked"},
    409: {"model": ErrorOut, "description": "replayed nonce"},
    413: {"model": ErrorOut, "description": "body over 64 KiB"},
    415: {"model": ErrorOut, "description": "body is not application/json"},
}
UPDATES_WINDOW = timedelta(hours=24)


@router.post("/events", response_model=EventsOut, responses=SIGNED_RESPONSES,
             openapi_extra=SIGNED_OPENAPI)
async def post_events(
    body: EventsIn, request: Request, agent: SignedAgent
) -> EventsOut:
    service: RelayService = request.app.state.relay
    events = [event.model_dump() for event in body.events]
    now = service.clock()
    offline_after = service.config.offline_after_s

    def ingest(session: Session) -> store.IngestResult:
        return store.ingest_events(session, agent.id, events, now, offline_after)

    try:
        result = await service.db.run(ingest)
    except IntegrityError:
        # another writer stored some of these ids meanwhile: the retry sees them as duplicates
        result = await service.db.run(ingest)
    except store.StoreError as exc:
        raise HTTPException(exc.status, exc.detail) from None
    for kind, data in result.messages:
        service.hub.broadcast(kind, data)
    for alert in result.new_alerts:
        service.escalator.alert_raised(alert)
    if result.stored:
        logger.info("agent %s (seat %s): stored %d event(s), %d duplicate(s)", agent.id,
                    agent.seat, len(result.stored), len(result.duplicate))
    return EventsOut(stored=result.stored, duplicate=result.duplicate)


def _inline_schema(model: type[BaseModel]) -> dict[str, Any]:
    """JSON schema of ``model`` with its ``$defs`` inlined (for ``openapi_extra``)."""
    schema = model.model_json_schema()
    definitions = schema.pop("$defs", {})

    def inline(node: Any) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/$defs/"):
                return inline(definitions[ref.rsplit("/", 1)[1]])
            return {key: inline(value) for key, value in node.items()}
        if isinstance(node, list):
            return [inline(item) for item in node]
        return node

    return dict(inline(schema))


HEARTBEAT_OPENAPI: dict[str, Any] = {
    **SIGNED_OPENAPI,
    "requestBody": {
        "required": True,
        "content": {"application/json": {"schema": _inline_schema(HeartbeatIn)}},
    },
}


@router.post("/heartbeat", response_model=HeartbeatOut, responses=SIGNED_RESPONSES,
             openapi_extra=HEARTBEAT_OPENAPI)
async def heartbeat(request: Request) -> Response:
    """The hot path (every agent, every 30 s): one DB round trip, no FastAPI parameters."""
    service: RelayService = request.app.state.relay
    signed = await read_signed_request(request, service)
    try:
        signed.body.decode("utf-8")
    except UnicodeDecodeError:
        raise HTTPException(400, "the body is not UTF-8 JSON") from None
    try:
        body = HeartbeatIn.model_validate_json(signed.body)
    except ValidationError as exc:
        raise RequestValidationError(exc.errors(include_url=False)) from None
    app_version = mask_free_text(body.app_version)
    now = service.clock()
    # the signed timestamp is the agent's corrected clock: add back the correction it applies
    offset_s = int(signed.timestamp) - now.timestamp() + (body.clock_offset_s or 0.0)

    def record(connection: Connection, agent: store.AgentIdentity) -> bool:
        store.record_clock_offset(connection, agent, offset_s, now)
        return store.record_heartbeat(connection, agent, body.state.value, app_version, now)

    identity, changed = await run_signed(service, signed, record)
    if changed:
        await note_presence(service, identity.id, force=True)
    answer = {"supervisors_online": service.hub.supervisors_online(), "server_time": store.iso(now),
              VERSION_KEY: PROTOCOL_VERSION}
    return Response(json.dumps(answer), media_type="application/json")


@router.get("/agent/updates", response_model=AgentUpdatesOut, responses=SIGNED_RESPONSES,
            openapi_extra=SIGNED_OPENAPI)
async def agent_updates(
    request: Request, agent: SignedAgent
) -> AgentUpdatesOut:
    """Acknowledged and shown marks of this agent's alerts of the last 24 h."""
    service: RelayService = request.app.state.relay
    since = service.clock() - UPDATES_WINDOW
    marks = await service.db.run(lambda s: store.agent_updates(s, agent.id, since))
    return AgentUpdatesOut.model_validate(
        {"supervisors_online": service.hub.supervisors_online(), **marks}
    )

"""Signed agent endpoints: events, heartbeat and updates (acks, shown marks)."""

from __future__ import annotations

import json
import logging
from datetime import timedelta
from typing import Annotated, Any, TypeVar

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
    SignedRequest,
    note_presence,
    read_signed_request,
    run_signed,
    run_signed_orm,
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
BodyT = TypeVar("BodyT", bound=BaseModel)


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


def _signed_openapi(model: type[BaseModel]) -> dict[str, Any]:
    """OpenAPI of a signed route that reads its ``model`` body by hand (``_read_signed``)."""
    return {
        **SIGNED_OPENAPI,
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": _inline_schema(model)}},
        },
    }


HEARTBEAT_OPENAPI = _signed_openapi(HeartbeatIn)
EVENTS_OPENAPI = _signed_openapi(EventsIn)


@router.post("/events", response_model=EventsOut, responses=SIGNED_RESPONSES,
             openapi_extra=EVENTS_OPENAPI)
async def post_events(request: Request) -> EventsOut:
    """Signature, nonce and the events themselves in one transaction (one group-commit job)."""
    service, signed, body = await _read_signed(request, EventsIn)
    events = [event.model_dump() for event in body.events]
    now = service.clock()
    offline_after = service.config.offline_after_s

    def ingest(session: Session, agent: store.AgentIdentity) -> store.IngestResult:
        return store.ingest_events(session, agent, events, now, offline_after)

    try:
        agent, result = await run_signed_orm(service, signed, ingest)
    except IntegrityError:
        # another writer stored some of these ids meanwhile (the nonce went back with them):
        # the retry sees them as duplicates
        agent, result = await run_signed_orm(service, signed, ingest)
    for kind, data in result.messages:
        service.hub.broadcast(kind, data)
    for alert in result.new_alerts:
        service.escalator.alert_raised(alert)
    if result.stored:
        logger.info("agent %s (seat %s): stored %d event(s), %d duplicate(s)", agent.id,
                    agent.seat, len(result.stored), len(result.duplicate))
    return EventsOut(stored=result.stored, duplicate=result.duplicate)


async def _read_signed(
    request: Request, model: type[BodyT]
) -> tuple[RelayService, SignedRequest, BodyT]:
    """The service, the signed request (checks without the database) and its body as
    ``model``; 400 or 422 for a bad body, as FastAPI answers one."""
    service: RelayService = request.app.state.relay
    signed = await read_signed_request(request, service)
    try:
        signed.body.decode("utf-8")
    except UnicodeDecodeError:
        raise HTTPException(400, "the body is not UTF-8 JSON") from None
    try:
        return service, signed, model.model_validate_json(signed.body)
    except ValidationError as exc:
        raise RequestValidationError(exc.errors(include_url=False)) from None


@router.post("/heartbeat", response_model=HeartbeatOut, responses=SIGNED_RESPONSES,
             openapi_extra=HEARTBEAT_OPENAPI)
async def heartbeat(request: Request) -> Response:
    """The hot path (every agent, every 30 s): one DB round trip, no FastAPI parameters."""
    service, signed, body = await _read_signed(request, HeartbeatIn)
    app_version = mask_free_text(body.app_version)
    now = service.clock()
    # the signed timestamp is the agent's corrected clock: add back the correction it applies
    offset_s = int(signed.timestamp) - now.timestamp() + (body.clock_offset_s or 0.0)

    def record(connection: Connection, agent: store.AgentIdentity) -> bool:
        store.record_clock_offset(connection, agent, offset_s, now)
        return store.record_heartbeat(connection, agent, body.state.value, app_version, now)

    # record() sets last_seen; one view for the consoles when it changed or came online
    identity, changed = await run_signed(service, signed, record, touch=False, presence=False)
    if changed or service.presence.was_online(identity.id) is not True:
        await note_presence(service, identity.id, force=changed)
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

"""Signed agent endpoints: events, heartbeat and updates (acks, shown marks)."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from relay import store
from relay.agent_auth import signed_agent
from relay.schemas import (
    AgentUpdatesOut,
    ErrorOut,
    EventsIn,
    EventsOut,
    HeartbeatIn,
    HeartbeatOut,
)
from relay.service import RelayService

logger = logging.getLogger(__name__)
router = APIRouter(tags=["agents"])
SignedAgent = Annotated[store.AgentIdentity, Depends(signed_agent)]

SIGNED_RESPONSES: dict[int | str, dict[str, object]] = {
    401: {"model": ErrorOut, "description": "bad or missing signature, clock skew"},
    403: {"model": ErrorOut, "description": "agent revoked"},
    409: {"model": ErrorOut, "description": "replayed nonce"},
    413: {"model": ErrorOut, "description": "body over 64 KiB"},
}
UPDATES_WINDOW = timedelta(hours=24)


@router.post("/events", response_model=EventsOut, responses=SIGNED_RESPONSES)
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


@router.post("/heartbeat", response_model=HeartbeatOut, responses=SIGNED_RESPONSES)
async def heartbeat(
    body: HeartbeatIn, request: Request, agent: SignedAgent
) -> HeartbeatOut:
    service: RelayService = request.app.state.relay
    now = service.clock()
    offline_after = service.config.offline_after_s
    try:
        view, changed = await service.db.run(
            lambda s: store.record_heartbeat(s, agent.id, body.state.value, body.app_version,
                                             now, offline_after)
        )
    except store.StoreError as exc:
        raise HTTPException(exc.status, exc.detail) from None
    service.presence.note(view, force=changed)
    return HeartbeatOut(supervisors_online=service.hub.supervisors_online(), server_time=now)


@router.get("/agent/updates", response_model=AgentUpdatesOut, responses=SIGNED_RESPONSES)
async def agent_updates(
    request: Request, agent: SignedAgent
) -> AgentUpdatesOut:
    """Acknowledged and shown marks of this agent's alerts of the last 24 h."""
    service: RelayService = request.app.state.relay
    since = service.clock() - UPDATES_WINDOW
    marks = await service.db.run(lambda s: store.agent_updates(s, agent.id, since))
    return AgentUpdatesOut(supervisors_online=service.hub.supervisors_online(), **marks)

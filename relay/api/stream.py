"""WS /stream: live feed for supervisor consoles (snapshot first, then changes)."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from fastapi import APIRouter, WebSocket, WebSocketDisconnect

from protocol.messages import MessageType
from protocol.states import ACTIVE_ALERT_STATES
from protocol.version import PROTOCOL_VERSION, VERSION_KEY
from relay import store
from relay.api.supervisor_routes import acknowledge, mark_shown
from relay.db_outage import DatabaseUnavailable
from relay.hub import Console
from relay.service import RelayService
from relay.supervisor_auth import supervisor_from_token

logger = logging.getLogger(__name__)
router = APIRouter()

POLICY_VIOLATION = 1008
TRY_AGAIN_LATER = 1013  # the database is down: the console reconnects by itself


@router.websocket("/stream")
async def stream(websocket: WebSocket, token: str | None = None) -> None:
    service: RelayService = websocket.app.state.relay
    try:
        supervisor = await supervisor_from_token(service, token)
    except DatabaseUnavailable as outage:
        await websocket.close(code=TRY_AGAIN_LATER, reason=outage.reason)
        return
    if supervisor is None:
        await websocket.close(code=POLICY_VIOLATION, reason="invalid or expired token")
        return
    await websocket.accept()
    console = Console(supervisor.id, supervisor.name)
    service.hub.add(console)
    logger.info("console of %s connected (%d console(s))", supervisor.name,
                service.hub.consoles_connected)
    try:
        now = service.clock()
        snapshot: dict[str, Any] = await service.db.run(lambda s: {
            "alerts": store.list_alerts(s, ACTIVE_ALERT_STATES, 500),
            "agents": store.list_agents(s, now, service.config.offline_after_s),
        })
        snapshot["supervisors"] = service.hub.supervisors_message()
        snapshot["channels"] = service.escalator.channels_view()
        snapshot[VERSION_KEY] = PROTOCOL_VERSION
        await websocket.send_json({"type": MessageType.SNAPSHOT.value, "data": snapshot})
        writer = asyncio.create_task(_write(websocket, console))
        reader = asyncio.create_task(_read(websocket, service, supervisor))
        _done, pending = await asyncio.wait(
            {writer, reader}, return_when=asyncio.FIRST_COMPLETED
        )
        for task in pending:
            task.cancel()
        for task in pending:
            try:
                await task
            except asyncio.CancelledError:
                pass
            except Exception:
                logger.debug("console task ended with an error", exc_info=True)
    except WebSocketDisconnect:
        pass
    except DatabaseUnavailable as outage:
        await websocket.close(code=TRY_AGAIN_LATER, reason=outage.reason)
    finally:
        service.hub.remove(console)
        logger.info("console of %s disconnected", supervisor.name)


async def _write(websocket: WebSocket, console: Console) -> None:
    while True:
        message = await console.queue.get()
        if message is None:
            await websocket.close(code=POLICY_VIOLATION, reason="console too slow")
            return
        await websocket.send_json(message)


async def _read(websocket: WebSocket, service: RelayService,
                supervisor: store.SupervisorIdentity) -> None:
    """Consoles may also send {"type": "ack"|"shown", "alert_id": ...} or {"type": "ping"}."""
    while True:
        try:
            message: Any = await websocket.receive_json()
        except WebSocketDisconnect:
            return
        except ValueError:
            await websocket.send_json({"type": "error", "data": {"detail": "invalid JSON"}})
            continue
        if not isinstance(message, dict):
            continue
        kind, alert_id = message.get("type"), str(message.get("alert_id", ""))[:36]
        try:
            if kind == "ack" and alert_id:
                await acknowledge(service, alert_id, supervisor.name)
            elif kind == "shown" and alert_id:
                await mark_shown(service, alert_id, supervisor.id)
            elif kind == "ping":
                await websocket.send_json({"type": "pong", "data": {}})
        except store.StoreError as exc:
            await websocket.send_json(
                {"type": "error", "data": {"detail": exc.detail, "alert_id": alert_id}}
            )
        except DatabaseUnavailable as outage:
            await websocket.send_json({"type": "error", "data": {
                "detail": "the relay's database is unavailable", "reason": outage.reason,
                "alert_id": alert_id}})

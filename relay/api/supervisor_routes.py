"""Supervisor endpoints: login/logout, alerts (ack, resolve, shown), agents, who is on duty."""

from __future__ import annotations

import logging
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.security import HTTPAuthorizationCredentials

from protocol.messages import MessageType
from protocol.states import AlertState
from relay import credentials, store
from relay.login_guard import account_key, address_key
from relay.schemas import (
    AgentOut,
    AlertOut,
    ErrorOut,
    LoginIn,
    LoginOut,
    ResolveIn,
    StatsOut,
    SupervisorsOnlineOut,
)
from relay.service import RelayService
from relay.supervisor_auth import bearer, current_supervisor

logger = logging.getLogger(__name__)
router = APIRouter(tags=["supervisors"])

AUTH_RESPONSES: dict[int | str, dict[str, Any]] = {401: {"model": ErrorOut},
                                                   429: {"model": ErrorOut}}
ALERT_RESPONSES: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorOut},
    404: {"model": ErrorOut},
    409: {"model": ErrorOut},
}
AlertId = Annotated[str, Path(pattern=r"^[0-9a-fA-F-]{1,36}$")]
Supervisor = Annotated[store.SupervisorIdentity, Depends(current_supervisor)]


def _service(request: Request) -> RelayService:
    return request.app.state.relay  # type: ignore[no-any-return]


def _http(exc: store.StoreError) -> HTTPException:
    return HTTPException(exc.status, exc.detail)


@router.post("/auth/login", response_model=LoginOut, responses=AUTH_RESPONSES)
async def login(body: LoginIn, request: Request) -> LoginOut:
    service = _service(request)
    guard = service.login_guard
    keys = [account_key(body.name), address_key(request.client.host if request.client else "")]
    await guard.check(service.db.run, keys)
    found = await service.db.run(lambda s: store.supervisor_credentials(s, body.name))
    ok = await guard.hash_call(
        lambda: credentials.verify_password(found[1] if found else None, body.password)
    )
    if not found or not ok:
        logger.info("failed login for supervisor name of length %d", len(body.name))
        await guard.record_failure(service.db.run, keys)
        raise HTTPException(401, "wrong name or password")
    guard.succeeded(keys)
    if credentials.needs_rehash(found[1]):
        await _rehash(service, found[0], found[1], body.password)
    now = service.clock()
    token, expires = await service.db.run(
        lambda s: store.create_session(s, found[0], now, service.config.token_ttl_s)
    )
    logger.info("supervisor %s logged in", body.name)
    return LoginOut(token=token, expires_at=expires)


async def _rehash(service: RelayService, supervisor_id: int, old_hash: str,
                  password: str) -> None:
    """Re-hash a password stored with older argon2 parameters (best effort, on the hashing
    thread; when it is busy the next login does it)."""
    if service.login_guard.hashing_busy():
        return
    try:
        new_hash = await service.login_guard.hash_call(lambda: credentials.hash_password(password))
    except HTTPException:
        return
    if await service.db.run(
            lambda s: store.replace_password_hash(s, supervisor_id, old_hash, new_hash)):
        logger.info("supervisor %d: password re-hashed with the current argon2 parameters",
                    supervisor_id)


@router.post("/auth/logout", status_code=204, responses=AUTH_RESPONSES)
async def logout(
    request: Request,
    supervisor: Supervisor,
    creds: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> None:
    service = _service(request)
    if creds is not None:
        await service.db.run(lambda s: store.drop_session(s, creds.credentials))
    logger.info("supervisor %s logged out", supervisor.name)


@router.get("/alerts", response_model=list[AlertOut], responses=AUTH_RESPONSES)
async def list_alerts(
    request: Request,
    supervisor: Supervisor,
    state: AlertState | None = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> list[dict[str, Any]]:
    service = _service(request)
    return await service.db.run(
        lambda s: store.list_alerts(s, state.value if state else None, limit)
    )


@router.get("/alerts/{alert_id}", response_model=AlertOut, responses=ALERT_RESPONSES)
async def get_alert(request: Request, supervisor: Supervisor, alert_id: AlertId) -> dict[str, Any]:
    try:
        return await _service(request).db.run(lambda s: store.get_alert(s, alert_id))
    except store.StoreError as exc:
        raise _http(exc) from None


async def acknowledge(service: RelayService, alert_id: str, by: str) -> dict[str, Any]:
    now = service.clock()
    view, changed = await service.db.run(lambda s: store.acknowledge_alert(s, alert_id, by, now))
    if changed:
        service.escalator.alert_settled(alert_id)
        service.hub.broadcast(MessageType.ALERT_UPDATED, view)
        logger.info("alert %s acknowledged by %s", alert_id, by)
    return view


async def mark_shown(service: RelayService, alert_id: str, supervisor_id: int) -> dict[str, Any]:
    now = service.clock()
    view, changed = await service.db.run(
        lambda s: store.mark_alert_shown(s, alert_id, supervisor_id, now)
    )
    if changed:
        service.hub.broadcast(MessageType.ALERT_UPDATED, view)
    return view


@router.post("/alerts/{alert_id}/ack", response_model=AlertOut, responses=ALERT_RESPONSES)
async def ack_alert(request: Request, supervisor: Supervisor, alert_id: AlertId) -> dict[str, Any]:
    """Acknowledge: the first one wins and is broadcast to every console."""
    try:
        return await acknowledge(_service(request), alert_id, supervisor.name)
    except store.StoreError as exc:
        raise _http(exc) from None


@router.post("/alerts/{alert_id}/resolve", response_model=AlertOut, responses=ALERT_RESPONSES)
async def resolve_alert(
    request: Request, supervisor: Supervisor, alert_id: AlertId, body: ResolveIn
) -> dict[str, Any]:
    service = _service(request)
    now = service.clock()
    try:
        view = await service.db.run(
            lambda s: store.resolve_alert(s, alert_id, supervisor.name, body.note, now)
        )
    except store.StoreError as exc:
        raise _http(exc) from None
    service.escalator.alert_settled(alert_id)
    service.hub.broadcast(MessageType.ALERT_UPDATED, view)
    logger.info("alert %s resolved by %s", alert_id, supervisor.name)
    return view


@router.post("/alerts/{alert_id}/shown", response_model=AlertOut, responses=ALERT_RESPONSES)
async def alert_shown(
    request: Request, supervisor: Supervisor, alert_id: AlertId
) -> dict[str, Any]:
    """A console displayed the alert; the agent sees it in /agent/updates ``shown``."""
    try:
        return await mark_shown(_service(request), alert_id, supervisor.id)
    except store.StoreError as exc:
        raise _http(exc) from None


@router.get("/agents", response_model=list[AgentOut], responses=AUTH_RESPONSES)
async def list_agents(request: Request, supervisor: Supervisor) -> list[dict[str, Any]]:
    service = _service(request)
    now = service.clock()
    return await service.db.run(
        lambda s: store.list_agents(s, now, service.config.offline_after_s)
    )


@router.get("/supervisors/online", response_model=SupervisorsOnlineOut,
            responses=AUTH_RESPONSES)
async def supervisors_online(request: Request, supervisor: Supervisor) -> dict[str, Any]:
    return _service(request).hub.supervisors_message()


@router.get("/stats", response_model=StatsOut, responses=AUTH_RESPONSES)
async def stats(request: Request, supervisor: Supervisor) -> dict[str, int]:
    return await _service(request).db.run(store.stats)

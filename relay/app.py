"""The FastAPI application of the relay (OpenAPI at /openapi.json)."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from protocol.http import API_PREFIX
from relay import kill_after_ack
from relay.api import agent_routes, enroll, stream, supervisor_routes
from relay.db_outage import DatabaseUnavailable
from relay.limits import BodySizeLimit
from relay.login_guard import LockedAddressGate
from relay.schemas import HealthOut
from relay.service import RelayService

logger = logging.getLogger(__name__)


def create_app(service: RelayService) -> FastAPI:
    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        await service.start()
        try:
            yield
        finally:
            await service.stop()

    app = FastAPI(
        title="Agent Desk Safety Relay (坐席安全助手中继)",
        version="1",
        lifespan=lifespan,
        description="Carries panic alerts from agents to supervisor consoles.",
    )
    app.state.relay = service
    app.add_middleware(BodySizeLimit, max_bytes=service.config.max_body_bytes)
    app.add_middleware(LockedAddressGate, guard=service.login_guard)  # outermost: cheapest
    if kill_after_ack.enabled():
        app.add_middleware(kill_after_ack.KillAfterAck)
    app.add_exception_handler(DatabaseUnavailable, _database_unavailable)
    app.add_exception_handler(RequestValidationError, _invalid_request)
    app.add_exception_handler(Exception, _unhandled)
    for module in (enroll, agent_routes, supervisor_routes, stream):
        app.include_router(module.router, prefix=API_PREFIX)

    @app.get("/healthz", tags=["meta"], response_model=HealthOut)
    async def healthz() -> HealthOut:
        return HealthOut(status="ok")

    return app


#: how long an agent or console should wait before trying again while the database is down
DATABASE_RETRY_AFTER_S = 5


async def _database_unavailable(_request: Request, exc: Exception) -> JSONResponse:
    """Down, full or read-only: 503 with the reason (logged once by relay.db_outage)."""
    reason = exc.reason if isinstance(exc, DatabaseUnavailable) else "database_unavailable"
    return JSONResponse({"detail": "the relay's database is unavailable", "reason": reason},
                        status_code=503,
                        headers={"Retry-After": str(DATABASE_RETRY_AFTER_S)})


async def _invalid_request(_request: Request, exc: Exception) -> JSONResponse:
    """FastAPI's 422, except that a body which is not UTF-8 is echoed with replacement
    characters (FastAPI's own handler fails on it and answers 500)."""
    errors = exc.errors() if isinstance(exc, RequestValidationError) else []
    detail = jsonable_encoder(
        errors, custom_encoder={bytes: lambda raw: raw.decode("utf-8", "replace")})
    return JSONResponse({"detail": detail}, status_code=422)


async def _unhandled(request: Request, exc: Exception) -> JSONResponse:
    """Only real bugs end here: bad input is answered with 4xx before this."""
    if isinstance(exc, DatabaseUnavailable):  # outside the routes' exception handling
        return await _database_unavailable(request, exc)
    logger.error("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return JSONResponse({"detail": "internal error"}, status_code=500)

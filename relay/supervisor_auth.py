"""Bearer-token authentication of supervisor consoles."""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from relay import store
from relay.service import RelayService

logger = logging.getLogger(__name__)

bearer = HTTPBearer(auto_error=False, description="token from POST /api/v1/auth/login")


def _unauthorized(detail: str) -> HTTPException:
    return HTTPException(401, detail, headers={"WWW-Authenticate": "Bearer"})


async def supervisor_from_token(service: RelayService, token: str | None) -> store.SupervisorIdentity | None:
    if not token or len(token) > 256:
        return None
    now = service.clock()
    return await service.db.run(lambda s: store.supervisor_for_token(s, token, now))


async def current_supervisor(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]
) -> store.SupervisorIdentity:
    """FastAPI dependency: the logged-in supervisor, or 401."""
    if credentials is None:
        raise _unauthorized("missing bearer token: log in at /api/v1/auth/login")
    service: RelayService = request.app.state.relay
    supervisor = await supervisor_from_token(service, credentials.credentials)
    if supervisor is None:
        raise _unauthorized("invalid or expired token: log in again")
    return supervisor

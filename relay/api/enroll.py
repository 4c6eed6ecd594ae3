"""POST /enroll: redeem a one-time enrollment code for an agent secret."""

from __future__ import annotations

import logging

from fastapi import APIRouter, HTTPException, Request

from protocol.signing import new_secret
from relay import store
from relay.login_guard import address_key
from relay.schemas import EnrollIn, EnrollOut, ErrorOut
from relay.service import RelayService

logger = logging.getLogger(__name__)
router = APIRouter(tags=["agents"])


@router.post(
    "/enroll",
    response_model=EnrollOut,
    responses={401: {"model": ErrorOut}, 410: {"model": ErrorOut}, 429: {"model": ErrorOut}},
)
async def enroll(body: EnrollIn, request: Request) -> EnrollOut:
    service: RelayService = request.app.state.relay
    guard = service.login_guard
    keys = ["enroll-" + address_key(request.client.host if request.client else "")]
    await guard.check(service.db.run, keys)
    secret = new_secret()
    now = service.clock()
    try:
        result = await service.db.run(
            lambda s: store.redeem_enrollment_code(
                s, body.code, body.workstation, body.app_version, secret, service.box, now
            )
        )
    except store.StoreError as exc:
        logger.info("enrollment refused: %s", exc.detail)
        if exc.status in (401, 410):
            await guard.record_failure(service.db.run, keys)
        raise HTTPException(exc.status, exc.detail) from None
    logger.info("agent %s (seat %s) enrolled from workstation %s", result["agent_id"],
                result["seat"], body.workstation)
    return EnrollOut(**result)

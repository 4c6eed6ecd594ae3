"""Online/offline tracking of agents (90 s of silence = offline) and nonce housekeeping."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from protocol.messages import MessageType
from relay import store
from relay.config import RelayConfig
from relay.db import Database, utcnow
from relay.db_outage import DatabaseUnavailable
from relay.hub import ConsoleHub

logger = logging.getLogger(__name__)


class PresenceTracker:
    """Remembers which agents consoles last saw online and tells them of every change."""

    def __init__(self, config: RelayConfig, db: Database, hub: ConsoleHub,
                 clock: Callable[[], datetime] = utcnow) -> None:
        self.config = config
        self.db = db
        self.hub = hub
        self._clock = clock
        self._online: dict[str, bool] = {}
        self._last_purge: datetime | None = None

    def note(self, view: dict[str, Any], force: bool = False) -> None:
        """An agent's current view (after a heartbeat or event); broadcast when it changed."""
        previous = self._online.get(view["id"])
        self._online[view["id"]] = bool(view["online"])
        if force or previous != view["online"]:
            self.hub.broadcast(MessageType.AGENT_UPDATED, view)

    def was_online(self, agent_id: str) -> bool | None:
        return self._online.get(agent_id)

    async def check(self) -> None:
        now = self._clock()
        views = await self.db.run(
            lambda s: store.presence_rows(s, now, self.config.offline_after_s)
        )
        for agent_id, view in views.items():
            previous = self._online.get(agent_id)
            if previous is not None and previous != view["online"]:
                logger.info("agent %s (seat %s) is now %s", agent_id, view["seat"],
                            view["status"])
                self.hub.broadcast(MessageType.AGENT_UPDATED, view)
            self._online[agent_id] = bool(view["online"])
        if self._last_purge is None or (now - self._last_purge).total_seconds() >= 30:
            self._last_purge = now
            cutoff = now - timedelta(seconds=self.config.nonce_keep_s)
            purged = await self.db.run(lambda s: store.purge_nonces(s, cutoff))
            if purged:
                logger.debug("purged %d old nonces", purged)

    async def run(self) -> None:
        while True:
            try:
                await self.check()
            except asyncio.CancelledError:
                raise
            except DatabaseUnavailable:
                pass  # logged once by relay.db_outage; the next check tries again
            except Exception:
                logger.exception("presence check failed")
            await asyncio.sleep(self.config.presence_check_s)

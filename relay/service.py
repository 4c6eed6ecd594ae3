"""The running relay: database, relay key, console hub, presence and escalation together."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime

from relay.config import RelayConfig
from relay.db import Database, utcnow
from relay.escalation.escalator import Escalator
from relay.escalation.ratelimit import ChannelWorker
from relay.hub import ConsoleHub
from relay.login_guard import LoginGuard
from relay.presence import PresenceTracker
from relay.secretbox import SecretBox

logger = logging.getLogger(__name__)


class RelayService:
    def __init__(
        self,
        config: RelayConfig,
        db: Database,
        box: SecretBox,
        *,
        workers: list[ChannelWorker] | None = None,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.config = config
        self.db = db
        self.box = box
        self.clock = clock
        self.hub = ConsoleHub()
        self.presence = PresenceTracker(config, db, self.hub, clock)
        self.escalator = Escalator(config, db, self.hub, workers)
        self.login_guard = LoginGuard(hold_s=config.refusal_hold_s)
        self._tasks: list[asyncio.Task[None]] = []
        self._starts = 0

    async def start(self) -> None:
        """Start background work; nested lifespans (test clients) only count."""
        self._starts += 1
        if self._starts > 1:
            return
        await self.escalator.start()
        self._tasks.append(asyncio.create_task(self.presence.run(), name="presence"))
        logger.info("relay started (%s, %d escalation channel(s))",
                    self.db.engine.dialect.name, len(self.escalator.workers))

    async def stop(self) -> None:
        self._starts -= 1
        if self._starts > 0:
            return
        self.login_guard.release_held()
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            try:
                await task
            except asyncio.CancelledError:
                pass
        self._tasks.clear()
        await self.escalator.stop()

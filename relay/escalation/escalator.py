"""Decides when an alert is escalated and hands it to every channel worker."""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime
from typing import Any

from assistant.alerts.kinds import EventKind
from relay import store
from relay.config import RelayConfig
from relay.db import Database, utcnow
from relay.escalation.channels import make_channel
from relay.escalation.message import build_message
from relay.escalation.ratelimit import ChannelWorker, SlidingWindowLimiter
from relay.hub import ConsoleHub
from relay.states import AlertState, MessageType

logger = logging.getLogger(__name__)


def workers_from_config(config: RelayConfig) -> list[ChannelWorker]:
    workers = []
    for channel_config in config.channels:
        limiter = (
            SlidingWindowLimiter(channel_config.rate_per_minute, 60.0)
            if channel_config.rate_per_minute > 0
            else None
        )
        workers.append(ChannelWorker(make_channel(channel_config), limiter))
    return workers


class Escalator:
    """Escalates an open alert nobody acknowledged within ``escalate_after_s``.

    Duress alarms go out at once, and so does a panic alarm that arrives while no console is
    connected. TEST alarms are only escalated with ``escalate_tests = true``.
    """

    def __init__(
        self,
        config: RelayConfig,
        db: Database,
        hub: ConsoleHub,
        workers: list[ChannelWorker] | None = None,
    ) -> None:
        self.config = config
        self.db = db
        self.hub = hub
        self.workers = workers if workers is not None else workers_from_config(config)
        self._timers: dict[str, asyncio.Task[None]] = {}

    async def start(self) -> None:
        for worker in self.workers:
            worker.start()
        for alert in await self.db.run(store.pending_escalations):
            received = datetime.fromisoformat(alert["received_at"])
            waited = (utcnow() - received).total_seconds()
            self.alert_raised(alert, resumed_after_s=waited)

    async def stop(self) -> None:
        for timer in list(self._timers.values()):
            timer.cancel()
        self._timers.clear()
        for worker in self.workers:
            await worker.stop()

    def decide(self, alert: dict[str, Any]) -> tuple[float, str] | None:
        """(delay in s, reason), or None when this alert is not escalated."""
        kind = alert.get("kind")
        if kind == EventKind.PANIC_TEST and not self.config.escalate_tests:
            return None
        if kind == EventKind.PANIC_DURESS:
            return 0.0, "duress"
        if kind == EventKind.PANIC_ALERT and self.hub.consoles_connected == 0:
            return 0.0, "no_console"
        if self.config.escalate_after_s <= 0:
            return 0.0, "immediate"
        return self.config.escalate_after_s, "unacknowledged"

    def alert_raised(self, alert: dict[str, Any], resumed_after_s: float = 0.0) -> None:
        decision = self.decide(alert)
        if decision is None or not self.workers:
            return
        delay, reason = decision
        delay = max(0.0, delay - resumed_after_s)
        alert_id = alert["id"]
        if alert_id in self._timers:
            return
        logger.debug("alert %s: escalation in %.1fs (%s)", alert_id, delay, reason)
        task = asyncio.create_task(self._escalate_later(alert, delay, reason))
        self._timers[alert_id] = task

        def forget(_task: asyncio.Task[None]) -> None:
            if self._timers.get(alert_id) is _task:
                del self._timers[alert_id]

        task.add_done_callback(forget)

    def alert_settled(self, alert_id: str) -> None:
        """The alert was acknowledged, cancelled or resolved: no escalation any more."""
        timer = self._timers.pop(alert_id, None)
        if timer is not None and not timer.done():
            timer.cancel()

    async def _escalate_later(self, alert: dict[str, Any], delay: float, reason: str) -> None:
        if delay > 0:
            await asyncio.sleep(delay)
        state = await self.db.run(lambda s: store.alert_escalation_state(s, alert["id"]))
        if state is None or state[0] != AlertState.OPEN.value or state[1] is not None:
            return
        await self.escalate(alert, reason)

    async def escalate(self, alert: dict[str, Any], reason: str) -> None:
        message = build_message(alert, reason)
        for worker in self.workers:
            worker.submit(message)
        logger.warning("alert %s (%s, seat %s) escalated to %d channel(s): %s",
                       alert["id"], alert.get("kind"), alert.get("seat"),
                       len(self.workers), reason)
        now = utcnow()
        view = await self.db.run(lambda s: store.mark_escalated(s, alert["id"], now))
        if view is not None:
            self.hub.broadcast(MessageType.ALERT_UPDATED, view)

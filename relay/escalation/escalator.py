"""Decides when an alert is escalated and hands it to every channel worker."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from protocol.kinds import EventKind
from protocol.messages import MessageType
from protocol.states import AlertState
from relay import store
from relay.config import RelayConfig
from relay.db import Database, utcnow
from relay.db_outage import DatabaseUnavailable
from relay.escalation.channels import make_channel
from relay.escalation.message import build_message
from relay.escalation.ratelimit import ChannelError, ChannelWorker, SlidingWindowLimiter
from relay.hub import ConsoleHub

logger = logging.getLogger(__name__)

#: retry delays of a failing channel: 1, 2, 4 ... s, never more than this
MAX_RETRY_DELAY_S = 60.0
#: how long a delivery loop sleeps at most before it looks at the database again
IDLE_POLL_S = 30.0


def retry_delay(attempts: int) -> float:
    """Exponential backoff after ``attempts`` failed attempts (1 s, 2 s, 4 s ... 60 s)."""
    return float(min(MAX_RETRY_DELAY_S, 2.0 ** max(0, attempts - 1)))


@dataclass
class ChannelHealth:
    """What consoles and ``safety-relay alerts`` show of one channel."""

    name: str
    kind: str
    ok: bool = True
    failing_since: datetime | None = None
    last_error: str = ""
    pending: int = 0

    def view(self) -> dict[str, Any]:
        return {
            "name": self.name, "kind": self.kind, "ok": self.ok,
            "failing_since": store.iso(self.failing_since), "last_error": self.last_error,
            "pending": self.pending,
        }


def _channel_kind(worker: ChannelWorker) -> str:
    config = getattr(worker.channel, "config", None)
    kind = getattr(config, "type", None)
    return str(getattr(kind, "value", kind or "custom"))


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

    Escalating writes one pending row per channel to ``escalation_deliveries`` (the durable
    outbox); one delivery loop per channel sends them within its rate limit and marks a row
    delivered only when the channel confirmed it (2xx / API ok). Failures are retried with
    backoff (1 s doubling to 60 s) across restarts until delivered or the alert is no longer
    open. At-least-once at one point: a crash between the channel's confirmation and the
    commit of "delivered" sends that one message again after the restart.
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
        self._loops: list[asyncio.Task[None]] = []
        self._wake: dict[str, asyncio.Event] = {}
        self.health: dict[str, ChannelHealth] = {
            w.label: ChannelHealth(w.label, _channel_kind(w)) for w in self.workers
        }

    def channels_view(self) -> list[dict[str, Any]]:
        return [h.view() for h in self.health.values()]

    def _broadcast_health(self) -> None:
        self.hub.broadcast(MessageType.CHANNELS, {"channels": self.channels_view()})

    async def start(self) -> None:
        counts = await self.db.run(store.pending_counts)
        for worker in self.workers:
            self.health[worker.label].pending = counts.get(worker.label, 0)
            await self._seed_limiter(worker)
            self._wake[worker.label] = asyncio.Event()
            self._loops.append(asyncio.create_task(self._deliver_loop(worker),
                                                   name=f"escalate-{worker.label}"))
        for alert in await self.db.run(store.pending_escalations):
            received = datetime.fromisoformat(alert["received_at"])
            waited = (utcnow() - received).total_seconds()
            self.alert_raised(alert, resumed_after_s=waited)

    async def stop(self) -> None:
        for timer in list(self._timers.values()):
            timer.cancel()
        self._timers.clear()
        for loop in self._loops:
            loop.cancel()
        for loop in self._loops:
            try:
                await loop
            except asyncio.CancelledError:
                pass
        self._loops.clear()
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
        if self.workers:
            asyncio.get_running_loop().create_task(self._settle(alert_id))

    async def _settle(self, alert_id: str) -> None:
        settled = await self.db.run(lambda s: store.settle_deliveries(s, alert_id))
        if settled:
            logger.info("alert %s settled: %d pending escalation(s) dropped", alert_id, settled)
            await self._refresh_pending()

    async def _escalate_later(self, alert: dict[str, Any], delay: float, reason: str) -> None:
        if delay > 0:
            await asyncio.sleep(delay)
        state = await self.db.run(lambda s: store.alert_escalation_state(s, alert["id"]))
        if state is None or state[0] != AlertState.OPEN.value or state[1] is not None:
            return
        await self.escalate(alert, reason)

    async def escalate(self, alert: dict[str, Any], reason: str) -> None:
        names = [w.label for w in self.workers]
        now = utcnow()
        added = await self.db.run(
            lambda s: store.queue_escalation(s, alert["id"], names, reason, now))
        logger.warning("alert %s (%s, seat %s): escalation queued to %d channel(s): %s",
                       alert["id"], alert.get("kind"), alert.get("seat"), added, reason)
        await self._refresh_pending()
        for event in self._wake.values():
            event.set()

    async def _refresh_pending(self) -> None:
        counts = await self.db.run(store.pending_counts)
        changed = False
        for name, health in self.health.items():
            count = counts.get(name, 0)
            if count != health.pending:
                health.pending = count
                changed = True
        if changed:
            self._broadcast_health()

    async def _seed_limiter(self, worker: ChannelWorker) -> None:
        """Count the sends of the last window before a restart against the rate limit."""
        limiter = worker.limiter
        if limiter is None:
            return
        now = utcnow()
        since = now - timedelta(seconds=limiter.window_s)
        sent = await self.db.run(lambda s: store.recent_deliveries(s, worker.label, since))
        for at in sorted(sent):
            limiter.record(ago_s=(now - at).total_seconds())

    async def _deliver_loop(self, worker: ChannelWorker) -> None:
        wake = self._wake[worker.label]
        while True:
            try:
                delay = await self._deliver_due(worker)
            except asyncio.CancelledError:
                raise
            except DatabaseUnavailable:
                delay = 5.0  # logged once by relay.db_outage; retried when it is back
            except Exception:
                logger.exception("%s: escalation delivery loop error", worker.label)
                delay = 5.0
            wake.clear()
            try:
                await asyncio.wait_for(wake.wait(), timeout=delay)
            except TimeoutError:
                pass

    async def _deliver_due(self, worker: ChannelWorker) -> float:
        """Send every due delivery of this channel; seconds until the next one is due."""
        name = worker.label
        while True:
            await worker.wait_for_slot()
            now = utcnow()
            due = await self.db.run(partial(store.next_delivery, channel=name, now=now))
            if due is None:
                worker.release_slot()
                break
            message = build_message(due.alert, due.reason)
            try:
                await worker.channel.send(message)
            except ChannelError as exc:
                worker.release_slot()
                error = str(exc)
                retry_at = utcnow() + timedelta(seconds=retry_delay(due.attempts + 1))
                await self.db.run(partial(store.delivery_failed, delivery_id=due.id,
                                          error=error, retry_at=retry_at))
                logger.warning("%s: escalation of alert %s failed (attempt %d, retry at %s): %s",
                               name, due.alert["id"], due.attempts + 1,
                               retry_at.strftime("%H:%M:%S"), error)
                self._note_failure(name, error)
                continue
            delivered_at = utcnow()
            view = await self.db.run(
                partial(store.delivery_delivered, delivery_id=due.id, now=delivered_at))
            worker.sent += 1
            logger.info("%s: escalated alert %s", name, due.alert["id"])
            self._note_success(name)
            await self._refresh_pending()
            if view is not None:
                self.hub.broadcast(MessageType.ALERT_UPDATED, view)
        await self._refresh_pending()
        next_at = await self.db.run(lambda s: store.next_delivery_due_at(s, name))
        if next_at is None:
            return IDLE_POLL_S
        return max(0.05, min(IDLE_POLL_S, (next_at - utcnow()).total_seconds()))

    def _note_failure(self, name: str, error: str) -> None:
        health = self.health[name]
        changed = health.ok or health.last_error != error
        if health.ok:
            health.failing_since = utcnow()
            logger.error("escalation channel %s is failing: %s", name, error)
        health.ok = False
        health.last_error = error
        if changed:
            self._broadcast_health()

    def _note_success(self, name: str) -> None:
        health = self.health[name]
        if not health.ok:
            logger.warning("escalation channel %s works again", name)
            health.ok = True
            health.failing_since = None
            health.last_error = ""
            self._broadcast_health()

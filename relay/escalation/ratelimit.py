"""Per-channel send queue with a sliding-window rate limit (nothing is dropped).

WeCom and DingTalk robots allow 20 messages a minute and throttle a robot for minutes when it
goes over. A token bucket of 20 refilled at 1 per 3 s would let a 21st message out within the
first minute, so this keeps the send times of the last window and waits until the oldest
leaves it: never more than ``limit`` sends in any ``window_s`` seconds.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque
from collections.abc import Awaitable, Callable
from typing import Protocol

from relay.escalation.message import EscalationMessage


class ChannelError(Exception):
    """The channel did not accept the message."""

logger = logging.getLogger(__name__)


class Channel(Protocol):
    label: str

    async def send(self, message: EscalationMessage) -> None: ...

    async def aclose(self) -> None: ...


class SlidingWindowLimiter:
    def __init__(self, limit: int, window_s: float = 60.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self.window_s = window_s
        self._clock = clock
        self._sent: deque[float] = deque()

    def wait_time(self) -> float:
        """Seconds to wait before the next send is allowed (0 = now)."""
        if self.limit <= 0:
            return 0.0
        now = self._clock()
        while self._sent and self._sent[0] <= now - self.window_s:
            self._sent.popleft()
        if len(self._sent) < self.limit:
            return 0.0
        return self._sent[0] + self.window_s - now

    def record(self, ago_s: float = 0.0) -> None:
        self._sent.append(self._clock() - ago_s)

    def forget_last(self) -> None:
        """The last recorded send did not happen (nothing to send, or it failed)."""
        if self._sent:
            self._sent.pop()


class ChannelWorker:
    """Sends queued messages to one channel in order, within its rate limit, with retries."""

    def __init__(
        self,
        channel: Channel,
        limiter: SlidingWindowLimiter | None = None,
        *,
        attempts: int = 3,
        retry_delay_s: float = 2.0,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.channel = channel
        self.limiter = limiter
        self.attempts = attempts
        self.retry_delay_s = retry_delay_s
        self._sleep = sleep
        self._queue: asyncio.Queue[EscalationMessage] = asyncio.Queue()
        self._task: asyncio.Task[None] | None = None
        self.sent = 0
        self.failed = 0

    @property
    def label(self) -> str:
        return self.channel.label

    @property
    def backlog(self) -> int:
        return self._queue.qsize()

    def submit(self, message: EscalationMessage) -> None:
        self._queue.put_nowait(message)

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self.run(), name=f"escalate-{self.label}")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            try:
                await self._task
            except asyncio.CancelledError:
                pass
            self._task = None
        await self.channel.aclose()

    async def run(self) -> None:
        while True:
            message = await self._queue.get()
            try:
                await self.deliver(message)
            except asyncio.CancelledError:
                raise
            except Exception:
                logger.exception("%s: escalation worker error", self.label)

    async def wait_for_slot(self) -> None:
        """Wait until the rate limit allows a send and take that slot."""
        await self._wait_for_slot()

    def release_slot(self) -> None:
        """Give back the slot taken by :meth:`wait_for_slot` (nothing was sent)."""
        if self.limiter is not None:
            self.limiter.forget_last()

    async def _wait_for_slot(self) -> None:
        if self.limiter is None:
            return
        delay = self.limiter.wait_time()
        while delay > 0:
            logger.info("%s: rate limit reached, message waits %.1fs (%d queued)",
                        self.label, delay, self._queue.qsize())
            await self._sleep(delay)
            delay = self.limiter.wait_time()
        self.limiter.record()

    async def deliver(self, message: EscalationMessage) -> bool:
        for attempt in range(1, self.attempts + 1):
            await self._wait_for_slot()
            try:
                await self.channel.send(message)
            except ChannelError as exc:
                logger.warning("%s: escalation of alert %s failed (attempt %d/%d): %s",
                               self.label, message.alert.get("id"), attempt, self.attempts, exc)
                if attempt < self.attempts:
                    await self._sleep(self.retry_delay_s * attempt)
                continue
            self.sent += 1
            logger.info("%s: escalated alert %s", self.label, message.alert.get("id"))
            return True
        self.failed += 1
        logger.error("%s: gave up escalating alert %s", self.label, message.alert.get("id"))
        return False

"""A channel's sliding-window rate limit (a message waits for its slot, none is dropped).

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
    """One channel and its rate limit; the escalator's delivery loop sends through it."""

    def __init__(
        self,
        channel: Channel,
        limiter: SlidingWindowLimiter | None = None,
        *,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.channel = channel
        self.limiter = limiter
        self._sleep = sleep
        self.sent = 0

    @property
    def label(self) -> str:
        return self.channel.label

    async def stop(self) -> None:
        await self.channel.aclose()

    async def wait_for_slot(self) -> None:
        """Wait until the rate limit allows a send and take that slot."""
        if self.limiter is None:
            return
        delay = self.limiter.wait_time()
        while delay > 0:
            logger.info("%s: rate limit reached, the next message waits %.1fs", self.label,
                        delay)
            await self._sleep(delay)
            delay = self.limiter.wait_time()
        self.limiter.record()

    def release_slot(self) -> None:
        """Give back the slot taken by :meth:`wait_for_slot` (nothing was sent)."""
        if self.limiter is not None:
            self.limiter.forget_last()

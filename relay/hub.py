"""Connected supervisor consoles and the live broadcast to them."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from protocol.messages import MessageType

logger = logging.getLogger(__name__)

QUEUE_LIMIT = 1000


@dataclass(eq=False)
class Console:
    """One websocket connection; messages wait in ``queue`` for its writer task."""

    supervisor_id: int
    supervisor_name: str
    queue: asyncio.Queue[dict[str, Any] | None] = field(
        default_factory=lambda: asyncio.Queue(QUEUE_LIMIT)
    )


class ConsoleHub:
    """Consoles on duty. A supervisor with at least one console connected counts as online."""

    def __init__(self) -> None:
        self._consoles: set[Console] = set()
        self.on_change: list[Callable[[int], None]] = []

    @property
    def consoles_connected(self) -> int:
        return len(self._consoles)

    def supervisors_online(self) -> int:
        return len({c.supervisor_id for c in self._consoles})

    def supervisor_names(self) -> list[str]:
        return sorted({c.supervisor_name for c in self._consoles})

    def supervisors_message(self) -> dict[str, Any]:
        return {"online": self.supervisors_online(), "names": self.supervisor_names()}

    def add(self, console: Console) -> None:
        before = self.supervisors_online()
        self._consoles.add(console)
        if self.supervisors_online() != before:
            self.broadcast(MessageType.SUPERVISORS, self.supervisors_message())

    def remove(self, console: Console) -> None:
        before = self.supervisors_online()
        self._consoles.discard(console)
        if self.supervisors_online() != before:
            self.broadcast(MessageType.SUPERVISORS, self.supervisors_message())

    def broadcast(self, kind: MessageType, data: dict[str, Any]) -> None:
        """Queue a message for every console (never blocks the caller)."""
        message = {"type": kind.value, "data": data}
        for console in list(self._consoles):
            try:
                console.queue.put_nowait(message)
            except asyncio.QueueFull:
                logger.warning("console of %s is not reading; disconnecting it",
                               console.supervisor_name)
                self._consoles.discard(console)
                _close_signal(console)


def _close_signal(console: Console) -> None:
    while True:
        try:
            console.queue.get_nowait()
        except asyncio.QueueEmpty:
            break
    console.queue.put_nowait(None)

"""Plain observer hooks for the core; ui/ turns them into Qt signals (Safe Eyes' EventHook)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Generic, ParamSpec

P = ParamSpec("P")
logger = logging.getLogger(__name__)


class EventHook(Generic[P]):
    def __init__(self) -> None:
        self._handlers: list[Callable[P, object]] = []

    def connect(self, handler: Callable[P, object]) -> None:
        self._handlers.append(handler)

    def disconnect(self, handler: Callable[P, object]) -> None:
        self._handlers.remove(handler)

    def emit(self, *args: P.args, **kwargs: P.kwargs) -> None:
        for handler in list(self._handlers):
            try:
                handler(*args, **kwargs)
            except Exception:
                logger.exception("event handler %r failed", handler)

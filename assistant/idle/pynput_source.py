"""Last-resort idle source: pynput listeners that note *when* input happened.

Used only when the operating system cannot be asked. The callbacks keep one number, the
monotonic time of the last event; the key or position handed to them is dropped at once
(never stored, logged or compared). It costs a thread per device and wakes on every event,
which is why it comes last.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from assistant.idle import IdleSourceUnavailable

logger = logging.getLogger(__name__)


class PynputIdleSource:
    name = "pynput"

    def __init__(self) -> None:
        try:
            from pynput import keyboard, mouse
        except Exception as exc:  # noqa: BLE001  (pynput raises assorted errors without a backend)
            raise IdleSourceUnavailable(f"pynput cannot listen here: {exc}") from None
        self._last = time.monotonic()
        self._listeners: list[Any] = [
            keyboard.Listener(on_press=self._touch, on_release=self._touch),
            mouse.Listener(on_move=self._touch, on_click=self._touch, on_scroll=self._touch),
        ]
        for listener in self._listeners:
            listener.daemon = True
            listener.start()

    def _touch(self, *_event: object) -> None:
        self._last = time.monotonic()  # the event itself is not kept

    def idle_seconds(self) -> float:
        return max(0.0, time.monotonic() - self._last)

    def close(self) -> None:
        for listener in self._listeners:
            listener.stop()
        self._listeners.clear()

"""``action = "clear"``: empty the clipboard a while after customer data landed on it, but
only if it still holds that same content (judged by fingerprint)."""

from __future__ import annotations

import enum
import logging

from assistant.clock import Clock

logger = logging.getLogger(__name__)


class ClearVerdict(str, enum.Enum):
    NOT_ARMED = "not_armed"
    WAIT = "wait"
    CLEAR = "clear"
    CONTENT_CHANGED = "content_changed"


class ClearSchedule:
    """One pending clear at most; monotonic time so wall-clock jumps do not fire it early."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._fingerprint: str | None = None
        self._due: float | None = None

    @property
    def armed(self) -> bool:
        return self._due is not None

    @property
    def fingerprint(self) -> str | None:
        return self._fingerprint

    def arm(self, fingerprint: str, after_s: float) -> None:
        self._fingerprint = fingerprint
        self._due = self._clock.monotonic() + max(0.0, after_s)

    def cancel(self) -> None:
        self._fingerprint = None
        self._due = None

    def remaining_s(self) -> float | None:
        if self._due is None:
            return None
        return max(0.0, self._due - self._clock.monotonic())

    def check(self, current_fingerprint: str | None) -> ClearVerdict:
        """Whether to clear now. Disarms on CLEAR and on CONTENT_CHANGED."""
        if self._due is None:
            return ClearVerdict.NOT_ARMED
        if current_fingerprint != self._fingerprint:
            self.cancel()
            return ClearVerdict.CONTENT_CHANGED
        if self._clock.monotonic() < self._due:
            return ClearVerdict.WAIT
        self.cancel()
        return ClearVerdict.CLEAR

"""Settle bursts of clipboard change notifications before reading the clipboard.

Some applications announce a copy several times in a row (owner change, then each
format); the guard reads once the notifications have been quiet for ``quiet_s``, but never
later than ``max_wait_s`` after the first one of a burst.
"""

from __future__ import annotations

import logging

from assistant.clock import Clock

logger = logging.getLogger(__name__)

QUIET_S = 0.15
MAX_WAIT_S = 1.0


class ChangeDebouncer:
    def __init__(self, clock: Clock, quiet_s: float = QUIET_S, max_wait_s: float = MAX_WAIT_S) -> None:
        self._clock = clock
        self.quiet_s = quiet_s
        self.max_wait_s = max_wait_s
        self._first: float | None = None
        self._last: float | None = None

    @property
    def pending(self) -> bool:
        return self._first is not None

    def changed(self) -> float:
        """Note a change notification; returns the seconds until the burst counts as settled."""
        now = self._clock.monotonic()
        if self._first is None:
            self._first = now
        self._last = now
        due = self.due_in()
        assert due is not None
        return due

    def due_in(self) -> float | None:
        """Seconds until the pending burst settles (0 when it has); None when nothing is pending."""
        if self._first is None or self._last is None:
            return None
        settle_at = min(self._last + self.quiet_s, self._first + self.max_wait_s)
        return max(0.0, settle_at - self._clock.monotonic())

    def take(self) -> bool:
        """True once per burst, when it has settled: time to read the clipboard."""
        if self.due_in() != 0.0:
            return False
        self._first = self._last = None
        return True

    def reset(self) -> None:
        self._first = self._last = None

"""How often the guard acted today (for the tray tooltip: "今日脱敏 3 次")."""

from __future__ import annotations

import datetime as dt
import enum
import logging
from collections.abc import Callable

from assistant.clock import Clock

logger = logging.getLogger(__name__)


class GuardCounter(str, enum.Enum):
    FOUND = "found"
    MASKED = "masked"
    CLEARED = "cleared"

    @property
    def audit_kind(self) -> str:
        return f"clipboard.{self.value}"


def local_date(wall: float) -> dt.date:
    return dt.datetime.fromtimestamp(wall).date()


class DailyCounts:
    """Counters that start again at local midnight (by the clock's wall time)."""

    def __init__(self, clock: Clock, date_of: Callable[[float], dt.date] = local_date) -> None:
        self._clock = clock
        self._date_of = date_of
        self._day = date_of(clock.wall())
        self._counts: dict[GuardCounter, int] = {}

    def _roll(self) -> None:
        today = self._date_of(self._clock.wall())
        if today != self._day:
            self._day = today
            self._counts.clear()

    def today(self) -> dt.date:
        self._roll()
        return self._day

    def add(self, counter: GuardCounter, n: int = 1) -> int:
        self._roll()
        self._counts[counter] = self._counts.get(counter, 0) + n
        return self._counts[counter]

    def get(self, counter: GuardCounter) -> int:
        self._roll()
        return self._counts.get(counter, 0)

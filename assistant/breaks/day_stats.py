"""Today's numbers for the tray: active time and breaks taken, postponed, skipped."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


def local_date(wall: float) -> dt.date:
    return dt.datetime.fromtimestamp(wall).date()


@dataclass
class DayStats:
    day: dt.date
    active_s: float = 0.0
    completed: int = 0
    natural: int = 0
    postponed: int = 0
    skipped: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)

    @property
    def taken(self) -> int:
        """Breaks the user really had: the ones shown and finished plus natural ones."""
        return self.completed + self.natural

    def rolled_over(self, wall: float) -> DayStats:
        """These stats, or fresh ones when local midnight has passed since they began."""
        today = local_date(wall)
        return self if today == self.day else DayStats(today)

"""The end-of-shift reminder: one single-shot timer set to the next shift end, no polling.

It is set again after it fires, when the settings change, and after the computer wakes up
(a timer's interval does not count suspended time on every OS).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from assistant.selfcheck.shift import next_shift_end, seconds_until

logger = logging.getLogger(__name__)

MAX_INTERVAL_MS = 2**31 - 1  # QTimer takes an int; a week is far below this


def local_now() -> dt.datetime:
    return dt.datetime.now().astimezone()


class ShiftEndReminder(QObject):
    due = Signal()

    def __init__(self, parent: QObject | None = None,
                 now: Callable[[], dt.datetime] = local_now) -> None:
        super().__init__(parent)
        self._now = now
        self.timer = QTimer(self)
        self.timer.setObjectName("selfcheck-shift-end")
        self.timer.setSingleShot(True)
        self.timer.setTimerType(Qt.TimerType.VeryCoarseTimer)  # to the second
        self.timer.timeout.connect(self._fire)
        self.next_at: dt.datetime | None = None
        self._shift_end = ""
        self._weekdays: list[int] = []

    def schedule(self, shift_end: str, weekdays: list[int]) -> dt.datetime | None:
        """Set the timer to the next ``shift_end`` on one of ``weekdays``; returns when."""
        self._shift_end, self._weekdays = shift_end, list(weekdays)
        return self._arm()

    def reschedule(self) -> dt.datetime | None:
        return self._arm() if self._shift_end else None

    def stop(self) -> None:
        self.timer.stop()
        self.next_at = None

    def _arm(self, after: dt.datetime | None = None) -> dt.datetime | None:
        now = self._now()
        base = max(now, after) if after is not None else now
        self.next_at = next_shift_end(base, self._shift_end, self._weekdays)
        if self.next_at is None:
            self.timer.stop()
            logger.info("end-of-shift reminder off (no shift end set)")
            return None
        ms = min(MAX_INTERVAL_MS, max(1, round(seconds_until(now, self.next_at) * 1000)))
        self.timer.start(ms)
        logger.info("end-of-shift reminder at %s", self.next_at.isoformat(timespec="minutes"))
        return self.next_at

    def _fire(self) -> None:
        due_at = self.next_at
        now = self._now()
        if due_at is not None and now < due_at - dt.timedelta(seconds=30):
            self._arm()  # woke early (clock changed): wait for the real time
            return
        logger.info("end of shift: reminding")
        self.due.emit()
        self._arm(after=due_at)  # never the same shift end twice, even when a little early

"""When the shift ends next: the end-of-shift reminder's single timer is set from this."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable

logger = logging.getLogger(__name__)


def parse_hhmm(text: str) -> dt.time:
    hours, _, minutes = text.strip().partition(":")
    return dt.time(int(hours), int(minutes))


def next_shift_end(now: dt.datetime, shift_end: str, weekdays: Iterable[int]) -> dt.datetime | None:
    """The first ``shift_end`` (local "HH:MM") strictly after ``now`` on one of the ISO
    ``weekdays`` (1 = Monday … 7 = Sunday); None when no weekday is set or the time is bad.

    ``now`` must be timezone-aware; the result is in the local zone of the machine, so a
    daylight-saving change between now and then is taken into account.
    """
    days = {int(d) for d in weekdays if isinstance(d, int) and 1 <= int(d) <= 7}
    if not days:
        return None
    try:
        at = parse_hhmm(shift_end)
    except ValueError:
        logger.warning("selfcheck.shift_end %r is not HH:MM", shift_end)
        return None
    local_now = now.astimezone()
    for offset in range(8):
        day = local_now.date() + dt.timedelta(days=offset)
        if day.isoweekday() not in days:
            continue
        candidate = dt.datetime.combine(day, at).astimezone()  # naive → the local zone
        if candidate > local_now:
            return candidate
    return None


def seconds_until(now: dt.datetime, then: dt.datetime) -> float:
    return max(0.0, (then - now).total_seconds())

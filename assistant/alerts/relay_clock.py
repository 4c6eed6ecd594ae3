"""The relay's time as the agent knows it: the offset between the two clocks.

Workstation clocks drift and not every call centre runs NTP, while the relay refuses a signed
request whose timestamp is more than 60 s off its own clock. The agent therefore learns the
relay's time from every heartbeat answer (``server_time``) and from a clock-skew refusal
(``detail.reason == "clock_skew"``) and signs with the corrected time.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from datetime import datetime

from protocol.signing import SIGNING_WINDOW_S

logger = logging.getLogger(__name__)

#: an offset within this many seconds counts as "in step" (the relay allows ±60 s)
IN_STEP_S = 2.0
#: the relay's replay window: beyond it, an uncorrected request is refused
RELAY_WINDOW_S = float(SIGNING_WINDOW_S)


def parse_server_time(value: object) -> float | None:
    """Unix seconds of an ISO 8601 ``server_time`` (or a number); None when unreadable."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    if parsed.tzinfo is None:
        return None
    return parsed.timestamp()


class RelayClock:
    """Thread-safe offset of the local clock from the relay's (local minus relay, seconds)."""

    def __init__(self, wall_clock: Callable[[], float] = time.time) -> None:
        self._wall_clock = wall_clock
        self._lock = threading.Lock()
        self._offset_s: float | None = None
        self.skew_refused = False

    @property
    def offset_s(self) -> float | None:
        """Local clock minus relay clock; None until the relay's time was seen."""
        with self._lock:
            return self._offset_s

    def now(self) -> float:
        """The relay's current time as best known (unix seconds)."""
        with self._lock:
            offset = self._offset_s or 0.0
        return self._wall_clock() - offset

    def learn(self, server_time: object, sent_at: float, received_at: float) -> float | None:
        """Take the relay's time from an answer to a request sent/received at local times."""
        relay_time = parse_server_time(server_time)
        if relay_time is None:
            return None
        # the relay read its clock somewhere between sending and receiving: use the middle
        offset = (sent_at + received_at) / 2.0 - relay_time
        with self._lock:
            previous, self._offset_s = self._offset_s, offset
        if previous is None or abs(previous - offset) > IN_STEP_S:
            level = logging.WARNING if abs(offset) > RELAY_WINDOW_S else logging.INFO
            logger.log(level, "workstation clock is %s", describe_offset(offset))
        return offset

    def wall_time(self) -> float:
        return self._wall_clock()

    def forget(self) -> None:
        """Back to "not yet compared" (a new enrollment, or the next test's fresh workstation)."""
        with self._lock:
            self._offset_s = None
            self.skew_refused = False


def describe_offset(offset_s: float | None) -> str:
    """English wording for logs and the self-test: "600 s ahead of the relay", "in step"."""
    if offset_s is None:
        return "not yet compared with the relay"
    if abs(offset_s) <= IN_STEP_S:
        return "in step with the relay"
    side = "ahead of" if offset_s > 0 else "behind"
    return f"{abs(offset_s):.0f} s {side} the relay"


#: the process's one view of the relay's clock (every RelayClient shares it)
RELAY_CLOCK = RelayClock()

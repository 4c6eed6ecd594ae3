"""The sign that a supervisor acknowledged the agent's alarm: a small dot on the tray icon
for a minute (``ack_sign = "tray_mark"``), nothing else on the screen.

Qt-free: the tray feature draws the dot and sleeps ``remaining_s()`` before ``expire``.
"""

from __future__ import annotations

from assistant.clock import Clock
from assistant.panic.kinds import AckSign

SHOW_FOR_S = 60.0


class AcknowledgementMark:
    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._until: float | None = None

    @property
    def shown(self) -> bool:
        return self._until is not None

    def acknowledged(self, ack_sign: str) -> bool:
        """A supervisor acknowledged one of our alarms: True when the mark is to show."""
        if ack_sign != AckSign.TRAY_MARK:
            return False
        self._until = self._clock.monotonic() + SHOW_FOR_S
        return True

    def remaining_s(self) -> float:
        """How long the mark still shows (0 when it does not)."""
        if self._until is None:
            return 0.0
        return max(0.0, self._until - self._clock.monotonic())

    def expire(self) -> bool:
        """The minute is up: True when the mark is to go now."""
        if self._until is None or self.remaining_s() > 0:
            return False
        self._until = None
        return True

    def hide(self) -> bool:
        """The alarm was called off (or the policy changed): True when the mark was shown."""
        was_shown = self._until is not None
        self._until = None
        return was_shown

    def policy_changed(self, ack_sign: str) -> bool:
        """True when the mark is to go because the policy no longer asks for it."""
        return ack_sign != AckSign.TRAY_MARK and self.hide()

"""Confirming the help hotkey: at once, on a double press, or when held (``[panic] confirm``).

``HotkeyConfirmer`` is a small state machine on an injected clock. Presses come from the
hotkey service; while it waits for a second press or for the end of a hold it wants to be
polled with the key's state (``watching``), which a :class:`KeyStateProbe` reads from the OS.
Without a probe a double press still works from the service's presses alone; a hold cannot
be confirmed (the self-test says so).
"""

from __future__ import annotations

import threading

from assistant.clock import Clock
from assistant.panic.kinds import ConfirmMode

#: The second press of a double press must come within this time of the first.
DOUBLE_WINDOW_S = 1.5
#: After the alarm went off, presses are ignored this long (no second alarm from one gesture).
QUIET_AFTER_FIRE_S = 2.0
#: How often the key state is read while watching.
POLL_INTERVAL_S = 0.02


class HotkeyConfirmer:
    """Turns hotkey presses (and key states) into "raise the alarm now"."""

    def __init__(self, mode: ConfirmMode, clock: Clock, *, hold_s: float = 1.5,
                 double_window_s: float = DOUBLE_WINDOW_S) -> None:
        self.mode = mode
        self.hold_s = hold_s
        self.double_window_s = double_window_s
        self._clock = clock
        self._lock = threading.Lock()
        self._first_press: float | None = None  # double: when the first press came
        self._hold_start: float | None = None  # hold: when the key went down
        self._down = False  # the key's last known state
        self._released = False  # double: the key came up after the first press
        self._quiet_until = -1e18

    def configure(self, mode: ConfirmMode, hold_s: float) -> None:
        with self._lock:
            self.mode, self.hold_s = mode, hold_s
            self._clear()

    @property
    def watching(self) -> bool:
        """True while the key state should be polled (a double or a hold is under way)."""
        with self._lock:
            return self._first_press is not None or self._hold_start is not None

    def pressed(self) -> bool:
        """The hotkey service reports a press. True: raise the alarm now."""
        with self._lock:
            now = self._clock.monotonic()
            if now < self._quiet_until:
                return False
            if self.mode is ConfirmMode.NONE:
                return self._fire(now)
            if self.mode is ConfirmMode.DOUBLE:
                if self._first_press is not None and now - self._first_press <= self.double_window_s:
                    return self._fire(now)  # services report each real press once
                self._first_press, self._down, self._released = now, True, False
                return False
            if self._hold_start is None:  # HOLD
                self._hold_start, self._down = now, True
            return False

    def poll(self, down: bool) -> bool:
        """The key's current state, read while ``watching``. True: raise the alarm now."""
        with self._lock:
            now = self._clock.monotonic()
            if self.mode is ConfirmMode.DOUBLE and self._first_press is not None:
                if now - self._first_press > self.double_window_s:
                    self._clear()
                    return False
                if not down and self._down:
                    self._released = True
                elif down and not self._down and self._released:
                    return self._fire(now)  # a quick second press the service may not report
                self._down = down
                return False
            if self.mode is ConfirmMode.HOLD and self._hold_start is not None:
                if not down:
                    self._clear()  # let go too early: nothing happens
                    return False
                if now - self._hold_start >= self.hold_s:
                    return self._fire(now)
            return False

    def expire(self) -> None:
        """Forget a half-done double press whose window has passed (no probe polls it)."""
        with self._lock:
            if (self._first_press is not None
                    and self._clock.monotonic() - self._first_press > self.double_window_s):
                self._clear()

    def _fire(self, now: float) -> bool:
        self._clear()
        self._quiet_until = now + QUIET_AFTER_FIRE_S
        return True

    def _clear(self) -> None:
        self._first_press = self._hold_start = None
        self._down = self._released = False

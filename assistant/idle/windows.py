"""Windows idle time from ``GetLastInputInfo`` (user32), through ctypes.

``LASTINPUTINFO.dwTime`` is the 32-bit tick count of the last input in this session; the
difference to ``GetTickCount`` is taken modulo 2**32 so the 49.7-day wrap does no harm.
"""

from __future__ import annotations

import ctypes
import logging
from typing import Any

from assistant.idle import IdleSourceUnavailable
from assistant.platform_bindings.windows import LASTINPUTINFO

logger = logging.getLogger(__name__)

__all__ = ["LASTINPUTINFO", "LastInputIdleSource", "ticks_between"]


def ticks_between(now: int, last: int) -> int:
    """Milliseconds from ``last`` to ``now`` on the wrapping 32-bit tick counter."""
    return (now - last) & 0xFFFFFFFF


class LastInputIdleSource:
    name = "windows-lastinput"
    _win: Any
    _info: LASTINPUTINFO

    def __init__(self, bindings: Any = None) -> None:
        """``bindings``: ``assistant.platform_bindings.windows.load()`` (the default) or a fake."""
        if bindings is None:
            from assistant.platform_bindings.windows import load

            try:
                bindings = load()
            except OSError as exc:
                raise IdleSourceUnavailable(f"GetLastInputInfo is unavailable: {exc}") from exc
        self._win = bindings
        self._info = LASTINPUTINFO()
        self._info.cbSize = ctypes.sizeof(LASTINPUTINFO)

    def idle_seconds(self) -> float:
        if not self._win.user32.GetLastInputInfo(ctypes.byref(self._info)):
            raise IdleSourceUnavailable(f"GetLastInputInfo failed (error {self._win.get_last_error()})")
        return ticks_between(self._win.kernel32.GetTickCount(), self._info.dwTime) / 1000.0

    def close(self) -> None:
        pass

"""Windows idle time from ``GetLastInputInfo`` (user32), through ctypes.

``LASTINPUTINFO.dwTime`` is the 32-bit tick count of the last input in this session; the
difference to ``GetTickCount`` is taken modulo 2**32 so the 49.7-day wrap does no harm.
"""

from __future__ import annotations

import ctypes
import logging
import sys
from typing import Any

from assistant.idle import IdleSourceUnavailable

logger = logging.getLogger(__name__)


class LASTINPUTINFO(ctypes.Structure):
    _fields_ = [("cbSize", ctypes.c_uint), ("dwTime", ctypes.c_uint32)]


def ticks_between(now: int, last: int) -> int:
    """Milliseconds from ``last`` to ``now`` on the wrapping 32-bit tick counter."""
    return (now - last) & 0xFFFFFFFF


class LastInputIdleSource:
    name = "windows-lastinput"
    _user32: Any
    _kernel32: Any
    _info: LASTINPUTINFO

    def __init__(self) -> None:
        if sys.platform != "win32":
            raise IdleSourceUnavailable("GetLastInputInfo exists only on Windows")
        self._user32 = ctypes.WinDLL("user32", use_last_error=True)  # type: ignore[attr-defined]
        self._kernel32 = ctypes.WinDLL("kernel32")  # type: ignore[attr-defined]
        self._user32.GetLastInputInfo.argtypes = [ctypes.POINTER(LASTINPUTINFO)]
        self._user32.GetLastInputInfo.restype = ctypes.c_int
        self._kernel32.GetTickCount.restype = ctypes.c_uint32
        self._info = LASTINPUTINFO()
        self._info.cbSize = ctypes.sizeof(LASTINPUTINFO)

    def idle_seconds(self) -> float:
        if not self._user32.GetLastInputInfo(ctypes.byref(self._info)):
            raise IdleSourceUnavailable(f"GetLastInputInfo failed (error {ctypes.get_last_error()})")  # type: ignore[attr-defined]
        return ticks_between(self._kernel32.GetTickCount(), self._info.dwTime) / 1000.0

    def close(self) -> None:
        pass

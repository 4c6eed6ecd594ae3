"""Windows: ``LockWorkStation`` locks; the WTS session flags say whether it is locked.

``LockWorkStation`` only starts the lock (it returns before the lock screen is up), so the
locker confirms it through ``WTSQuerySessionInformationW(WTSSessionInfoEx)``, whose
``SessionFlags`` is ``WTS_SESSIONSTATE_LOCK`` while the lock screen shows (Windows 8 and
later; Windows 7 has the two values swapped, which is handled).

Push notifications: ``assistant/locking/session_events_windows.py`` registers a hidden
window with ``WTSRegisterSessionNotification``; the UI's native event filter turns
``WM_WTSSESSION_CHANGE`` (``WTS_SESSION_LOCK``/``WTS_SESSION_UNLOCK``) into
``AutoLockMachine.note_external_lock/unlock``. The polled probe below is what the auto-lock
uses before warning or locking, which is enough to never lock twice.
"""

from __future__ import annotations

import ctypes
import logging
import sys
from typing import Any

from assistant.locking import LockAttempt
from assistant.platform_bindings import windows as w

logger = logging.getLogger(__name__)

WTS_SESSIONSTATE_LOCK = 0
WTS_SESSIONSTATE_UNLOCK = 1


def _load(bindings: Any) -> Any:
    if bindings is not None:
        return bindings
    try:
        return w.load()
    except OSError as exc:
        logger.info("the Win32 libraries are unavailable: %s", exc)
        return None


class LockWorkStationBackend:
    name = "LockWorkStation"
    confirm = True

    def __init__(self, bindings: Any = None) -> None:
        self._bindings = bindings

    def lock(self) -> LockAttempt:
        win = _load(self._bindings)
        if win is None:
            return LockAttempt(False, "only on Windows")
        if win.user32.LockWorkStation():
            return LockAttempt(True, "lock started")
        return LockAttempt(False, f"LockWorkStation failed (error {win.get_last_error()})")


def session_flags_to_locked(flags: int, windows7: bool) -> bool | None:
    if flags not in (WTS_SESSIONSTATE_LOCK, WTS_SESSIONSTATE_UNLOCK):
        return None
    locked = flags == WTS_SESSIONSTATE_LOCK
    return (not locked) if windows7 else locked


class WtsLockProbe:
    name = "wts"

    def __init__(self, bindings: Any = None, windows7: bool | None = None) -> None:
        self._win = _load(bindings)
        if windows7 is None:
            windows7 = sys.platform == "win32" and sys.getwindowsversion()[:2] < (6, 2)  # type: ignore[attr-defined]
        self._windows7 = windows7

    def __call__(self) -> bool | None:
        if self._win is None:
            return None
        wts = self._win.wtsapi32
        buffer = ctypes.c_void_p()
        size = w.DWORD()
        if not wts.WTSQuerySessionInformationW(w.WTS_CURRENT_SERVER_HANDLE, w.WTS_CURRENT_SESSION,
                                               w.WTS_SESSION_INFO_EX, ctypes.byref(buffer),
                                               ctypes.byref(size)) or not buffer.value:
            return None
        try:
            if size.value < ctypes.sizeof(w.WTSINFOEXW):
                return None
            info = w.WTSINFOEXW.from_address(buffer.value)
            if info.Level != 1:
                return None
            return session_flags_to_locked(info.Data.SessionFlags, self._windows7)
        finally:
            wts.WTSFreeMemory(buffer)

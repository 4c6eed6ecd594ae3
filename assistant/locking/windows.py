"""Windows: ``LockWorkStation`` locks; the WTS session flags say whether it is locked.

``LockWorkStation`` only starts the lock (it returns before the lock screen is up), so the
locker confirms it through ``WTSQuerySessionInformationW(WTSSessionInfoEx)``, whose
``SessionFlags`` is ``WTS_SESSIONSTATE_LOCK`` while the lock screen shows (Windows 8 and
later; Windows 7 has the two values swapped, which is handled).

Push notifications (design): a hidden window registered with
``WTSRegisterSessionNotification(hwnd, NOTIFY_FOR_THIS_SESSION)`` receives
``WM_WTSSESSION_CHANGE`` with ``WTS_SESSION_LOCK``/``WTS_SESSION_UNLOCK``; the UI can read it
with a ``QAbstractNativeEventFilter`` on any top-level widget's HWND and call
``AutoLockMachine.note_external_lock/unlock``. The polled probe below is what the auto-lock
uses before warning or locking, which is enough to never lock twice.
"""

from __future__ import annotations

import ctypes
import logging
import sys

from assistant.locking import LockAttempt

logger = logging.getLogger(__name__)

WTS_CURRENT_SERVER_HANDLE = 0
WTS_CURRENT_SESSION = 0xFFFFFFFF
WTS_SESSION_INFO_EX = 25  # WTS_INFO_CLASS.WTSSessionInfoEx
WTS_SESSIONSTATE_LOCK = 0
WTS_SESSIONSTATE_UNLOCK = 1
SESSION_FLAGS_OFFSET = 16  # WTSINFOEXW: Level (4) + padding (4) + SessionId (4) + SessionState (4)


class LockWorkStationBackend:
    name = "LockWorkStation"
    confirm = True

    def lock(self) -> LockAttempt:
        if sys.platform != "win32":
            return LockAttempt(False, "only on Windows")
        user32 = ctypes.WinDLL("user32", use_last_error=True)  # type: ignore[attr-defined]
        if user32.LockWorkStation():
            return LockAttempt(True, "lock started")
        return LockAttempt(False, f"LockWorkStation failed (error {ctypes.get_last_error()})")  # type: ignore[attr-defined]


def session_flags_to_locked(flags: int, windows7: bool) -> bool | None:
    if flags not in (WTS_SESSIONSTATE_LOCK, WTS_SESSIONSTATE_UNLOCK):
        return None
    locked = flags == WTS_SESSIONSTATE_LOCK
    return (not locked) if windows7 else locked


class WtsLockProbe:
    name = "wts"

    def __init__(self) -> None:
        self._wtsapi = None
        if sys.platform == "win32":
            try:
                self._wtsapi = ctypes.WinDLL("wtsapi32")  # type: ignore[attr-defined]
            except OSError:
                logger.info("wtsapi32 is missing; the lock state cannot be read")
            self._windows7 = sys.getwindowsversion()[:2] < (6, 2)  # type: ignore[attr-defined]

    def __call__(self) -> bool | None:
        if self._wtsapi is None:
            return None
        buffer = ctypes.c_void_p()
        size = ctypes.c_uint32()
        ok = self._wtsapi.WTSQuerySessionInformationW(
            ctypes.c_void_p(WTS_CURRENT_SERVER_HANDLE), ctypes.c_uint32(WTS_CURRENT_SESSION),
            ctypes.c_int(WTS_SESSION_INFO_EX), ctypes.byref(buffer), ctypes.byref(size))
        if not ok or not buffer.value:
            return None
        try:
            if size.value < SESSION_FLAGS_OFFSET + 4:
                return None
            level = ctypes.c_uint32.from_address(buffer.value).value
            if level != 1:
                return None
            flags = ctypes.c_int32.from_address(buffer.value + SESSION_FLAGS_OFFSET).value
            return session_flags_to_locked(flags, self._windows7)
        finally:
            self._wtsapi.WTSFreeMemory(buffer)

"""macOS: lock with ``SACLockScreenImmediate``; read the lock state from CGSession.

``CGSession -suspend`` (the old way) is gone since macOS 11. What works on current macOS:

1. ``SACLockScreenImmediate()`` from the private login framework — the call behind the
   Control Centre's "Lock Screen" item: locks at once, whatever the user's screen-saver
   password settings. Private API, so it is looked up at run time and confirmed afterwards.
2. ``pmset displaysleepnow`` — sleeps the display; it locks only when "Require password
   immediately after the screen saver begins or display is turned off" is on (the default
   on managed Macs). The confirmation step tells whether it did.

The lock state comes from ``CGSessionCopyCurrentDictionary()``: the key
``CGSSessionScreenIsLocked`` is present and true while the lock screen shows.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import sys
from collections.abc import Mapping
from typing import Any

from assistant.locking import LockAttempt
from assistant.locking.commands import CommandBackend

logger = logging.getLogger(__name__)

LOGIN_FRAMEWORK = "/System/Library/PrivateFrameworks/login.framework/Versions/Current/login"
K_CF_STRING_ENCODING_UTF8 = 0x08000100


class SACLockScreenBackend:
    name = "SACLockScreenImmediate"
    confirm = True

    def lock(self) -> LockAttempt:
        if sys.platform != "darwin":
            return LockAttempt(False, "only on macOS")
        try:
            login = ctypes.CDLL(LOGIN_FRAMEWORK)
            function = login.SACLockScreenImmediate
        except (OSError, AttributeError) as exc:
            return LockAttempt(False, f"login framework unavailable: {exc}")
        function.restype = ctypes.c_int
        function.argtypes = []
        result = function()
        return LockAttempt(True, f"returned {result}")


def macos_backends(env: Mapping[str, str]) -> list:  # type: ignore[type-arg]
    return [SACLockScreenBackend(),
            CommandBackend("pmset displaysleepnow", ["/usr/bin/pmset", "displaysleepnow"], env,
                           confirm=True)]


class CGSessionLockProbe:
    name = "cgsession"
    _cg: Any
    _cf: Any
    _key: Any

    def __init__(self) -> None:
        self._ready = False
        if sys.platform != "darwin":
            return
        cg_path = ctypes.util.find_library("CoreGraphics") or ctypes.util.find_library("ApplicationServices")
        cf_path = ctypes.util.find_library("CoreFoundation")
        if not cg_path or not cf_path:
            return
        self._cg = ctypes.CDLL(cg_path)
        self._cf = cf = ctypes.CDLL(cf_path)
        self._cg.CGSessionCopyCurrentDictionary.restype = ctypes.c_void_p
        cf.CFStringCreateWithCString.restype = ctypes.c_void_p
        cf.CFStringCreateWithCString.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_uint32]
        cf.CFDictionaryGetValue.restype = ctypes.c_void_p
        cf.CFDictionaryGetValue.argtypes = [ctypes.c_void_p, ctypes.c_void_p]
        cf.CFBooleanGetValue.restype = ctypes.c_bool
        cf.CFBooleanGetValue.argtypes = [ctypes.c_void_p]
        cf.CFRelease.argtypes = [ctypes.c_void_p]
        self._key = cf.CFStringCreateWithCString(None, b"CGSSessionScreenIsLocked", K_CF_STRING_ENCODING_UTF8)
        self._ready = bool(self._key)

    def __call__(self) -> bool | None:
        if not self._ready:
            return None
        session = self._cg.CGSessionCopyCurrentDictionary()
        if not session:
            return None
        try:
            value = self._cf.CFDictionaryGetValue(session, self._key)
            return bool(value) and bool(self._cf.CFBooleanGetValue(value))
        finally:
            self._cf.CFRelease(session)

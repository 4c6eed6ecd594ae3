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

import logging
import sys
from collections.abc import Mapping
from typing import Any

from assistant.locking import LockAttempt
from assistant.locking.commands import CommandBackend
from assistant.platform_bindings import macos as m

logger = logging.getLogger(__name__)



class SACLockScreenBackend:
    name = "SACLockScreenImmediate"
    confirm = True

    def __init__(self, bindings: Any = None) -> None:
        self._bindings = bindings

    def lock(self) -> LockAttempt:
        try:
            login = self._bindings if self._bindings is not None else m.load_login()
        except OSError as exc:
            return LockAttempt(False, f"login framework unavailable: {exc}")
        result = login.login.SACLockScreenImmediate()
        return LockAttempt(True, f"returned {result}")  # confirmed by the lock probe afterwards


def macos_backends(env: Mapping[str, str]) -> list:  # type: ignore[type-arg]
    return [SACLockScreenBackend(),
            CommandBackend("pmset displaysleepnow", ["/usr/bin/pmset", "displaysleepnow"], env,
                           confirm=True)]


class CGSessionLockProbe:
    """``CGSessionScreenIsLocked`` in the session dictionary. The key string is created for
    each question and released with the dictionary: nothing CoreFoundation handed out
    outlives the call (the probe used to keep its key for ever and never release it)."""

    name = "cgsession"

    def __init__(self, bindings: Any = None) -> None:
        if bindings is None and sys.platform == "darwin":
            try:
                bindings = m.load()
            except OSError as exc:
                logger.info("no macOS lock state: %s", exc)
        self._bindings = bindings

    def __call__(self) -> bool | None:
        if self._bindings is None:
            return None
        cf, cg = self._bindings.CoreFoundation, self._bindings.ApplicationServices
        session = cg.CGSessionCopyCurrentDictionary()
        if not session:
            return None  # no window server session (ssh, a daemon)
        key = cf.CFStringCreateWithCString(None, b"CGSSessionScreenIsLocked", m.K_CF_STRING_ENCODING_UTF8)
        try:
            if not key:
                return None
            value = cf.CFDictionaryGetValue(session, key)  # "Get": owned by the dictionary
            return bool(value) and bool(cf.CFBooleanGetValue(value))
        finally:
            if key:
                cf.CFRelease(key)
            cf.CFRelease(session)  # "Copy": ours to release

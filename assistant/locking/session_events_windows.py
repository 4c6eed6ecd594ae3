"""Windows session lock and unlock notifications (Win+L, the lock screen's own timer, IT).

``WTSRegisterSessionNotification(hwnd, NOTIFY_FOR_THIS_SESSION)`` asks Windows to send the
window ``WM_WTSSESSION_CHANGE`` whenever this session changes; ``wParam`` is
``WTS_SESSION_LOCK`` (7) or ``WTS_SESSION_UNLOCK`` (8) for the lock screen coming up and going
away. Every registration needs its ``WTSUnRegisterSessionNotification`` before the window is
destroyed. Called at login before the Remote Desktop Services are up, registration fails with
``RPC_S_INVALID_BINDING``: then it is worth trying again a little later.

The UI owns the window and its native event filter (``ui/autolock/session_events.py``); this
module registers it and reads the ``MSG`` the filter is handed, so it stays free of Qt.
"""

from __future__ import annotations

import enum
import logging
from typing import Any

from assistant.capability import Capability
from assistant.platform_bindings import windows as w

logger = logging.getLogger(__name__)

# Qt's names for a Windows message handed to QAbstractNativeEventFilter.
NATIVE_EVENT_TYPES = (b"windows_generic_MSG", b"windows_dispatcher_MSG")


class SessionChange(enum.Enum):
    LOCKED = "locked"
    UNLOCKED = "unlocked"


class WtsSessionEvents:
    """Registers one window for this session's change notifications."""

    name = "WTSRegisterSessionNotification"

    def __init__(self, bindings: Any = None) -> None:
        self._bindings = bindings
        self._hwnd: int | None = None
        self.retry_later = False  # the last failure was RPC_S_INVALID_BINDING (too early at login)

    def _win(self) -> Any:
        if self._bindings is None:
            self._bindings = w.load()  # OSError off Windows
        return self._bindings

    def register(self, hwnd: int) -> Capability:
        self.retry_later = False
        if self._hwnd is not None:
            return Capability.works("already registered")
        try:
            win = self._win()
        except OSError as exc:
            return Capability.missing(str(exc))
        if win.wtsapi32.WTSRegisterSessionNotification(hwnd, w.NOTIFY_FOR_THIS_SESSION):
            self._hwnd = hwnd
            return Capability.works("Windows tells the app when the session is locked or unlocked")
        error = win.get_last_error()
        self.retry_later = error == w.RPC_S_INVALID_BINDING
        if self.retry_later:
            return Capability.missing("Remote Desktop Services are not started yet")
        return Capability.missing(f"WTSRegisterSessionNotification failed (error {error})")

    def unregister(self) -> None:
        if self._hwnd is None:
            return
        hwnd, self._hwnd = self._hwnd, None
        if not self._win().wtsapi32.WTSUnRegisterSessionNotification(hwnd):
            logger.info("WTSUnRegisterSessionNotification failed (error %s)", self._win().get_last_error())

    @property
    def registered(self) -> bool:
        return self._hwnd is not None


def session_change(event_type: bytes, message: Any) -> SessionChange | None:
    """The lock/unlock a native event carries, if any. ``message`` is the address of a ``MSG``
    (an int, or the ``shiboken6.VoidPtr`` PySide6 hands the filter)."""
    if bytes(event_type) not in NATIVE_EVENT_TYPES:
        return None
    address = int(message)
    if not address:
        return None
    msg = w.MSG.from_address(address)
    if msg.message != w.WM_WTSSESSION_CHANGE:
        return None
    if msg.wParam == w.WTS_SESSION_LOCK:
        return SessionChange.LOCKED
    if msg.wParam == w.WTS_SESSION_UNLOCK:
        return SessionChange.UNLOCKED
    return None  # console/remote connect, logon, logoff, remote control: not a lock change


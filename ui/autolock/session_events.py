"""Windows session lock/unlock notifications fed into the auto-lock.

A native window that is never shown (a ``QWindow`` whose ``winId()`` makes its HWND) is
registered with ``WTSRegisterSessionNotification``; Qt hands every message for it to the
application's native event filters, where ``WM_WTSSESSION_CHANGE`` becomes
``on_locked``/``on_unlocked``. The auto-lock then knows at once when Win+L or anyone else
locked the session, and when the user unlocked it, instead of finding out at its next poll.
Too early at login (``RPC_S_INVALID_BINDING``) registration is retried every 10 s, 30 times.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractNativeEventFilter, QCoreApplication, QObject, QTimer
from PySide6.QtGui import QWindow

from assistant.capability import Capability
from assistant.locking.session_events_windows import SessionChange, WtsSessionEvents, session_change

logger = logging.getLogger(__name__)

RETRY_MS = 10_000
RETRIES = 30


class WindowsSessionEvents(QAbstractNativeEventFilter):
    def __init__(self, on_locked: Callable[[], None], on_unlocked: Callable[[], None],
                 bindings: Any = None, parent: QObject | None = None) -> None:
        super().__init__()
        self._on = {SessionChange.LOCKED: on_locked, SessionChange.UNLOCKED: on_unlocked}
        self._wts = WtsSessionEvents(bindings)
        self._window: QWindow | None = None
        self._retries = 0
        self._retry = QTimer(parent)
        self._retry.setSingleShot(True)
        self._retry.setInterval(RETRY_MS)
        self._retry.timeout.connect(self._register)
        self.capability = Capability.missing("not started")

    def start(self) -> Capability:
        app = QCoreApplication.instance()
        if app is None:
            self.capability = Capability.missing("no Qt application")
            return self.capability
        if self._window is None:
            self._window = QWindow()
            self._window.setObjectName("session-events")
        app.installNativeEventFilter(self)
        return self._register()

    def _register(self) -> Capability:
        assert self._window is not None
        self.capability = self._wts.register(int(self._window.winId()))
        if self._wts.retry_later and self._retries < RETRIES:
            self._retries += 1
            self._retry.start()
        logger.info("session lock notifications: %s", self.capability.describe())
        return self.capability

    def stop(self) -> None:
        self._retry.stop()
        self._wts.unregister()  # before the window is destroyed, as the documentation asks
        app = QCoreApplication.instance()
        if app is not None:
            app.removeNativeEventFilter(self)
        if self._window is not None:
            self._window.destroy()
            self._window = None

    def nativeEventFilter(self, eventType: Any, message: Any) -> tuple[bool, int]:  # Qt names it
        change = session_change(bytes(eventType), message) if self._wts.registered else None
        if change is not None:
            logger.info("Windows says the session was %s", change.value)
            self._on[change]()
        return False, 0  # never swallow a message: Qt and the other filters see it too

"""Windows: ``SHQueryUserNotificationState`` (full-screen app, presentation, quiet time)."""

from __future__ import annotations

import ctypes
import enum
import logging
from typing import Any

from assistant.focus import Busy, FocusProbeUnavailable

logger = logging.getLogger(__name__)


class QueryUserNotificationState(enum.IntEnum):
    QUNS_NOT_PRESENT = 1  # screen saver, locked, or fast user switching
    QUNS_BUSY = 2  # a full-screen application (not D3D) is running
    QUNS_RUNNING_D3D_FULL_SCREEN = 3
    QUNS_PRESENTATION_MODE = 4
    QUNS_ACCEPTS_NOTIFICATIONS = 5
    QUNS_QUIET_TIME = 6  # the first hour after a new user's first log-on
    QUNS_APP = 7  # a Windows Store app is running


BUSY_STATES = {
    QueryUserNotificationState.QUNS_BUSY: Busy.FULLSCREEN,
    QueryUserNotificationState.QUNS_RUNNING_D3D_FULL_SCREEN: Busy.FULLSCREEN,
    QueryUserNotificationState.QUNS_PRESENTATION_MODE: Busy.FULLSCREEN,
    QueryUserNotificationState.QUNS_QUIET_TIME: Busy.DO_NOT_DISTURB,
    # "A Windows Store app is running" (Windows 8+): Store apps of that kind run full-screen.
    QueryUserNotificationState.QUNS_APP: Busy.FULLSCREEN,
}


class WindowsNotificationStateProbe:
    name = "windows-notification-state"

    def __init__(self, bindings: Any = None) -> None:
        """``bindings``: ``assistant.platform_bindings.windows.load()`` (the default) or a fake.
        The function is declared on a private shell32 handle, never on ``ctypes.windll``."""
        if bindings is None:
            from assistant.platform_bindings.windows import load

            try:
                bindings = load()
            except (AttributeError, OSError) as exc:
                raise FocusProbeUnavailable("shell32.SHQueryUserNotificationState is unavailable") from exc
        self._query = bindings.shell32.SHQueryUserNotificationState

    def state(self) -> int | None:
        value = ctypes.c_int32(0)
        if self._query(ctypes.byref(value)) != 0:  # an HRESULT other than S_OK
            return None
        return value.value

    def busy(self) -> Busy | None:
        state = self.state()
        if state is None:
            return None
        try:
            return BUSY_STATES.get(QueryUserNotificationState(state))
        except ValueError:
            return None

    def close(self) -> None:
        pass

"""Desktop notifications through plyer (libnotify / toast / Notification Center).

Notifications are sent off the caller's thread: plyer may spawn ``notify-send`` or talk
D-Bus, which must never block the GUI. The caller supplies a fallback (the tray balloon).
"""

from __future__ import annotations

import logging
import shutil
import threading
from collections.abc import Callable

from assistant.platform_flags import IS_LINUX

logger = logging.getLogger(__name__)

APP_NAME = "Safety Assistant"


def notifications_available() -> bool:
    try:
        import plyer  # noqa: F401
    except ImportError:
        return False
    if IS_LINUX:
        try:
            import dbus  # noqa: F401  # plyer's preferred route
            return True
        except ImportError:
            return shutil.which("notify-send") is not None
    return True


class Notifier:
    def __init__(self, fallback: Callable[[str, str], None] | None = None, icon: str = "") -> None:
        self._fallback = fallback
        self._icon = icon

    def notify(self, title: str, message: str, timeout_s: int = 8) -> None:
        thread = threading.Thread(target=self._send, args=(title, message, timeout_s),
                                  name="notify", daemon=True)
        thread.start()

    def send_blocking(self, title: str, message: str, timeout_s: int = 8) -> bool:
        """Send and wait; True when the notification service took it (used by the self-test)."""
        return self._send(title, message, timeout_s, use_fallback=False)

    def _send(self, title: str, message: str, timeout_s: int, use_fallback: bool = True) -> bool:
        try:
            import warnings

            from plyer import notification

            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # plyer warns when python-dbus is absent
                notification.notify(title=title, message=message, app_name=APP_NAME,
                                    app_icon=self._icon, timeout=timeout_s)
            return True
        except Exception as exc:  # noqa: BLE001  # plyer raises whatever its backend raises
            logger.info("desktop notification failed (%s); using the tray", type(exc).__name__)
            if use_fallback and self._fallback is not None:
                self._fallback(title, message)
            return False

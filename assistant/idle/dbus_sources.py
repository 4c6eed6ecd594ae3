"""Idle time from desktop services on the session bus (Wayland sessions).

- GNOME (Mutter) exports ``org.gnome.Mutter.IdleMonitor`` with ``GetIdletime`` →
  milliseconds since the last input the compositor saw (Wayland and X11 clients alike).
- Some other desktops (KDE Plasma on X11, a few others) answer
  ``org.freedesktop.ScreenSaver.GetSessionIdleTime`` (milliseconds; not in the spec, and
  KWin on Wayland does not answer it). wlroots compositors, KWin and Hyprland offer
  ``ext-idle-notify-v1`` instead, which only a Wayland client can use: that needs a
  Wayland protocol binding this app does not ship, so on those desktops the pynput
  fallback (XWayland input only) is what remains, and the self-test says so.
"""

from __future__ import annotations

import logging

from assistant.idle import IdleSourceUnavailable
from assistant.idle.session_bus import BusCallFailed, SessionBus

logger = logging.getLogger(__name__)


class _BusIdleSource:
    name = "dbus"
    bus_name = ""
    path = ""
    interface = ""
    method = ""

    def __init__(self, bus: SessionBus | None = None) -> None:
        try:
            self._bus = bus or SessionBus()
        except BusCallFailed as exc:
            raise IdleSourceUnavailable(str(exc)) from None

    def idle_seconds(self) -> float:
        try:
            value = self._bus.call(self.bus_name, self.path, self.interface, self.method)
        except BusCallFailed as exc:
            raise IdleSourceUnavailable(str(exc)) from None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise IdleSourceUnavailable(f"{self.bus_name}.{self.method} returned {value!r}")
        return float(value) / 1000.0

    def close(self) -> None:
        self._bus.close()


class MutterIdleSource(_BusIdleSource):
    name = "gnome-mutter-idlemonitor"
    bus_name = "org.gnome.Mutter.IdleMonitor"
    path = "/org/gnome/Mutter/IdleMonitor/Core"
    interface = "org.gnome.Mutter.IdleMonitor"
    method = "GetIdletime"


class FreedesktopScreenSaverIdleSource(_BusIdleSource):
    name = "freedesktop-screensaver"
    bus_name = "org.freedesktop.ScreenSaver"
    path = "/org/freedesktop/ScreenSaver"
    interface = "org.freedesktop.ScreenSaver"
    method = "GetSessionIdleTime"

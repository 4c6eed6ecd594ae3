"""How long since the user last touched keyboard or mouse, asked of the operating system.

``create_idle_source()`` picks the best source for this session (X11 XScreenSaver, Windows
GetLastInputInfo, macOS HIDIdleTime, GNOME Mutter IdleMonitor on Wayland, the
org.freedesktop.ScreenSaver idle time where a desktop offers it, pynput last). When none
works it returns a ``NullIdleSource`` that says what is missing and never reports idle time.

Sources are cheap to ask (X11: one round trip of ~20 µs), so callers poll them on a
schedule they compute themselves; nothing here runs a timer or a thread, except the pynput
fallback, which has to listen to every event.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Protocol

from assistant.capability import Capability
from assistant.platform_flags import IS_MACOS, IS_WINDOWS, desktop_name, session_type

logger = logging.getLogger(__name__)


class IdleSource(Protocol):
    name: str

    def idle_seconds(self) -> float:
        """Seconds since the last keyboard or mouse input in this user session."""

    def close(self) -> None: ...


class IdleSourceUnavailable(RuntimeError):
    """No way to tell idle time here; the message says what is missing."""


class NullIdleSource:
    """Stands in when no source works: never idle, and ``reason`` says why."""

    name = "none"

    def __init__(self, reason: str) -> None:
        self.reason = reason
        self.capability = Capability.missing(reason)

    def idle_seconds(self) -> float:
        return 0.0

    def close(self) -> None:
        pass


def is_null(source: object) -> bool:
    return isinstance(source, NullIdleSource)


def _x11() -> IdleSource:
    from assistant.idle.x11 import XScreenSaverIdleSource

    return XScreenSaverIdleSource()


def _windows() -> IdleSource:
    from assistant.idle.windows import LastInputIdleSource

    return LastInputIdleSource()


def _macos() -> IdleSource:
    from assistant.idle.macos import HIDIdleSource

    return HIDIdleSource()


def _gnome_wayland() -> IdleSource:
    from assistant.idle.dbus_sources import MutterIdleSource

    return MutterIdleSource()


def _freedesktop() -> IdleSource:
    from assistant.idle.dbus_sources import FreedesktopScreenSaverIdleSource

    return FreedesktopScreenSaverIdleSource()


def _pynput() -> IdleSource:
    from assistant.idle.pynput_source import PynputIdleSource

    return PynputIdleSource()


def candidates(kind: str | None = None, desktop: str | None = None) -> list[tuple[str, Callable[[], IdleSource]]]:
    """The sources worth trying for this session, best first."""
    kind = kind or session_type()
    desktop = desktop if desktop is not None else desktop_name()
    if kind == "windows" or IS_WINDOWS:
        return [("windows", _windows), ("pynput", _pynput)]
    if kind == "macos" or IS_MACOS:
        return [("macos", _macos), ("pynput", _pynput)]
    if kind == "wayland":
        # XWayland's idle counter only sees input sent to X clients, so X11 is no use here.
        # ext-idle-notify-v1 (sway, KWin, Hyprland) needs a Wayland client binding; without
        # one the desktop's D-Bus idle time is the next best thing.
        found: list[tuple[str, Callable[[], IdleSource]]] = []
        if desktop in ("gnome", "ubuntu", "unity", "pop", "budgie", ""):
            found.append(("gnome-mutter", _gnome_wayland))
        found += [("freedesktop-screensaver", _freedesktop)]
        if desktop not in ("gnome", "ubuntu", "unity", "pop", "budgie", ""):
            found.append(("gnome-mutter", _gnome_wayland))
        return [*found, ("pynput", _pynput)]
    return [("x11", _x11), ("pynput", _pynput)]


def create_idle_source(kind: str | None = None, desktop: str | None = None,
                       allow_pynput: bool = True) -> IdleSource:
    """The best idle source that works here, or a ``NullIdleSource`` naming what failed."""
    reasons: list[str] = []
    for name, factory in candidates(kind, desktop):
        if name == "pynput" and not allow_pynput:
            continue
        try:
            source = factory()
            source.idle_seconds()  # prove it answers before trusting it
        except (IdleSourceUnavailable, OSError, ImportError) as exc:
            reasons.append(f"{name}: {exc}")
            logger.info("idle source %s unavailable: %s", name, exc)
            continue
        logger.info("idle source: %s", source.name)
        return source
    reason = "; ".join(reasons) or "no idle source for this platform"
    logger.warning("no idle source works: %s", reason)
    return NullIdleSource(reason)

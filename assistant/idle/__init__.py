"""How long since the user last touched keyboard or mouse, asked of the operating system.

``create_idle_source()`` picks the best source for this session (X11 XScreenSaver, Windows
GetLastInputInfo, macOS HIDIdleTime, GNOME Mutter IdleMonitor on Wayland, pynput last).
"""

from __future__ import annotations

from typing import Protocol


class IdleSource(Protocol):
    name: str

    def idle_seconds(self) -> float:
        """Seconds since the last keyboard or mouse input in this user session."""

    def close(self) -> None: ...


class IdleSourceUnavailable(RuntimeError):
    """No way to tell idle time here; the message says what is missing."""

"""Start the tray app at login: XDG autostart entry, Windows Run key or macOS LaunchAgent."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Protocol

from assistant.platform_flags import IS_FROZEN, IS_MACOS, IS_WINDOWS


class Autostart(Protocol):
    def install(self, command: list[str]) -> str:
        """Register ``command`` to run at login; returns where it was written."""

    def remove(self) -> str | None:
        """Remove the registration; returns what was removed, None when there was nothing."""

    def installed(self) -> bool: ...


# console program -> its windowed twin in the same folder (Windows)
WINDOWLESS_TWINS = {"python.exe": "pythonw.exe", "safety-assistant-cli.exe": "safety-assistant.exe"}


def windowless_python(executable: str, windows: bool = IS_WINDOWS) -> str:
    """On Windows ``python.exe`` opens a console window (closing it kills the app);
    ``pythonw.exe`` next to it runs the same interpreter without one. Likewise the frozen
    build's console ``safety-assistant-cli.exe`` has the windowed ``safety-assistant.exe``."""
    path = Path(executable)
    twin = WINDOWLESS_TWINS.get(path.name.lower()) if windows else None
    if twin is not None:
        quiet = path.with_name(twin)
        if quiet.exists():
            return str(quiet)
    return executable


def launch_command(basedir: str | None, policy: str | None) -> list[str]:
    command = ([windowless_python(sys.executable)] if IS_FROZEN
               else [windowless_python(sys.executable), "-m", "assistant"])
    if basedir:
        command += ["--basedir", str(Path(basedir).resolve())]
    if policy:
        command += ["--policy", str(Path(policy).resolve())]
    return command


def create_autostart() -> Autostart:
    if IS_WINDOWS:
        from assistant.autostart.windows import WindowsRunKey

        return WindowsRunKey()
    if IS_MACOS:
        from assistant.autostart.macos import LaunchAgent

        return LaunchAgent()
    from assistant.autostart.xdg import XdgAutostart

    return XdgAutostart()

"""One place for "which OS are we on" questions (Picard's const/sys.py habit)."""

from __future__ import annotations

import os
import sys

IS_WINDOWS = sys.platform == "win32"
IS_MACOS = sys.platform == "darwin"
IS_LINUX = sys.platform.startswith("linux")
IS_FROZEN = bool(getattr(sys, "frozen", False))


def session_type() -> str:
    """'x11', 'wayland', 'windows', 'macos' or 'unknown'."""
    if IS_WINDOWS:
        return "windows"
    if IS_MACOS:
        return "macos"
    kind = os.environ.get("XDG_SESSION_TYPE", "").lower()
    if kind in ("x11", "wayland"):
        return kind
    if os.environ.get("WAYLAND_DISPLAY"):
        return "wayland"
    if os.environ.get("DISPLAY"):
        return "x11"
    return "unknown"


def desktop_name() -> str:
    """Lower-case desktop environment name from XDG_CURRENT_DESKTOP ('' when unknown)."""
    return os.environ.get("XDG_CURRENT_DESKTOP", "").split(":")[0].lower()

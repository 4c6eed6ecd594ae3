"""Whether another program already holds a key combination as its global hotkey.

Asked by the hotkey capture control before it accepts a combination. On X11 the answer comes
from the X server itself: a short XGrabKey on the root window that fails with BadAccess means
another client holds the combination; on Windows a RegisterHotKey under a temporary id that
fails with ERROR_HOTKEY_ALREADY_REGISTERED. Where the desktop cannot tell (no X display, Wayland,
macOS for now) the answer is None and the caller falls back to its fixed list.
"""

from __future__ import annotations

import logging
import os
import sys

from assistant.hotkeys import HotkeyError, parse_hotkey

logger = logging.getLogger(__name__)


def is_combination_free(spec: str) -> bool | None:
    """True when no other program holds ``spec``; False when one does; None when unknown."""
    hotkey = parse_hotkey(spec)
    if sys.platform.startswith("linux") and os.environ.get("DISPLAY"):
        from assistant.hotkeys.x11 import x11_combination_free

        try:
            return x11_combination_free(hotkey)
        except HotkeyError as exc:
            logger.info("cannot test %s on X11: %s", hotkey.spec, exc)
            return None
    if sys.platform == "win32":
        from assistant.hotkeys.windows import windows_combination_free

        try:
            return windows_combination_free(hotkey)
        except HotkeyError as exc:
            logger.info("cannot test %s with RegisterHotKey: %s", hotkey.spec, exc)
            return None
    return None

"""Full-screen window in front on X11: ``_NET_ACTIVE_WINDOW`` + ``_NET_WM_STATE_FULLSCREEN``.

One Xlib connection, two property reads per question: cheap enough to ask every few seconds
while a break waits, and asked only then.
"""

from __future__ import annotations

import logging
import os

from assistant.focus import Busy, FocusProbeUnavailable

logger = logging.getLogger(__name__)

MAX_PARENT_WALK = 8


class X11FullscreenProbe:
    name = "x11-fullscreen"

    def __init__(self, display_name: str | None = None) -> None:
        try:
            from Xlib import X, display, error
        except ImportError as exc:
            raise FocusProbeUnavailable("python-xlib is not installed") from exc
        self._X = X
        self._error = error
        try:
            self._display = display.Display(display_name or os.environ.get("DISPLAY"))
        except Exception as exc:  # Xlib raises several kinds for "no display"
            raise FocusProbeUnavailable(f"cannot open the X display: {exc}") from exc
        self._root = self._display.screen().root
        atom = self._display.intern_atom
        self._active = atom("_NET_ACTIVE_WINDOW")
        self._state = atom("_NET_WM_STATE")
        self._fullscreen = atom("_NET_WM_STATE_FULLSCREEN")

    def active_window(self) -> int | None:
        """The window id the window manager calls active (focus holder when it says nothing)."""
        prop = self._root.get_full_property(self._active, self._X.AnyPropertyType)
        if prop is not None and len(prop.value) and int(prop.value[0]) != 0:
            return int(prop.value[0])
        focus = self._display.get_input_focus().focus
        return int(focus.id) if hasattr(focus, "id") and int(focus.id) > 1 else None

    def is_fullscreen(self, window_id: int) -> bool:
        window = self._display.create_resource_object("window", window_id)
        for _ in range(MAX_PARENT_WALK):  # the focus may sit in a child of the top-level
            prop = window.get_full_property(self._state, self._X.AnyPropertyType)
            if prop is not None:
                return self._fullscreen in [int(v) for v in prop.value]
            tree = window.query_tree()
            if tree.parent is None or int(tree.parent.id) == int(self._root.id):
                return False
            window = tree.parent
        return False

    def busy(self) -> Busy | None:
        try:
            window = self.active_window()
            return Busy.FULLSCREEN if window is not None and self.is_fullscreen(window) else None
        except (self._error.BadWindow, self._error.BadDrawable, self._error.BadMatch):
            return None  # the window went away between the two reads

    def close(self) -> None:
        try:
            self._display.close()
        except Exception:
            logger.debug("closing the X display failed", exc_info=True)

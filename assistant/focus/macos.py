"""macOS, best effort: the frontmost normal window covers a whole display (a full-screen app,
Keynote presenting, a shared screen in full screen). Quartz Window Services through
``assistant.platform_bindings.macos``.

Focus modes (do-not-disturb) have no public API, so they are not seen. Untested on a real Mac
in this project's CI (Linux only); a failure here only means breaks are not held back.
"""

from __future__ import annotations

import ctypes
import logging
import os
from typing import Any

from assistant.focus import Busy, FocusProbeUnavailable
from assistant.platform_bindings import macos as m
from assistant.platform_bindings.macos import CGPoint, CGRect, CGSize

__all__ = ["CGPoint", "CGRect", "CGSize", "MacFullscreenProbe", "covers"]

logger = logging.getLogger(__name__)

K_CG_WINDOW_LIST_OPTION_ON_SCREEN_ONLY = 1 << 0
K_CG_WINDOW_LIST_EXCLUDE_DESKTOP_ELEMENTS = 1 << 4
K_CG_NULL_WINDOW_ID = 0
MAX_DISPLAYS = 16
TOLERANCE_PX = 2.0


def covers(window: CGRect, display: CGRect) -> bool:
    return (abs(window.origin.x - display.origin.x) <= TOLERANCE_PX
            and abs(window.origin.y - display.origin.y) <= TOLERANCE_PX
            and window.size.width + TOLERANCE_PX >= display.size.width
            and window.size.height + TOLERANCE_PX >= display.size.height)


class MacFullscreenProbe:
    name = "macos-fullscreen"

    def __init__(self, bindings: Any = None) -> None:
        if bindings is None:
            try:
                bindings = m.load()
            except OSError as exc:
                raise FocusProbeUnavailable(f"CoreGraphics framework not found ({exc})") from exc
        self._cf, self._cg = bindings.CoreFoundation, bindings.ApplicationServices
        self._keys = {k: self._cf.CFStringCreateWithCString(None, k.encode(), m.K_CF_STRING_ENCODING_UTF8)
                      for k in ("kCGWindowLayer", "kCGWindowBounds", "kCGWindowOwnerPID")}

    def _int(self, info: int, key: str) -> int | None:
        value = self._cf.CFDictionaryGetValue(info, self._keys[key])
        out = ctypes.c_int(0)
        if not value or not self._cf.CFNumberGetValue(value, m.K_CF_NUMBER_INT_TYPE, ctypes.byref(out)):
            return None
        return out.value

    def display_rects(self) -> list[CGRect]:
        ids = (m.CGDirectDisplayID * MAX_DISPLAYS)()
        count = m.UInt32(0)
        if self._cg.CGGetActiveDisplayList(MAX_DISPLAYS, ids, ctypes.byref(count)) != 0:
            return []
        return [self._cg.CGDisplayBounds(ids[i]) for i in range(count.value)]

    def busy(self) -> Busy | None:
        windows = self._cg.CGWindowListCopyWindowInfo(
            K_CG_WINDOW_LIST_OPTION_ON_SCREEN_ONLY | K_CG_WINDOW_LIST_EXCLUDE_DESKTOP_ELEMENTS,
            K_CG_NULL_WINDOW_ID)
        if not windows:
            return None
        try:
            for i in range(self._cf.CFArrayGetCount(windows)):  # front to back
                info = self._cf.CFArrayGetValueAtIndex(windows, i)
                if self._int(info, "kCGWindowLayer") != 0:
                    continue  # menu bar, Dock, overlays
                if self._int(info, "kCGWindowOwnerPID") == os.getpid():
                    continue  # our own break windows
                bounds_dict = self._cf.CFDictionaryGetValue(info, self._keys["kCGWindowBounds"])
                rect = CGRect()
                if not bounds_dict or not self._cg.CGRectMakeWithDictionaryRepresentation(
                        bounds_dict, ctypes.byref(rect)):
                    return None
                full = any(covers(rect, display) for display in self.display_rects())
                return Busy.FULLSCREEN if full else None
            return None
        finally:
            self._cf.CFRelease(windows)

    def close(self) -> None:
        for key in self._keys.values():
            if key:
                self._cf.CFRelease(key)
        self._keys = {}

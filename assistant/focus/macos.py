"""macOS, best effort: the frontmost normal window covers a whole display (a full-screen app,
Keynote presenting, a shared screen in full screen). Quartz Window Services via ctypes.

Focus modes (do-not-disturb) have no public API, so they are not seen. Untested on a real Mac
in this project's CI (Linux only); a failure here only means breaks are not held back.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import os

from assistant.focus import Busy, FocusProbeUnavailable

logger = logging.getLogger(__name__)

K_CG_WINDOW_LIST_OPTION_ON_SCREEN_ONLY = 1 << 0
K_CG_WINDOW_LIST_EXCLUDE_DESKTOP_ELEMENTS = 1 << 4
K_CG_NULL_WINDOW_ID = 0
K_CF_STRING_ENCODING_UTF8 = 0x08000100
K_CF_NUMBER_INT_TYPE = 9
MAX_DISPLAYS = 16
TOLERANCE_PX = 2.0


class CGPoint(ctypes.Structure):
    _fields_ = [("x", ctypes.c_double), ("y", ctypes.c_double)]


class CGSize(ctypes.Structure):
    _fields_ = [("width", ctypes.c_double), ("height", ctypes.c_double)]


class CGRect(ctypes.Structure):
    _fields_ = [("origin", CGPoint), ("size", CGSize)]

    def covers(self, other: CGRect) -> bool:
        return (abs(self.origin.x - other.origin.x) <= TOLERANCE_PX
                and abs(self.origin.y - other.origin.y) <= TOLERANCE_PX
                and self.size.width + TOLERANCE_PX >= other.size.width
                and self.size.height + TOLERANCE_PX >= other.size.height)


def _framework(name: str) -> ctypes.CDLL:
    path = ctypes.util.find_library(name) or f"/System/Library/Frameworks/{name}.framework/{name}"
    try:
        return ctypes.cdll.LoadLibrary(path)
    except OSError as exc:
        raise FocusProbeUnavailable(f"{name} framework not found") from exc


class MacFullscreenProbe:
    name = "macos-fullscreen"

    def __init__(self) -> None:
        cg = _framework("CoreGraphics")
        cf = _framework("CoreFoundation")
        vp = ctypes.c_void_p
        self._list = cg.CGWindowListCopyWindowInfo
        self._list.argtypes, self._list.restype = [ctypes.c_uint32, ctypes.c_uint32], vp
        self._rect_from = cg.CGRectMakeWithDictionaryRepresentation
        self._rect_from.argtypes, self._rect_from.restype = [vp, ctypes.POINTER(CGRect)], ctypes.c_bool
        self._displays = cg.CGGetActiveDisplayList
        self._displays.argtypes = [ctypes.c_uint32, ctypes.POINTER(ctypes.c_uint32), ctypes.POINTER(ctypes.c_uint32)]
        self._displays.restype = ctypes.c_int32
        self._display_bounds = cg.CGDisplayBounds
        self._display_bounds.argtypes, self._display_bounds.restype = [ctypes.c_uint32], CGRect
        self._count = cf.CFArrayGetCount
        self._count.argtypes, self._count.restype = [vp], ctypes.c_long
        self._at = cf.CFArrayGetValueAtIndex
        self._at.argtypes, self._at.restype = [vp, ctypes.c_long], vp
        self._get = cf.CFDictionaryGetValue
        self._get.argtypes, self._get.restype = [vp, vp], vp
        self._number = cf.CFNumberGetValue
        self._number.argtypes, self._number.restype = [vp, ctypes.c_int, vp], ctypes.c_bool
        self._release = cf.CFRelease
        self._release.argtypes, self._release.restype = [vp], None
        make = cf.CFStringCreateWithCString
        make.argtypes, make.restype = [vp, ctypes.c_char_p, ctypes.c_uint32], vp
        self._keys = {k: make(None, k.encode(), K_CF_STRING_ENCODING_UTF8)
                      for k in ("kCGWindowLayer", "kCGWindowBounds", "kCGWindowOwnerPID")}

    def _int(self, info: int, key: str) -> int | None:
        value = self._get(info, self._keys[key])
        out = ctypes.c_int(0)
        if not value or not self._number(value, K_CF_NUMBER_INT_TYPE, ctypes.byref(out)):
            return None
        return out.value

    def display_rects(self) -> list[CGRect]:
        ids = (ctypes.c_uint32 * MAX_DISPLAYS)()
        count = ctypes.c_uint32(0)
        if self._displays(MAX_DISPLAYS, ids, ctypes.byref(count)) != 0:
            return []
        return [self._display_bounds(ids[i]) for i in range(count.value)]

    def busy(self) -> Busy | None:
        windows = self._list(K_CG_WINDOW_LIST_OPTION_ON_SCREEN_ONLY | K_CG_WINDOW_LIST_EXCLUDE_DESKTOP_ELEMENTS,
                             K_CG_NULL_WINDOW_ID)
        if not windows:
            return None
        try:
            for i in range(self._count(windows)):  # front to back
                info = self._at(windows, i)
                if self._int(info, "kCGWindowLayer") != 0:
                    continue  # menu bar, Dock, overlays
                if self._int(info, "kCGWindowOwnerPID") == os.getpid():
                    continue  # our own break windows
                bounds_dict = self._get(info, self._keys["kCGWindowBounds"])
                rect = CGRect()
                if not bounds_dict or not self._rect_from(bounds_dict, ctypes.byref(rect)):
                    return None
                full = any(rect.covers(display) for display in self.display_rects())
                return Busy.FULLSCREEN if full else None
            return None
        finally:
            self._release(windows)

    def close(self) -> None:
        for key in self._keys.values():
            if key:
                self._release(key)
        self._keys = {}

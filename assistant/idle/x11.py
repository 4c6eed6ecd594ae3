"""X11 idle time from the MIT-SCREEN-SAVER extension (libXss), through ctypes.

The X server keeps the time of the last input event of any client and device;
``XScreenSaverQueryInfo`` returns the milliseconds since then. One query is one round trip
on a private display connection (~20 µs), so polling it costs nothing worth measuring.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import os
import threading

from assistant.idle import IdleSourceUnavailable

logger = logging.getLogger(__name__)


class XScreenSaverInfo(ctypes.Structure):
    _fields_ = [
        ("window", ctypes.c_ulong),
        ("state", ctypes.c_int),
        ("kind", ctypes.c_int),
        ("til_or_since", ctypes.c_ulong),
        ("idle", ctypes.c_ulong),
        ("eventMask", ctypes.c_ulong),
    ]


def _load(names: tuple[str, ...], short: str) -> ctypes.CDLL:
    candidates = list(names)
    found = ctypes.util.find_library(short)
    if found:
        candidates.append(found)
    errors = []
    for name in candidates:
        try:
            return ctypes.CDLL(name)
        except OSError as exc:
            errors.append(str(exc))
    raise IdleSourceUnavailable(f"{names[0]} is not installed ({'; '.join(errors)})")


class XScreenSaverIdleSource:
    """Idle seconds of the X11 session named by ``display`` (default: $DISPLAY)."""

    name = "x11-xss"

    def __init__(self, display: str | None = None) -> None:
        display_name = display if display is not None else os.environ.get("DISPLAY", "")
        if not display_name:
            raise IdleSourceUnavailable("no X11 display ($DISPLAY is not set)")
        self._xlib = _load(("libX11.so.6",), "X11")
        self._xss = _load(("libXss.so.1",), "Xss")
        x, s = self._xlib, self._xss
        x.XOpenDisplay.restype = ctypes.c_void_p
        x.XOpenDisplay.argtypes = [ctypes.c_char_p]
        x.XCloseDisplay.argtypes = [ctypes.c_void_p]
        x.XDefaultRootWindow.restype = ctypes.c_ulong
        x.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
        x.XFree.argtypes = [ctypes.c_void_p]
        s.XScreenSaverQueryExtension.restype = ctypes.c_int
        s.XScreenSaverQueryExtension.argtypes = [ctypes.c_void_p, ctypes.POINTER(ctypes.c_int),
                                                 ctypes.POINTER(ctypes.c_int)]
        s.XScreenSaverAllocInfo.restype = ctypes.POINTER(XScreenSaverInfo)
        s.XScreenSaverAllocInfo.argtypes = []
        s.XScreenSaverQueryInfo.restype = ctypes.c_int
        s.XScreenSaverQueryInfo.argtypes = [ctypes.c_void_p, ctypes.c_ulong,
                                            ctypes.POINTER(XScreenSaverInfo)]
        self._lock = threading.Lock()
        self._display = x.XOpenDisplay(display_name.encode())
        if not self._display:
            raise IdleSourceUnavailable(f"cannot open X11 display {display_name!r}")
        event_base, error_base = ctypes.c_int(), ctypes.c_int()
        if not s.XScreenSaverQueryExtension(self._display, ctypes.byref(event_base),
                                            ctypes.byref(error_base)):
            x.XCloseDisplay(self._display)
            self._display = None
            raise IdleSourceUnavailable(f"the X server on {display_name!r} lacks MIT-SCREEN-SAVER")
        self._root = x.XDefaultRootWindow(self._display)
        self._info = s.XScreenSaverAllocInfo()
        if not self._info:
            x.XCloseDisplay(self._display)
            self._display = None
            raise IdleSourceUnavailable("XScreenSaverAllocInfo failed")

    def idle_seconds(self) -> float:
        with self._lock:  # one display connection; Xlib itself is not thread-safe
            if not self._display:
                raise IdleSourceUnavailable("the X11 idle source is closed")
            if not self._xss.XScreenSaverQueryInfo(self._display, self._root, self._info):
                raise IdleSourceUnavailable("XScreenSaverQueryInfo failed")
            return self._info.contents.idle / 1000.0

    def close(self) -> None:
        with self._lock:
            if self._info:
                self._xlib.XFree(self._info)
                self._info = None  # type: ignore[assignment]
            if self._display:
                self._xlib.XCloseDisplay(self._display)
                self._display = None

"""macOS idle time from IOKit: the ``HIDIdleTime`` property of the IOHIDSystem service.

The property is a CFNumber of nanoseconds since the last keyboard, mouse or trackpad event
in the console session. Read through ctypes on IOKit and CoreFoundation (no PyObjC).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import sys
import threading
from typing import Any

from assistant.idle import IdleSourceUnavailable

logger = logging.getLogger(__name__)

K_CF_STRING_ENCODING_UTF8 = 0x08000100
K_CF_NUMBER_SINT64_TYPE = 4
K_IO_MAIN_PORT_DEFAULT = 0


class HIDIdleSource:
    name = "macos-hididletime"
    _iokit: Any
    _cf: Any
    _lock: threading.Lock
    _service: int
    _key: Any

    def __init__(self) -> None:
        if sys.platform != "darwin":
            raise IdleSourceUnavailable("HIDIdleTime exists only on macOS")
        iokit_path = ctypes.util.find_library("IOKit")
        cf_path = ctypes.util.find_library("CoreFoundation")
        if not iokit_path or not cf_path:
            raise IdleSourceUnavailable("IOKit or CoreFoundation framework not found")
        self._iokit = iokit = ctypes.CDLL(iokit_path)
        self._cf = cf = ctypes.CDLL(cf_path)
        iokit.IOServiceMatching.restype = ctypes.c_void_p
        iokit.IOServiceMatching.argtypes = [ctypes.c_char_p]
        iokit.IOServiceGetMatchingService.restype = ctypes.c_uint32
        iokit.IOServiceGetMatchingService.argtypes = [ctypes.c_uint32, ctypes.c_void_p]
        iokit.IORegistryEntryCreateCFProperty.restype = ctypes.c_void_p
        iokit.IORegistryEntryCreateCFProperty.argtypes = [ctypes.c_uint32, ctypes.c_void_p,
                                                          ctypes.c_void_p, ctypes.c_uint32]
        iokit.IOObjectRelease.argtypes = [ctypes.c_uint32]
        cf.CFStringCreateWithCString.restype = ctypes.c_void_p
        cf.CFStringCreateWithCString.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_uint32]
        cf.CFNumberGetValue.restype = ctypes.c_bool
        cf.CFNumberGetValue.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_void_p]
        cf.CFRelease.argtypes = [ctypes.c_void_p]
        self._lock = threading.Lock()
        # IOServiceMatching's dictionary is consumed by IOServiceGetMatchingService.
        self._service = iokit.IOServiceGetMatchingService(K_IO_MAIN_PORT_DEFAULT,
                                                          iokit.IOServiceMatching(b"IOHIDSystem"))
        if not self._service:
            raise IdleSourceUnavailable("no IOHIDSystem service")
        self._key = cf.CFStringCreateWithCString(None, b"HIDIdleTime", K_CF_STRING_ENCODING_UTF8)

    def idle_seconds(self) -> float:
        with self._lock:
            if not self._service:
                raise IdleSourceUnavailable("the macOS idle source is closed")
            prop = self._iokit.IORegistryEntryCreateCFProperty(self._service, self._key, None, 0)
            if not prop:
                raise IdleSourceUnavailable("IOHIDSystem has no HIDIdleTime")
            try:
                value = ctypes.c_int64()
                if not self._cf.CFNumberGetValue(prop, K_CF_NUMBER_SINT64_TYPE, ctypes.byref(value)):
                    raise IdleSourceUnavailable("HIDIdleTime is not a number")
            finally:
                self._cf.CFRelease(prop)
            return value.value / 1e9

    def close(self) -> None:
        with self._lock:
            if self._service:
                self._iokit.IOObjectRelease(self._service)
                self._service = 0
            if self._key:
                self._cf.CFRelease(self._key)
                self._key = None

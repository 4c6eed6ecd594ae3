"""macOS idle time from IOKit: the ``HIDIdleTime`` property of the IOHIDSystem service.

The property is a CFNumber of nanoseconds since the last keyboard, mouse or trackpad event
in the console session. Read through the IOKit and CoreFoundation declarations in
``assistant.platform_bindings.macos`` (no PyObjC).
"""

from __future__ import annotations

import ctypes
import logging
import threading
from typing import Any

from assistant.idle import IdleSourceUnavailable
from assistant.platform_bindings import macos as m

logger = logging.getLogger(__name__)


class HIDIdleSource:
    name = "macos-hididletime"

    def __init__(self, bindings: Any = None) -> None:
        if bindings is None:
            try:
                bindings = m.load()
            except OSError as exc:
                raise IdleSourceUnavailable(f"IOKit/CoreFoundation: {exc}") from exc
        self._iokit, self._cf = bindings.IOKit, bindings.CoreFoundation
        self._lock = threading.Lock()
        # IOServiceMatching's dictionary is consumed by IOServiceGetMatchingService.
        self._service = self._iokit.IOServiceGetMatchingService(
            m.K_IO_MAIN_PORT_DEFAULT, self._iokit.IOServiceMatching(b"IOHIDSystem"))
        if not self._service:
            raise IdleSourceUnavailable("no IOHIDSystem service")
        self._key = self._cf.CFStringCreateWithCString(None, b"HIDIdleTime", m.K_CF_STRING_ENCODING_UTF8)

    def idle_seconds(self) -> float:
        with self._lock:
            if not self._service:
                raise IdleSourceUnavailable("the macOS idle source is closed")
            prop = self._iokit.IORegistryEntryCreateCFProperty(self._service, self._key, None, 0)
            if not prop:
                raise IdleSourceUnavailable("IOHIDSystem has no HIDIdleTime")
            try:
                value = ctypes.c_int64()
                if not self._cf.CFNumberGetValue(prop, m.K_CF_NUMBER_SINT64_TYPE, ctypes.byref(value)):
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

"""macOS declarations: CoreFoundation, IOKit, Carbon, ApplicationServices (CoreGraphics).

Every function the macOS backends call is declared here once, with its argtypes and restype,
on a private handle of the framework (``bind``). Types follow Apple's headers for 64-bit
macOS: ``CFIndex`` is a signed long (so ``CFNumberType``, an enum *of CFIndex*, is 8 bytes,
not an int), ``Boolean`` is an unsigned char, ``OSStatus`` a 32-bit int, ``mach_port_t``
and ``io_object_t`` 32-bit. CoreGraphics functions are reached through the
ApplicationServices umbrella, which re-exports them.
"""

from __future__ import annotations

import ctypes
import types
from typing import Any

from assistant.platform_bindings import Table, bind

P = ctypes.POINTER
c_void_p = ctypes.c_void_p
CFIndex = ctypes.c_long  # signed long: 64 bits on 64-bit macOS
CFNumberType = CFIndex  # typedef CF_ENUM(CFIndex, CFNumberType)
CFStringEncoding = ctypes.c_uint32
Boolean = ctypes.c_ubyte  # CoreFoundation's Boolean (unsigned char)
OSStatus = ctypes.c_int32
UInt32 = ctypes.c_uint32
ItemCount = ctypes.c_ulong
ByteCount = ctypes.c_ulong
mach_port_t = ctypes.c_uint32
io_object_t = ctypes.c_uint32
kern_return_t = ctypes.c_int
CGDirectDisplayID = ctypes.c_uint32
CGError = ctypes.c_int32
CGFloat = ctypes.c_double

# CoreFoundation
K_CF_STRING_ENCODING_UTF8 = 0x08000100
K_CF_NUMBER_SINT64_TYPE = 4
K_CF_NUMBER_INT_TYPE = 9
# IOKit
K_IO_MAIN_PORT_DEFAULT = 0


def four_char_code(text: str) -> int:
    """Carbon's OSType/FourCharCode: four ASCII characters, big-endian."""
    return int.from_bytes(text.encode("ascii"), "big")


# Carbon Event Manager (Carbon/HIToolbox/CarbonEvents.h, Events.h)
K_EVENT_CLASS_KEYBOARD = four_char_code("keyb")
K_EVENT_HOT_KEY_PRESSED = 5
K_EVENT_PARAM_DIRECT_OBJECT = four_char_code("----")
TYPE_EVENT_HOT_KEY_ID = four_char_code("hkid")
NO_ERR = 0
EVENT_HOT_KEY_EXISTS_ERR = -9878  # another app registered the same combination
EVENT_HOT_KEY_INVALID_ERR = -9879
CMD_KEY, SHIFT_KEY, OPTION_KEY, CONTROL_KEY = 1 << 8, 1 << 9, 1 << 11, 1 << 12


class EventTypeSpec(ctypes.Structure):
    _fields_ = [("eventClass", UInt32), ("eventKind", UInt32)]


class EventHotKeyID(ctypes.Structure):
    _fields_ = [("signature", UInt32), ("id", UInt32)]


class CGPoint(ctypes.Structure):
    _fields_ = [("x", CGFloat), ("y", CGFloat)]


class CGSize(ctypes.Structure):
    _fields_ = [("width", CGFloat), ("height", CGFloat)]


class CGRect(ctypes.Structure):
    _fields_ = [("origin", CGPoint), ("size", CGSize)]


# OSStatus (*EventHandlerProcPtr)(EventHandlerCallRef, EventRef, void *userData)
EventHandlerUPP = ctypes.CFUNCTYPE(OSStatus, c_void_p, c_void_p, c_void_p)

# The documented sizes on 64-bit macOS (tests compare them with ctypes.sizeof).
SIZES_64BIT = {EventTypeSpec: 8, EventHotKeyID: 8, CGPoint: 16, CGSize: 16, CGRect: 32}

TABLE: Table = {
    "CoreFoundation": {
        "CFStringCreateWithCString": (c_void_p, [c_void_p, ctypes.c_char_p, CFStringEncoding]),
        "CFRelease": (None, [c_void_p]),
        "CFDictionaryGetValue": (c_void_p, [c_void_p, c_void_p]),
        "CFBooleanGetValue": (Boolean, [c_void_p]),
        "CFNumberGetValue": (Boolean, [c_void_p, CFNumberType, c_void_p]),
        "CFArrayGetCount": (CFIndex, [c_void_p]),
        "CFArrayGetValueAtIndex": (c_void_p, [c_void_p, CFIndex]),
    },
    "IOKit": {
        "IOServiceMatching": (c_void_p, [ctypes.c_char_p]),
        "IOServiceGetMatchingService": (io_object_t, [mach_port_t, c_void_p]),
        "IORegistryEntryCreateCFProperty": (c_void_p, [io_object_t, c_void_p, c_void_p, UInt32]),
        "IOObjectRelease": (kern_return_t, [io_object_t]),
    },
    "Carbon": {
        "GetApplicationEventTarget": (c_void_p, []),
        "InstallEventHandler": (OSStatus, [c_void_p, EventHandlerUPP, ItemCount, P(EventTypeSpec),
                                           c_void_p, P(c_void_p)]),
        "RemoveEventHandler": (OSStatus, [c_void_p]),
        "RegisterEventHotKey": (OSStatus, [UInt32, UInt32, EventHotKeyID, c_void_p, UInt32,
                                           P(c_void_p)]),
        "UnregisterEventHotKey": (OSStatus, [c_void_p]),
        "GetEventParameter": (OSStatus, [c_void_p, UInt32, UInt32, P(UInt32), ByteCount,
                                         P(ByteCount), c_void_p]),
    },
    "ApplicationServices": {
        "CGSessionCopyCurrentDictionary": (c_void_p, []),
        "CGWindowListCopyWindowInfo": (c_void_p, [UInt32, UInt32]),
        "CGRectMakeWithDictionaryRepresentation": (ctypes.c_bool, [c_void_p, P(CGRect)]),
        "CGGetActiveDisplayList": (CGError, [UInt32, P(CGDirectDisplayID), P(UInt32)]),
        "CGDisplayBounds": (CGRect, [CGDirectDisplayID]),
        # Input Monitoring (macOS 10.15+): may this process listen to key events?
        "CGPreflightListenEventAccess": (ctypes.c_bool, []),
        "CGRequestListenEventAccess": (ctypes.c_bool, []),
    },
}

# The private login framework: SACLockScreenImmediate, the call behind Control Centre's
# "Lock Screen". Private, so it is loaded on its own and may be missing.
LOGIN_FRAMEWORK = "/System/Library/PrivateFrameworks/login.framework/Versions/Current/login"
LOGIN_TABLE: Table = {"login": {"SACLockScreenImmediate": (ctypes.c_int, [])}}

FRAMEWORKS = "/System/Library/Frameworks"
# Newer than the oldest macOS the app starts on: absent ones raise OSError when called.
OPTIONAL = frozenset({"CGPreflightListenEventAccess", "CGRequestListenEventAccess"})  # macOS 10.15+


def load() -> types.SimpleNamespace:
    """The real frameworks (macOS only; OSError elsewhere or when one is missing)."""
    import sys

    if sys.platform != "darwin":
        raise OSError("the macOS frameworks exist only on macOS")

    def open_framework(name: str) -> Any:
        return ctypes.CDLL(f"{FRAMEWORKS}/{name}.framework/{name}")

    try:
        return bind(TABLE, open_framework, OPTIONAL)
    except AttributeError as exc:  # a function this macOS does not have (older than 10.15)
        raise OSError(str(exc)) from exc


def load_login() -> types.SimpleNamespace:
    """The private login framework (OSError when it or its function is missing)."""
    import sys

    if sys.platform != "darwin":
        raise OSError("the login framework exists only on macOS")
    try:
        return bind(LOGIN_TABLE, lambda _name: ctypes.CDLL(LOGIN_FRAMEWORK))
    except AttributeError as exc:
        raise OSError(str(exc)) from exc

"""Win32 declarations: user32, kernel32, wtsapi32, shell32, dwmapi.

Integer types are spelled with their Windows widths (``DWORD`` is 32 bits on every Windows,
but ``ctypes.wintypes.DWORD`` is ``c_ulong``, 64 bits where this is tested on Linux), so the
structure sizes here are the Windows ones on any 64-bit host: ``LASTINPUTINFO`` 8 bytes,
``MSG`` 48, ``OVERLAPPED`` 32.
"""

from __future__ import annotations

import ctypes
import types
from typing import Any

from assistant.platform_bindings import Table, bind

BOOL = ctypes.c_int32
UINT = ctypes.c_uint32
DWORD = ctypes.c_uint32
LONG = ctypes.c_int32
SHORT = ctypes.c_int16
WCHAR = ctypes.c_uint16  # ctypes.c_wchar is 4 bytes off Windows
HRESULT = ctypes.c_int32
HANDLE = ctypes.c_void_p
HWND = ctypes.c_void_p
WPARAM = ctypes.c_size_t
LPARAM = ctypes.c_ssize_t
LPVOID = ctypes.c_void_p
LPCWSTR = ctypes.c_wchar_p

# kernel32 error codes and constants used by the backends
ERROR_INVALID_PARAMETER = 87
ERROR_BROKEN_PIPE = 109
ERROR_SEM_TIMEOUT = 121
ERROR_PIPE_BUSY = 231
ERROR_MORE_DATA = 234
ERROR_IO_PENDING = 997
ERROR_FILE_NOT_FOUND = 2
WAIT_OBJECT_0 = 0
WAIT_TIMEOUT = 0x102
INVALID_HANDLE_VALUE = ctypes.c_void_p(-1).value
GENERIC_READ = 0x80000000
GENERIC_WRITE = 0x40000000
OPEN_EXISTING = 3
FILE_FLAG_OVERLAPPED = 0x40000000
ERROR_HOTKEY_ALREADY_REGISTERED = 1409
WM_HOTKEY = 0x0312
WM_APP = 0x8000
WM_QUIT = 0x0012
PM_NOREMOVE = 0
CF_UNICODETEXT = 13


class LASTINPUTINFO(ctypes.Structure):
    _fields_ = [("cbSize", UINT), ("dwTime", DWORD)]


class POINT(ctypes.Structure):
    _fields_ = [("x", LONG), ("y", LONG)]


class MSG(ctypes.Structure):
    _fields_ = [("hwnd", HWND), ("message", UINT), ("wParam", WPARAM), ("lParam", LPARAM),
                ("time", DWORD), ("pt", POINT), ("lPrivate", DWORD)]


class OVERLAPPED(ctypes.Structure):
    _fields_ = [("Internal", ctypes.c_size_t), ("InternalHigh", ctypes.c_size_t),
                ("Offset", DWORD), ("OffsetHigh", DWORD), ("hEvent", HANDLE)]


class STORAGE_PROPERTY_QUERY(ctypes.Structure):
    _fields_ = [("PropertyId", DWORD), ("QueryType", DWORD), ("AdditionalParameters", ctypes.c_ubyte * 1)]


class STORAGE_DEVICE_DESCRIPTOR(ctypes.Structure):
    _fields_ = [("Version", DWORD), ("Size", DWORD), ("DeviceType", ctypes.c_ubyte),
                ("DeviceTypeModifier", ctypes.c_ubyte), ("RemovableMedia", ctypes.c_ubyte),
                ("CommandQueueing", ctypes.c_ubyte), ("VendorIdOffset", DWORD),
                ("ProductIdOffset", DWORD), ("ProductRevisionOffset", DWORD),
                ("SerialNumberOffset", DWORD), ("BusType", DWORD), ("RawPropertiesLength", DWORD),
                ("RawDeviceProperties", ctypes.c_ubyte * 1)]


# EnumWindows' callback (stdcall on Windows; CFUNCTYPE where the fake runs it)
WNDENUMPROC = getattr(ctypes, "WINFUNCTYPE", ctypes.CFUNCTYPE)(BOOL, HWND, LPARAM)
DWMWA_CLOAKED = 14
WM_CLOSE = 0x0010


class WTSINFOEX_LEVEL1_W(ctypes.Structure):
    _fields_ = [("SessionId", ctypes.c_uint32), ("SessionState", ctypes.c_int32),
                ("SessionFlags", LONG), ("WinStationName", WCHAR * 33), ("UserName", WCHAR * 21),
                ("DomainName", WCHAR * 18), ("LogonTime", ctypes.c_int64),
                ("ConnectTime", ctypes.c_int64), ("DisconnectTime", ctypes.c_int64),
                ("LastInputTime", ctypes.c_int64), ("CurrentTime", ctypes.c_int64),
                ("IncomingBytes", DWORD), ("OutgoingBytes", DWORD), ("IncomingFrames", DWORD),
                ("OutgoingFrames", DWORD), ("IncomingCompressedBytes", DWORD),
                ("OutgoingCompressedBytes", DWORD)]


class WTSINFOEXW(ctypes.Structure):
    """``Level`` then the ``WTSINFOEX_LEVEL`` union (its only member is level 1)."""

    _fields_ = [("Level", DWORD), ("Data", WTSINFOEX_LEVEL1_W)]


WTS_CURRENT_SERVER_HANDLE = 0
WTS_CURRENT_SESSION = 0xFFFFFFFF
WTS_SESSION_INFO_EX = 25  # WTS_INFO_CLASS.WTSSessionInfoEx
DRIVE_REMOVABLE = 2
DRIVE_FIXED = 3
SEM_FAILCRITICALERRORS = 0x0001
FILE_SHARE_READ_WRITE = 0x3
IOCTL_STORAGE_QUERY_PROPERTY = 0x2D1400
BUS_TYPE_USB = 7  # STORAGE_BUS_TYPE.BusTypeUsb
# Session change notifications (WTSRegisterSessionNotification, WM_WTSSESSION_CHANGE)
NOTIFY_FOR_THIS_SESSION = 0
WM_WTSSESSION_CHANGE = 0x02B1
WTS_SESSION_LOCK = 0x7
WTS_SESSION_UNLOCK = 0x8
RPC_S_INVALID_BINDING = 1702  # "called before the Remote Desktop Services have started"

# The documented sizes on 64-bit Windows (tests compare them with ctypes.sizeof).
SIZES_64BIT = {LASTINPUTINFO: 8, POINT: 8, MSG: 48, OVERLAPPED: 32, STORAGE_PROPERTY_QUERY: 12,
               STORAGE_DEVICE_DESCRIPTOR: 40}

P = ctypes.POINTER
TABLE: Table = {
    "user32": {
        "GetLastInputInfo": (BOOL, [P(LASTINPUTINFO)]),
        "LockWorkStation": (BOOL, []),
        "EnumWindows": (BOOL, [WNDENUMPROC, LPARAM]),
        "IsWindowVisible": (BOOL, [HWND]),
        "GetWindowThreadProcessId": (DWORD, [HWND, P(DWORD)]),
        "GetWindowTextLengthW": (ctypes.c_int32, [HWND]),
        "GetWindowTextW": (ctypes.c_int32, [HWND, ctypes.c_wchar_p, ctypes.c_int32]),
        "GetClassNameW": (ctypes.c_int32, [HWND, ctypes.c_wchar_p, ctypes.c_int32]),
        "PostMessageW": (BOOL, [HWND, UINT, WPARAM, LPARAM]),
        # hotkeys: registered for the thread (hWnd NULL), WM_HOTKEY in its message queue
        "RegisterHotKey": (BOOL, [HWND, ctypes.c_int32, UINT, UINT]),
        "UnregisterHotKey": (BOOL, [HWND, ctypes.c_int32]),
        "GetMessageW": (BOOL, [P(MSG), HWND, UINT, UINT]),
        "PeekMessageW": (BOOL, [P(MSG), HWND, UINT, UINT, UINT]),
        "PostThreadMessageW": (BOOL, [DWORD, UINT, WPARAM, LPARAM]),
        "VkKeyScanW": (SHORT, [WCHAR]),
        "GetAsyncKeyState": (SHORT, [ctypes.c_int32]),
        # the clipboard (CF_UNICODETEXT)
        "OpenClipboard": (BOOL, [HWND]),
        "CloseClipboard": (BOOL, []),
        "IsClipboardFormatAvailable": (BOOL, [UINT]),
        "GetClipboardData": (HANDLE, [UINT]),
        "EmptyClipboard": (BOOL, []),
    },
    "dwmapi": {
        "DwmGetWindowAttribute": (HRESULT, [HWND, DWORD, LPVOID, DWORD]),
    },
    "wtsapi32": {
        "WTSQuerySessionInformationW": (BOOL, [HANDLE, DWORD, ctypes.c_int32, P(LPVOID), P(DWORD)]),
        "WTSFreeMemory": (None, [LPVOID]),
        "WTSRegisterSessionNotification": (BOOL, [HWND, DWORD]),
        "WTSUnRegisterSessionNotification": (BOOL, [HWND]),
    },
    "kernel32": {
        "GetTickCount": (DWORD, []),
        "GetCurrentThreadId": (DWORD, []),
        "GlobalLock": (LPVOID, [HANDLE]),
        "GlobalUnlock": (BOOL, [HANDLE]),
        "GlobalSize": (ctypes.c_size_t, [HANDLE]),
        "WaitNamedPipeW": (BOOL, [LPCWSTR, DWORD]),
        "CreateFileW": (HANDLE, [LPCWSTR, DWORD, DWORD, LPVOID, DWORD, DWORD, HANDLE]),
        "CreateEventW": (HANDLE, [LPVOID, BOOL, BOOL, LPCWSTR]),
        "WriteFile": (BOOL, [HANDLE, ctypes.c_char_p, DWORD, P(DWORD), P(OVERLAPPED)]),
        "ReadFile": (BOOL, [HANDLE, ctypes.c_char_p, DWORD, P(DWORD), P(OVERLAPPED)]),
        "WaitForSingleObject": (DWORD, [HANDLE, DWORD]),
        "GetOverlappedResult": (BOOL, [HANDLE, P(OVERLAPPED), P(DWORD), BOOL]),
        "CancelIoEx": (BOOL, [HANDLE, P(OVERLAPPED)]),
        "CloseHandle": (BOOL, [HANDLE]),
        "GetLogicalDrives": (DWORD, []),
        "GetDriveTypeW": (UINT, [LPCWSTR]),
        "GetVolumeInformationW": (BOOL, [LPCWSTR, ctypes.c_wchar_p, DWORD, P(DWORD), P(DWORD),
                                         P(DWORD), ctypes.c_wchar_p, DWORD]),
        "SetThreadErrorMode": (BOOL, [DWORD, P(DWORD)]),
        "DeviceIoControl": (BOOL, [HANDLE, DWORD, LPVOID, DWORD, LPVOID, DWORD, P(DWORD), P(OVERLAPPED)]),
    },
    "shell32": {
        "SHQueryUserNotificationState": (HRESULT, [P(ctypes.c_int32)]),
    },
}


def get_last_error() -> int:
    return ctypes.get_last_error()  # type: ignore[attr-defined,no-any-return]


def load() -> types.SimpleNamespace:
    """The real DLLs (Windows only; OSError elsewhere or when a DLL is missing)."""
    win_dll = getattr(ctypes, "WinDLL", None)
    if win_dll is None:
        raise OSError("the Win32 libraries exist only on Windows")

    def open_library(name: str) -> Any:
        return win_dll(name, use_last_error=True)

    bound = bind(TABLE, open_library)
    bound.get_last_error = get_last_error
    return bound

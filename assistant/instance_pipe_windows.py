"""The client end of the running app's named pipe on Windows, with a deadline on every step.

``open(r"\\\\.\\pipe\\name")`` has no timeout: a busy pipe or an app that never reads or
answers blocks the caller for ever. Here the pipe is opened with ``WaitNamedPipeW`` (bounded
wait for a free instance) and ``FILE_FLAG_OVERLAPPED``, and each write and read waits on its
event with ``WaitForSingleObject`` for what is left of the deadline, then ``CancelIoEx``.
"""

from __future__ import annotations

import ctypes
import time
from ctypes import wintypes

GENERIC_READ = 0x80000000
GENERIC_WRITE = 0x40000000
OPEN_EXISTING = 3
FILE_FLAG_OVERLAPPED = 0x40000000
INVALID_HANDLE_VALUE = ctypes.c_void_p(-1).value
WAIT_OBJECT_0 = 0
ERROR_BROKEN_PIPE = 109
ERROR_SEM_TIMEOUT = 121
ERROR_PIPE_BUSY = 231
ERROR_MORE_DATA = 234
ERROR_IO_PENDING = 997


class OVERLAPPED(ctypes.Structure):
    """minwinbase.h OVERLAPPED (32 bytes on 64-bit, 20 on 32-bit)."""

    _fields_ = [("Internal", ctypes.c_size_t), ("InternalHigh", ctypes.c_size_t),
                ("Offset", wintypes.DWORD), ("OffsetHigh", wintypes.DWORD),
                ("hEvent", wintypes.HANDLE)]


def _kernel32() -> ctypes.WinDLL:  # type: ignore[name-defined]
    """A private kernel32 handle, so argtypes set here do not change ``ctypes.windll``'s."""
    k = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined]
    k.WaitNamedPipeW.argtypes = [wintypes.LPCWSTR, wintypes.DWORD]
    k.WaitNamedPipeW.restype = wintypes.BOOL
    k.CreateFileW.argtypes = [wintypes.LPCWSTR, wintypes.DWORD, wintypes.DWORD, wintypes.LPVOID,
                              wintypes.DWORD, wintypes.DWORD, wintypes.HANDLE]
    k.CreateFileW.restype = wintypes.HANDLE
    k.CreateEventW.argtypes = [wintypes.LPVOID, wintypes.BOOL, wintypes.BOOL, wintypes.LPCWSTR]
    k.CreateEventW.restype = wintypes.HANDLE
    k.WriteFile.argtypes = [wintypes.HANDLE, wintypes.LPCVOID, wintypes.DWORD,
                            ctypes.POINTER(wintypes.DWORD), ctypes.POINTER(OVERLAPPED)]
    k.WriteFile.restype = wintypes.BOOL
    k.ReadFile.argtypes = [wintypes.HANDLE, wintypes.LPVOID, wintypes.DWORD,
                           ctypes.POINTER(wintypes.DWORD), ctypes.POINTER(OVERLAPPED)]
    k.ReadFile.restype = wintypes.BOOL
    k.WaitForSingleObject.argtypes = [wintypes.HANDLE, wintypes.DWORD]
    k.WaitForSingleObject.restype = wintypes.DWORD
    k.GetOverlappedResult.argtypes = [wintypes.HANDLE, ctypes.POINTER(OVERLAPPED),
                                      ctypes.POINTER(wintypes.DWORD), wintypes.BOOL]
    k.GetOverlappedResult.restype = wintypes.BOOL
    k.CancelIoEx.argtypes = [wintypes.HANDLE, ctypes.POINTER(OVERLAPPED)]
    k.CancelIoEx.restype = wintypes.BOOL
    k.CloseHandle.argtypes = [wintypes.HANDLE]
    k.CloseHandle.restype = wintypes.BOOL
    return k


def _remaining_ms(deadline: float) -> int:
    return max(0, int((deadline - time.monotonic()) * 1000))


def exchange(address: str, data: bytes, timeout: float) -> bytes:
    """Write ``data`` to ``\\\\.\\pipe\\address`` and read one line back; OSError on failure
    or when ``timeout`` seconds (for the whole exchange) run out."""
    k = _kernel32()
    deadline = time.monotonic() + timeout
    name = rf"\\.\pipe\{address}"
    while True:
        handle = k.CreateFileW(name, GENERIC_READ | GENERIC_WRITE, 0, None, OPEN_EXISTING,
                               FILE_FLAG_OVERLAPPED, None)
        if handle not in (None, INVALID_HANDLE_VALUE):
            break
        error = ctypes.get_last_error()  # type: ignore[attr-defined]
        # ERROR_PIPE_BUSY: every instance is taken; wait (bounded) for one to come free.
        if error != ERROR_PIPE_BUSY or _remaining_ms(deadline) == 0 or \
                not k.WaitNamedPipeW(name, max(1, _remaining_ms(deadline))):
            raise OSError(error, f"cannot open {name}")
    event = k.CreateEventW(None, True, False, None)
    try:
        if not event:
            raise OSError(ctypes.get_last_error(), "CreateEventW")  # type: ignore[attr-defined]
        _io(k, k.WriteFile, handle, event, ctypes.create_string_buffer(data, len(data)),
            len(data), deadline)
        reply = b""
        buffer = ctypes.create_string_buffer(65536)
        while not reply.endswith(b"\n"):
            count = _io(k, k.ReadFile, handle, event, buffer, len(buffer), deadline)
            if count == 0:
                break
            reply += buffer.raw[:count]
        return reply
    finally:
        if event:
            k.CloseHandle(event)
        k.CloseHandle(handle)


def _io(k: ctypes.WinDLL, call: ctypes._CFuncPtr, handle: int, event: int,  # type: ignore[name-defined]
        buffer: ctypes.Array[ctypes.c_char], size: int, deadline: float) -> int:
    """One overlapped ReadFile/WriteFile bounded by ``deadline``; the bytes moved (0 at EOF)."""
    overlapped = OVERLAPPED(hEvent=event)
    done = wintypes.DWORD(0)
    if not call(handle, buffer, size, None, ctypes.byref(overlapped)):
        error = ctypes.get_last_error()  # type: ignore[attr-defined]
        if error == ERROR_BROKEN_PIPE:
            return 0
        if error not in (ERROR_IO_PENDING, ERROR_MORE_DATA):
            raise OSError(error, "pipe I/O failed")
        if k.WaitForSingleObject(event, _remaining_ms(deadline)) != WAIT_OBJECT_0:
            k.CancelIoEx(handle, ctypes.byref(overlapped))
            k.GetOverlappedResult(handle, ctypes.byref(overlapped), ctypes.byref(done), True)
            raise TimeoutError(ERROR_SEM_TIMEOUT, "the running app did not answer in time")
    if not k.GetOverlappedResult(handle, ctypes.byref(overlapped), ctypes.byref(done), False):
        error = ctypes.get_last_error()  # type: ignore[attr-defined]
        if error == ERROR_BROKEN_PIPE:
            return 0
        if error != ERROR_MORE_DATA:
            raise OSError(error, "pipe I/O failed")
    return done.value

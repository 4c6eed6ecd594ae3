"""The client end of the running app's named pipe on Windows, with a deadline on every step.

``open(r"\\\\.\\pipe\\name")`` has no timeout: a busy pipe or an app that never reads or
answers blocks the caller for ever. Here the pipe is opened with ``CreateFileW`` and
``FILE_FLAG_OVERLAPPED`` (``WaitNamedPipeW``, bounded, while every instance is busy), and each
write and read waits on its event with ``WaitForSingleObject`` for what is left of the
deadline, then ``CancelIoEx`` and waits for the cancel before the OVERLAPPED goes away.
"""

from __future__ import annotations

import ctypes
import time
from typing import Any

from assistant.platform_bindings import windows as w


def _remaining_ms(deadline: float) -> int:
    return max(0, int((deadline - time.monotonic()) * 1000))


def exchange(address: str, data: bytes, timeout: float, bindings: Any = None) -> bytes:
    """Write ``data`` to ``\\\\.\\pipe\\address`` and read one line back; OSError on failure
    or when ``timeout`` seconds (for the whole exchange) run out."""
    win = bindings if bindings is not None else w.load()
    k = win.kernel32
    deadline = time.monotonic() + timeout
    name = rf"\\.\pipe\{address}"
    while True:
        handle = k.CreateFileW(name, w.GENERIC_READ | w.GENERIC_WRITE, 0, None, w.OPEN_EXISTING,
                               w.FILE_FLAG_OVERLAPPED, None)
        if handle not in (None, w.INVALID_HANDLE_VALUE):
            break
        error = win.get_last_error()
        # ERROR_PIPE_BUSY: every instance is taken; wait (bounded) for one to come free.
        if error != w.ERROR_PIPE_BUSY or _remaining_ms(deadline) == 0 or \
                not k.WaitNamedPipeW(name, max(1, _remaining_ms(deadline))):
            raise OSError(error, f"cannot open {name}")
    event = k.CreateEventW(None, True, False, None)
    try:
        if not event:
            raise OSError(win.get_last_error(), "CreateEventW")
        _io(win, k.WriteFile, handle, event, ctypes.create_string_buffer(data, len(data)),
            len(data), deadline)
        reply = b""
        buffer = ctypes.create_string_buffer(65536)
        while not reply.endswith(b"\n"):
            count = _io(win, k.ReadFile, handle, event, buffer, len(buffer), deadline)
            if count == 0:
                break
            reply += buffer.raw[:count]
        return reply
    finally:
        if event:
            k.CloseHandle(event)
        k.CloseHandle(handle)


def _io(win: Any, call: Any, handle: int, event: int, buffer: ctypes.Array[ctypes.c_char],
        size: int, deadline: float) -> int:
    """One overlapped ReadFile/WriteFile bounded by ``deadline``; the bytes moved (0 at EOF)."""
    k = win.kernel32
    overlapped = w.OVERLAPPED(hEvent=event)
    done = w.DWORD(0)
    if not call(handle, buffer, size, None, ctypes.byref(overlapped)):
        error = win.get_last_error()
        if error == w.ERROR_BROKEN_PIPE:
            return 0
        if error not in (w.ERROR_IO_PENDING, w.ERROR_MORE_DATA):
            raise OSError(error, "pipe I/O failed")
        if k.WaitForSingleObject(event, _remaining_ms(deadline)) != w.WAIT_OBJECT_0:
            k.CancelIoEx(handle, ctypes.byref(overlapped))
            k.GetOverlappedResult(handle, ctypes.byref(overlapped), ctypes.byref(done), True)
            raise TimeoutError(w.ERROR_SEM_TIMEOUT, "the running app did not answer in time")
    if not k.GetOverlappedResult(handle, ctypes.byref(overlapped), ctypes.byref(done), False):
        error = win.get_last_error()
        if error == w.ERROR_BROKEN_PIPE:
            return 0
        if error != w.ERROR_MORE_DATA:
            raise OSError(error, "pipe I/O failed")
    return done.value

"""The Windows backends driven against a recording fake of user32/kernel32/shell32.

The fake checks each call against ``assistant.platform_bindings.windows.TABLE`` and answers
as the Win32 documentation says (return values, last-error codes, the OVERLAPPED protocol)."""

from __future__ import annotations

import ctypes
from typing import Any, ClassVar

import pytest

from assistant.focus import Busy
from assistant.focus.windows import QueryUserNotificationState, WindowsNotificationStateProbe
from assistant.idle import IdleSourceUnavailable
from assistant.idle.windows import LastInputIdleSource
from assistant.instance_pipe_windows import exchange
from assistant.platform_bindings import windows as w
from tests.platform.recording_os import RecordingOS, target

pytestmark = pytest.mark.skipif(ctypes.sizeof(ctypes.c_void_p) != 8, reason="64-bit sizes")


def test_structures_have_their_documented_64_bit_sizes() -> None:
    for structure, size in w.SIZES_64BIT.items():
        assert ctypes.sizeof(structure) == size, structure.__name__


def test_every_declared_function_has_a_ctypes_signature() -> None:
    for functions in w.TABLE.values():
        for name, (_restype, argtypes) in functions.items():
            assert all(hasattr(t, "from_param") for t in argtypes), name


# ---- idle time: GetLastInputInfo + GetTickCount -------------------------------------------

def idle_os(tick: int, last_input: int) -> RecordingOS:
    def get_last_input_info(info_ref: Any) -> int:
        info = target(info_ref)
        if info.cbSize != 8:  # "cbSize: must be set to sizeof(LASTINPUTINFO)"
            return fake.fail(w.ERROR_INVALID_PARAMETER)
        info.dwTime = last_input
        return 1

    fake = RecordingOS(w.TABLE, {"GetLastInputInfo": get_last_input_info,
                                 "GetTickCount": lambda: tick})
    return fake


def test_idle_seconds_from_last_input_info() -> None:
    fake = idle_os(tick=125_000, last_input=5_000)
    assert LastInputIdleSource(fake).idle_seconds() == 120.0
    assert fake.names() == ["GetLastInputInfo", "GetTickCount"]


def test_idle_seconds_across_the_49_day_tick_wrap() -> None:
    fake = idle_os(tick=1_000, last_input=0xFFFFFFFF - 999)
    assert LastInputIdleSource(fake).idle_seconds() == 2.0


def test_a_failing_get_last_input_info_says_why() -> None:
    fake = RecordingOS(w.TABLE, {"GetLastInputInfo": lambda ref: fake.fail(5)})
    with pytest.raises(IdleSourceUnavailable, match="error 5"):
        LastInputIdleSource(fake).idle_seconds()


# ---- focus: SHQueryUserNotificationState --------------------------------------------------

def notification_os(state: int, hresult: int = 0) -> RecordingOS:
    def query(state_ref: Any) -> int:
        target(state_ref).value = state
        return hresult

    return RecordingOS(w.TABLE, {"SHQueryUserNotificationState": query})


@pytest.mark.parametrize(("state", "busy"), [
    (QueryUserNotificationState.QUNS_ACCEPTS_NOTIFICATIONS, None),
    (QueryUserNotificationState.QUNS_BUSY, Busy.FULLSCREEN),
    (QueryUserNotificationState.QUNS_PRESENTATION_MODE, Busy.FULLSCREEN),
    (QueryUserNotificationState.QUNS_APP, Busy.FULLSCREEN),  # a full-screen Store app
    (QueryUserNotificationState.QUNS_QUIET_TIME, Busy.DO_NOT_DISTURB),
])
def test_notification_state_to_busy(state: int, busy: Busy | None) -> None:
    assert WindowsNotificationStateProbe(notification_os(state)).busy() == busy


def test_a_failed_hresult_is_no_answer() -> None:
    E_FAIL = -2147467259  # 0x80004005 as the signed HRESULT
    assert WindowsNotificationStateProbe(notification_os(2, hresult=E_FAIL)).busy() is None


# ---- the instance pipe: CreateFileW / overlapped ReadFile, WriteFile ----------------------

class FakePipeServer:
    """The app's end of \\\\.\\pipe\\<name>, as kernel32 shows it to the client."""

    HANDLE, EVENT = 0x100, 0x200
    ERROR_OPERATION_ABORTED = 995

    def __init__(self, mode: str, reply: bytes = b"") -> None:
        self.mode, self.reply, self.written = mode, reply, b""
        self.waited_ms: list[int] = []
        self.closed: list[int] = []
        self.os = RecordingOS(w.TABLE, {
            "CreateFileW": self.create_file, "WaitNamedPipeW": self.wait_named_pipe,
            "CreateEventW": lambda *a: self.EVENT, "WriteFile": self.write_file,
            "ReadFile": self.read_file, "WaitForSingleObject": self.wait,
            "GetOverlappedResult": self.overlapped_result, "CancelIoEx": self.cancel,
            "CloseHandle": self.close_handle,
        })

    def close_handle(self, handle: int) -> int:
        self.closed.append(handle)
        return 1

    def create_file(self, name: str, access: int, share: int, security: Any, disposition: int,
                    flags: int, template: Any) -> int:
        assert name == r"\\.\pipe\safety-test" and flags & w.FILE_FLAG_OVERLAPPED
        if self.mode == "absent":
            return self.os.fail(w.ERROR_FILE_NOT_FOUND, w.INVALID_HANDLE_VALUE)
        if self.mode == "busy":
            return self.os.fail(w.ERROR_PIPE_BUSY, w.INVALID_HANDLE_VALUE)
        return self.HANDLE

    def wait_named_pipe(self, name: str, timeout_ms: int) -> int:
        self.waited_ms.append(timeout_ms)
        return self.os.fail(w.ERROR_SEM_TIMEOUT)  # no instance came free in time

    def write_file(self, handle: int, buffer: Any, size: int, done: Any, ov_ref: Any) -> int:
        self.written += bytes(buffer)[:size]
        target(ov_ref).InternalHigh = size  # completed at once: the pipe buffer takes it
        return 1

    def read_file(self, handle: int, buffer: Any, size: int, done: Any, ov_ref: Any) -> int:
        if self.mode == "silent":
            return self.os.fail(w.ERROR_IO_PENDING)
        data, self.reply = self.reply[:size], self.reply[size:]
        if not data:
            return self.os.fail(w.ERROR_BROKEN_PIPE)
        ctypes.memmove(buffer, data, len(data))
        target(ov_ref).InternalHigh = len(data)
        return 1

    def wait(self, event: int, timeout_ms: int) -> int:
        assert event == self.EVENT
        self.waited_ms.append(timeout_ms)
        return w.WAIT_TIMEOUT

    def overlapped_result(self, handle: int, ov_ref: Any, done_ref: Any, wait: int) -> int:
        overlapped = target(ov_ref)
        if overlapped.Internal == self.ERROR_OPERATION_ABORTED:
            return self.os.fail(self.ERROR_OPERATION_ABORTED)
        target(done_ref).value = overlapped.InternalHigh
        return 1

    def cancel(self, handle: int, ov_ref: Any) -> int:
        target(ov_ref).Internal = self.ERROR_OPERATION_ABORTED
        return 1


def test_an_answering_app_replies_through_the_pipe() -> None:
    server = FakePipeServer("answers", reply=b'{"ok": true}\n')
    assert exchange("safety-test", b'{"cmd": "ping"}\n', 2.0, server.os) == b'{"ok": true}\n'
    assert server.written == b'{"cmd": "ping"}\n'
    assert sorted(server.closed) == [server.HANDLE, server.EVENT]


def test_an_app_that_never_answers_is_given_up_within_the_deadline() -> None:
    server = FakePipeServer("silent")
    with pytest.raises(TimeoutError):
        exchange("safety-test", b'{"cmd": "panic.trigger"}\n', 2.0, server.os)
    assert server.waited_ms and all(0 <= ms <= 2000 for ms in server.waited_ms)
    assert "CancelIoEx" in server.os.names()  # the read is cancelled before OVERLAPPED goes away
    assert server.os.names().index("CancelIoEx") < server.os.names().index("CloseHandle")
    assert sorted(server.closed) == [server.HANDLE, server.EVENT]


def test_no_app_and_a_busy_pipe_fail_at_once() -> None:
    with pytest.raises(OSError) as absent:
        exchange("safety-test", b"x\n", 2.0, FakePipeServer("absent").os)
    assert absent.value.errno == w.ERROR_FILE_NOT_FOUND
    busy = FakePipeServer("busy")
    with pytest.raises(OSError):
        exchange("safety-test", b"x\n", 2.0, busy.os)
    assert busy.waited_ms and busy.waited_ms[0] <= 2000  # WaitNamedPipeW, bounded


# ---- removable drives: GetDriveTypeW, IOCTL_STORAGE_QUERY_PROPERTY, GetVolumeInformationW -

class FakeVolumes:
    """Drive letters as kernel32 reports them: C: internal SSD, E: USB stick (DRIVE_REMOVABLE),
    F: USB hard drive (DRIVE_FIXED on the USB bus), G: empty card reader (no medium)."""

    BUS_SATA = 11
    DRIVES: ClassVar[dict[str, tuple[int, int, str | None]]] = {"C": (w.DRIVE_FIXED, BUS_SATA, "Windows"), "E": (w.DRIVE_REMOVABLE, w.BUS_TYPE_USB, "STICK"),
              "F": (w.DRIVE_FIXED, w.BUS_TYPE_USB, "BACKUP"), "G": (w.DRIVE_REMOVABLE, w.BUS_TYPE_USB, None)}
    ERROR_NOT_READY = 21

    def __init__(self) -> None:
        self.error_mode = 0
        self.modes_while_reading: list[int] = []
        self.open: dict[int, str] = {}
        self.os = RecordingOS(w.TABLE, {
            "GetLogicalDrives": lambda: sum(1 << (ord(d) - ord("A")) for d in self.DRIVES),
            "GetDriveTypeW": lambda root: self.DRIVES[root[0]][0],
            "CreateFileW": self.create_file, "DeviceIoControl": self.ioctl,
            "CloseHandle": lambda handle: 1 if self.open.pop(handle, None) else self.os.fail(6),
            "SetThreadErrorMode": self.set_error_mode, "GetVolumeInformationW": self.volume_info,
        })

    def create_file(self, name: str, *rest: Any) -> int:
        assert name.startswith("\\\\.\\") and name.endswith(":")
        handle = 0x300 + len(self.open) + 1
        self.open[handle] = name[4]
        return handle

    def ioctl(self, handle: int, code: int, query_ref: Any, query_size: int, out_ref: Any,
              out_size: int, returned_ref: Any, overlapped: Any) -> int:
        assert code == w.IOCTL_STORAGE_QUERY_PROPERTY and query_size == 12 and out_size >= 40
        query, descriptor = target(query_ref), target(out_ref)
        assert (query.PropertyId, query.QueryType) == (0, 0)
        descriptor.BusType = self.DRIVES[self.open[handle]][1]
        target(returned_ref).value = 40
        return 1

    def set_error_mode(self, mode: int, old_ref: Any) -> int:
        if old_ref is not None:
            target(old_ref).value = self.error_mode
        self.error_mode = mode
        return 1

    def volume_info(self, root: str, label: Any, size: int, *rest: Any) -> int:
        self.modes_while_reading.append(self.error_mode)
        name = self.DRIVES[root[0]][2]
        if name is None:
            # No medium: without SEM_FAILCRITICALERRORS Windows shows "insert a disk" first.
            return self.os.fail(self.ERROR_NOT_READY)
        label.value = name
        return 1


def test_usb_drives_reporting_drive_fixed_count_and_an_empty_reader_does_not() -> None:
    from assistant.selfcheck.removable import Win32RemovableDrives

    volumes = FakeVolumes()
    drives = Win32RemovableDrives(volumes.os).drives()
    assert drives is not None
    assert [(d.device, d.label) for d in drives] == [("E:", "STICK"), ("F:", "BACKUP")]
    assert volumes.modes_while_reading and all(m & w.SEM_FAILCRITICALERRORS for m in volumes.modes_while_reading)
    assert volumes.error_mode == 0  # restored afterwards
    assert volumes.open == {}  # every device handle closed


# ---- locking: LockWorkStation and WTSQuerySessionInformationW(WTSSessionInfoEx) ------------

class FakeSession:
    """The WTS session as wtsapi32 reports it; the info block lives until WTSFreeMemory."""

    def __init__(self, flags: int) -> None:
        self.flags, self.locks, self.freed = flags, 0, 0
        self._block: w.WTSINFOEXW | None = None
        self.os = RecordingOS(w.TABLE, {
            "LockWorkStation": self.lock, "WTSQuerySessionInformationW": self.query,
            "WTSFreeMemory": self.free,
        })

    def lock(self) -> int:
        self.locks += 1
        self.flags = 0  # WTS_SESSIONSTATE_LOCK (Windows 8+)
        return 1

    def query(self, server: Any, session: int, info_class: int, buffer_ref: Any, size_ref: Any) -> int:
        assert info_class == w.WTS_SESSION_INFO_EX and session == w.WTS_CURRENT_SESSION
        self._block = w.WTSINFOEXW(Level=1)
        self._block.Data.SessionFlags = self.flags
        target(buffer_ref).value = ctypes.addressof(self._block)
        target(size_ref).value = ctypes.sizeof(self._block)
        return 1

    def free(self, buffer: Any) -> None:
        assert self._block is not None and buffer.value == ctypes.addressof(self._block)
        self.freed += 1


def test_lock_then_the_wts_flags_confirm_it() -> None:
    from assistant.locking import SessionLocker
    from assistant.locking.windows import LockWorkStationBackend, WtsLockProbe

    session = FakeSession(flags=1)  # WTS_SESSIONSTATE_UNLOCK
    probe = WtsLockProbe(session.os, windows7=False)
    assert probe() is False
    outcome = SessionLocker([LockWorkStationBackend(session.os)], probe).lock()
    assert outcome.locked and outcome.confirmed and session.locks == 1
    assert session.freed == session.os.names().count("WTSQuerySessionInformationW")  # no leak


def test_windows7_swaps_the_lock_flags() -> None:
    from assistant.locking.windows import WtsLockProbe

    assert WtsLockProbe(FakeSession(flags=1).os, windows7=True)() is True


# ---- customer-app windows: EnumWindows, DwmGetWindowAttribute(DWMWA_CLOAKED) --------------

def desktop_os(windows: list[tuple[int, str, bool, bool]]) -> RecordingOS:
    """(hwnd, title, visible, cloaked) top-level windows of another process (pid 4242)."""
    by_hwnd = {hwnd: (title, visible, cloaked) for hwnd, title, visible, cloaked in windows}

    def enum_windows(callback: Any, lparam: int) -> int:
        for hwnd in by_hwnd:
            if not callback(hwnd, lparam):
                break
        return 1

    def cloak(hwnd: int, attribute: int, value_ref: Any, size: int) -> int:
        assert attribute == w.DWMWA_CLOAKED and size == 4
        target(value_ref).value = 2 if by_hwnd[hwnd][2] else 0  # DWM_CLOAKED_SHELL
        return 0

    def pid_of(hwnd: int, pid_ref: Any) -> int:
        target(pid_ref).value = 4242
        return 1

    def text(hwnd: int, buffer: Any, size: int) -> int:
        buffer.value = by_hwnd[hwnd][0][: size - 1]
        return len(buffer.value)

    return RecordingOS(w.TABLE, {
        "EnumWindows": enum_windows, "IsWindowVisible": lambda hwnd: int(by_hwnd[hwnd][1]),
        "DwmGetWindowAttribute": cloak, "GetWindowThreadProcessId": pid_of,
        "GetWindowTextLengthW": lambda hwnd: len(by_hwnd[hwnd][0]), "GetWindowTextW": text,
        "GetClassNameW": lambda hwnd, buffer, size: text_class(buffer),
    })


def text_class(buffer: Any) -> int:
    buffer.value = "ApplicationFrameWindow"
    return len(buffer.value)


def test_cloaked_store_app_windows_are_not_counted() -> None:
    from assistant.selfcheck.app_windows import Win32Windows

    fake = desktop_os([(0x10, "CRM 客户资料", True, False), (0x20, "Settings", True, True),
                       (0x30, "hidden", False, False)])
    found = Win32Windows(fake).windows()
    assert found is not None and [(x.window_id, x.title) for x in found] == [(0x10, "CRM 客户资料")]

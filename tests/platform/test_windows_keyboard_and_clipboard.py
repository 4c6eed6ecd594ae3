"""The Windows hotkey thread, the panic key-state reader and the clipboard check, driven
against the recording fake of user32/kernel32 (declared in the Windows bindings)."""

from __future__ import annotations

import ctypes
import queue
import threading
from typing import Any

import pytest

from assistant.platform_bindings import windows as w
from tests.platform.recording_os import RecordingOS, target

pytestmark = pytest.mark.skipif(ctypes.sizeof(ctypes.c_void_p) != 8, reason="64-bit sizes")


class FakeThreadQueue:
    """One thread's message queue, as user32 keeps it: posted messages and WM_HOTKEY for
    hot keys registered for the thread (hWnd NULL). GetMessageW blocks until one comes."""

    THREAD_ID = 0x2A0

    def __init__(self, taken: set[tuple[int, int]] | None = None) -> None:
        self.messages: queue.Queue[tuple[int, int]] = queue.Queue()
        self.hotkeys: dict[int, tuple[int, int]] = {}  # id -> (modifiers, vk)
        self.taken = taken or set()
        self.loop_thread: int | None = None
        self.os = RecordingOS(w.TABLE, {
            "PeekMessageW": self.peek, "GetMessageW": self.get, "PostThreadMessageW": self.post,
            "GetCurrentThreadId": lambda: self.THREAD_ID, "RegisterHotKey": self.register,
            "UnregisterHotKey": self.unregister, "VkKeyScanW": self.vk_key_scan,
        })

    def peek(self, msg_ref: Any, hwnd: Any, first: int, last: int, remove: int) -> int:
        assert remove == w.PM_NOREMOVE
        self.loop_thread = threading.get_ident()
        return 0  # nothing yet; the queue now exists

    def get(self, msg_ref: Any, hwnd: Any, first: int, last: int) -> int:
        assert threading.get_ident() == self.loop_thread  # only the thread that owns the queue
        message, wparam = self.messages.get(timeout=10)
        msg = target(msg_ref)
        msg.message, msg.wParam = message, wparam
        return 0 if message == w.WM_QUIT else 1

    def post(self, thread_id: int, message: int, wparam: int, lparam: int) -> int:
        if thread_id != self.THREAD_ID:
            return self.os.fail(w.ERROR_INVALID_PARAMETER)
        self.messages.put((message, wparam))
        return 1

    def register(self, hwnd: Any, hotkey_id: int, modifiers: int, vk: int) -> int:
        # "hot keys registered with hWnd NULL belong to the calling thread"
        assert hwnd is None and threading.get_ident() == self.loop_thread
        if (modifiers & 0xF, vk) in self.taken or not 0 < hotkey_id <= 0xBFFF:
            return self.os.fail(w.ERROR_HOTKEY_ALREADY_REGISTERED)
        self.hotkeys[hotkey_id] = (modifiers, vk)
        return 1

    def unregister(self, hwnd: Any, hotkey_id: int) -> int:
        assert threading.get_ident() == self.loop_thread
        return 1 if self.hotkeys.pop(hotkey_id, None) else self.os.fail(1419)  # ERROR_HOTKEY_NOT_REGISTERED

    def vk_key_scan(self, char: int) -> int:
        return {ord(";"): 0xBA, ord("/"): 0xBF}.get(char, -1)

    def press(self, modifiers: int, vk: int) -> None:
        [hotkey_id] = [i for i, combo in self.hotkeys.items() if combo[0] & 0xF == modifiers and combo[1] == vk]
        self.messages.put((w.WM_HOTKEY, hotkey_id))


def test_registered_hotkeys_fire_on_their_thread_and_are_released_on_close() -> None:
    from assistant.hotkeys.windows import (
        MOD_ALT,
        MOD_CONTROL,
        MOD_NOREPEAT,
        MOD_SHIFT,
        RegisterHotKeyService,
    )

    user32 = FakeThreadQueue()
    service = RegisterHotKeyService(user32.os)
    fired: queue.Queue[str] = queue.Queue()
    service.register("<ctrl>+<alt>+l", lambda: fired.put("lock"))
    service.register("<ctrl>+<alt>+<shift>+;", lambda: fired.put("help"))
    assert sorted(user32.hotkeys.values()) == [(MOD_NOREPEAT | MOD_CONTROL | MOD_ALT, ord("L")),
                                              (MOD_NOREPEAT | MOD_CONTROL | MOD_ALT | MOD_SHIFT, 0xBA)]
    user32.press(MOD_CONTROL | MOD_ALT, ord("L"))
    assert fired.get(timeout=10) == "lock"
    service.close()
    assert user32.hotkeys == {}  # unregistered by the thread that registered them


def test_a_hotkey_another_program_holds_says_so() -> None:
    from assistant.hotkeys import HotkeyError
    from assistant.hotkeys.windows import MOD_ALT, MOD_CONTROL, RegisterHotKeyService

    service = RegisterHotKeyService(FakeThreadQueue(taken={(MOD_CONTROL | MOD_ALT, ord("L"))}).os)
    try:
        with pytest.raises(HotkeyError, match="already taken by another program"):
            service.register("<ctrl>+<alt>+l", lambda: None)
    finally:
        service.close()


def test_key_state_reads_the_high_bit_of_get_async_key_state() -> None:
    from assistant.panic.key_state import WindowsKeyStateProbe

    down = {0x78}  # VK_F9 held
    fake = RecordingOS(w.TABLE, {"GetAsyncKeyState": lambda vk: -0x8000 if vk in down else 1,  # 1: pressed since
                                 "VkKeyScanW": lambda char: -1})
    probe = WindowsKeyStateProbe(fake)
    assert probe.is_down("f9") and not probe.is_down("f8")


class FakeClipboard:
    """The clipboard as user32 shows it: open by one program at a time, CF_UNICODETEXT as a
    global memory block of UTF-16 (which need not end in a NUL)."""

    HANDLE = 0x4C0

    def __init__(self, text: bytes | None, busy: bool = False) -> None:
        self.block = ctypes.create_string_buffer(text, len(text)) if text is not None else None
        self.busy, self.open, self.locked, self.emptied = busy, False, 0, False
        self.os = RecordingOS(w.TABLE, {
            "OpenClipboard": self.open_clipboard, "CloseClipboard": self.close_clipboard,
            "IsClipboardFormatAvailable": lambda fmt: int(fmt == w.CF_UNICODETEXT and self.block is not None),
            "GetClipboardData": lambda fmt: self.HANDLE if self.block is not None else None,
            "GlobalLock": self.lock, "GlobalUnlock": self.unlock,
            "GlobalSize": lambda handle: ctypes.sizeof(self.block) if self.block is not None else 0,
            "EmptyClipboard": self.empty,
        })

    def open_clipboard(self, hwnd: Any) -> int:
        if self.busy:
            return self.os.fail(5)  # ERROR_ACCESS_DENIED: another program has it open
        self.open = True
        return 1

    def close_clipboard(self) -> int:
        assert self.open and self.locked == 0  # unlocked before closing
        self.open = False
        return 1

    def lock(self, handle: int) -> int:
        assert self.open and handle == self.HANDLE and self.block is not None
        self.locked += 1
        return ctypes.addressof(self.block)

    def unlock(self, handle: int) -> int:
        self.locked -= 1
        return 0  # "the memory object is unlocked": 0 with NO_ERROR

    def empty(self) -> int:
        assert self.open
        self.block, self.emptied = None, True
        return 1


def test_clipboard_text_is_read_as_utf16_within_its_block() -> None:
    from assistant.selfcheck.clipboard import Win32Clipboard

    with_nul = FakeClipboard("身份证 11010519491231002X\0garbage".encode("utf-16-le"))
    assert Win32Clipboard(with_nul.os).read_text() == "身份证 11010519491231002X"
    assert not with_nul.open
    no_nul = FakeClipboard("客户".encode("utf-16-le"))  # never read past the block
    assert Win32Clipboard(no_nul.os).read_text() == "客户"
    assert Win32Clipboard(FakeClipboard(None).os).read_text() == ""  # no text on the clipboard
    assert Win32Clipboard(FakeClipboard(b"", busy=True).os).read_text() is None  # cannot tell


def test_clipboard_clear_empties_it_and_closes_it() -> None:
    from assistant.selfcheck.clipboard import Win32Clipboard

    board = FakeClipboard("客户".encode("utf-16-le"))
    assert Win32Clipboard(board.os).clear() and board.emptied and not board.open

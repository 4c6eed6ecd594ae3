"""Windows global hotkeys: ``RegisterHotKey`` on a thread with its own message loop.

Hotkeys registered with no window belong to the registering thread and arrive as
``WM_HOTKEY`` in its queue, so registration and the ``GetMessageW`` loop share one thread.
Other threads hand it work through a queue and wake it with ``PostThreadMessageW``.
``MOD_NOREPEAT`` keeps a held hotkey from firing again and again.
"""

from __future__ import annotations

import concurrent.futures
import ctypes
import logging
import queue
import threading
from collections.abc import Callable, Collection
from typing import Any

from assistant.hotkeys import (
    Hotkey,
    HotkeyCallback,
    HotkeyError,
    HotkeyHandle,
    Modifier,
    parse_hotkey,
)
from assistant.platform_bindings import windows as w
from assistant.platform_bindings.windows import (
    ERROR_HOTKEY_ALREADY_REGISTERED,
    PM_NOREMOVE,
    WM_APP,
    WM_HOTKEY,
    WM_QUIT,
)

logger = logging.getLogger(__name__)

MOD_ALT, MOD_CONTROL, MOD_SHIFT, MOD_WIN, MOD_NOREPEAT = 0x1, 0x2, 0x4, 0x8, 0x4000
REQUEST_TIMEOUT_S = 5.0

MODIFIER_FLAGS = {Modifier.ALT: MOD_ALT, Modifier.CTRL: MOD_CONTROL, Modifier.SHIFT: MOD_SHIFT,
                  Modifier.SUPER: MOD_WIN}
VIRTUAL_KEYS = {
    "space": 0x20, "enter": 0x0D, "esc": 0x1B, "tab": 0x09, "backspace": 0x08,
    "delete": 0x2E, "insert": 0x2D, "home": 0x24, "end": 0x23, "page_up": 0x21,
    "page_down": 0x22, "left": 0x25, "up": 0x26, "right": 0x27, "down": 0x28,
    "pause": 0x13, "print_screen": 0x2C, "menu": 0x5D,
}


def virtual_key(key: str, vk_key_scan: Callable[[int], int] | None = None) -> int:
    if key in VIRTUAL_KEYS:
        return VIRTUAL_KEYS[key]
    if key.startswith("f") and key[1:].isdigit():
        return 0x70 + int(key[1:]) - 1  # VK_F1 …
    if key.isascii() and key.isalnum():
        return ord(key.upper())  # VK_A … VK_Z, VK_0 … VK_9 equal the upper-case ASCII codes
    if vk_key_scan is not None:
        code = vk_key_scan(ord(key))
        if code != -1 and code & 0xFF != 0xFF:
            return code & 0xFF
    raise HotkeyError(f"no Windows virtual key for {key!r}")


def modifier_flags(hotkey: Hotkey) -> int:
    flags = MOD_NOREPEAT
    for modifier in hotkey.modifiers:
        flags |= MODIFIER_FLAGS[modifier]
    return flags


MAX_APP_HOTKEY_ID = 0xBFFF  # RegisterHotKey: an application's ids are 0x0000–0xBFFF


def free_hotkey_id(used: Collection[int]) -> int:
    """The lowest id in 1..0xBFFF not in ``used`` (a mask of a growing counter would wrap onto
    ids still registered: 0xC001 & 0xBFFF == 1)."""
    for candidate in range(1, MAX_APP_HOTKEY_ID + 1):
        if candidate not in used:
            return candidate
    raise HotkeyError("no free hotkey id left")


class RegisterHotKeyService:
    name = "windows-registerhotkey"
    _win: Any
    _thread_id: int
    _thread: threading.Thread
    _closing: bool
    _ready: threading.Event
    _callbacks: dict[int, tuple[HotkeyHandle, HotkeyCallback]]
    _requests: queue.Queue[tuple[Callable[[], Any], concurrent.futures.Future[Any]]]

    def __init__(self, bindings: Any = None) -> None:
        if bindings is None:
            try:
                bindings = w.load()
            except OSError as exc:
                raise HotkeyError(f"RegisterHotKey: {exc}") from exc
        self._win = bindings
        self._user32 = bindings.user32
        self._callbacks: dict[int, tuple[HotkeyHandle, HotkeyCallback]] = {}
        self._requests: queue.Queue[tuple[Callable[[], Any], concurrent.futures.Future[Any]]] = queue.Queue()
        self._thread_id = 0
        self._ready = threading.Event()
        self._closing = False
        self._thread = threading.Thread(target=self._run, name="windows-hotkeys", daemon=True)
        self._thread.start()
        if not self._ready.wait(REQUEST_TIMEOUT_S):
            raise HotkeyError("the hotkey thread did not start")

    def register(self, spec: str, callback: HotkeyCallback) -> HotkeyHandle:
        hotkey = parse_hotkey(spec)
        return self._ask(lambda: self._register(hotkey, callback))

    def unregister(self, handle: HotkeyHandle) -> None:
        self._ask(lambda: self._unregister(handle))

    def close(self) -> None:
        if self._closing:
            return
        self._closing = True
        self._user32.PostThreadMessageW(self._thread_id, WM_QUIT, 0, 0)
        self._thread.join(REQUEST_TIMEOUT_S)

    def _ask(self, job: Callable[[], Any]) -> Any:
        if self._closing:
            raise HotkeyError("the hotkey service is closed")
        future: concurrent.futures.Future[Any] = concurrent.futures.Future()
        self._requests.put((job, future))
        self._user32.PostThreadMessageW(self._thread_id, WM_APP, 0, 0)
        try:
            return future.result(REQUEST_TIMEOUT_S)
        except concurrent.futures.TimeoutError:
            raise HotkeyError("the hotkey thread did not answer") from None

    def _run(self) -> None:
        msg = w.MSG()
        # Any message call creates this thread's queue before others post to it.
        self._user32.PeekMessageW(ctypes.byref(msg), None, WM_APP, WM_APP, PM_NOREMOVE)
        self._thread_id = self._win.kernel32.GetCurrentThreadId()
        self._ready.set()
        while self._user32.GetMessageW(ctypes.byref(msg), None, 0, 0) > 0:
            if msg.message == WM_HOTKEY:
                entry = self._callbacks.get(int(msg.wParam))
                if entry is not None:
                    try:
                        entry[1]()
                    except Exception:
                        logger.exception("hotkey callback failed")
            elif msg.message == WM_APP:
                self._serve_requests()
        for hotkey_id in list(self._callbacks):
            self._user32.UnregisterHotKey(None, hotkey_id)

    def _serve_requests(self) -> None:
        while True:
            try:
                job, future = self._requests.get_nowait()
            except queue.Empty:
                return
            try:
                future.set_result(job())
            except Exception as exc:  # noqa: BLE001  (handed to the caller's thread)
                future.set_exception(exc)

    def _register(self, hotkey: Hotkey, callback: HotkeyCallback) -> HotkeyHandle:
        handle = HotkeyHandle.new(hotkey)
        hotkey_id = free_hotkey_id(self._callbacks)
        vk = virtual_key(hotkey.key, lambda c: int(self._user32.VkKeyScanW(c)))
        if not self._user32.RegisterHotKey(None, hotkey_id, modifier_flags(hotkey), vk):
            error = self._win.get_last_error()
            if error == ERROR_HOTKEY_ALREADY_REGISTERED:
                raise HotkeyError(f"{hotkey.label()} is already taken by another program")
            raise HotkeyError(f"RegisterHotKey failed for {hotkey.label()} (error {error})")
        self._callbacks[hotkey_id] = (handle, callback)
        return handle

    def _unregister(self, handle: HotkeyHandle) -> None:
        for hotkey_id, (known, _) in list(self._callbacks.items()):
            if known.id == handle.id:
                self._user32.UnregisterHotKey(None, hotkey_id)
                del self._callbacks[hotkey_id]

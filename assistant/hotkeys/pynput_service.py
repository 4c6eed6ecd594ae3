"""Global hotkeys through pynput's ``GlobalHotKeys`` (macOS, and X11 without python-xlib).

pynput listens to every key to recognise the combinations; nothing of what it hears is
kept here. ``GlobalHotKeys`` takes its whole table at construction, so each change of the
table restarts the listener. On macOS the app needs the Input Monitoring permission.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from assistant.hotkeys import HotkeyCallback, HotkeyError, HotkeyHandle, parse_hotkey

logger = logging.getLogger(__name__)


class PynputHotkeyService:
    def __init__(self, name: str = "pynput") -> None:
        self.name = name
        try:
            from pynput import keyboard
        except Exception as exc:  # noqa: BLE001  (pynput raises assorted errors without a backend)
            raise HotkeyError(f"pynput cannot listen here: {exc}") from None
        self._keyboard = keyboard
        self._lock = threading.Lock()
        self._table: dict[int, tuple[HotkeyHandle, HotkeyCallback]] = {}
        self._listener: Any = None

    def register(self, spec: str, callback: HotkeyCallback) -> HotkeyHandle:
        hotkey = parse_hotkey(spec)
        try:
            self._keyboard.HotKey.parse(hotkey.spec)
        except ValueError as exc:
            raise HotkeyError(f"pynput cannot use {hotkey.label()}: {exc}") from None
        with self._lock:
            if any(h.hotkey == hotkey for h, _ in self._table.values()):
                raise HotkeyError(f"{hotkey.label()} is already registered in this app")
            handle = HotkeyHandle.new(hotkey)
            self._table[handle.id] = (handle, callback)
            self._restart()
        return handle

    def unregister(self, handle: HotkeyHandle) -> None:
        with self._lock:
            if self._table.pop(handle.id, None) is not None:
                self._restart()

    def close(self) -> None:
        with self._lock:
            self._table.clear()
            self._restart()

    def _restart(self) -> None:
        if self._listener is not None:
            self._listener.stop()
            self._listener = None
        if not self._table:
            return
        mapping = {handle.hotkey.spec: self._guard(callback) for handle, callback in self._table.values()}
        self._listener = self._keyboard.GlobalHotKeys(mapping)
        self._listener.daemon = True
        self._listener.start()

    @staticmethod
    def _guard(callback: HotkeyCallback) -> HotkeyCallback:
        def run() -> None:
            try:
                callback()
            except Exception:
                logger.exception("hotkey callback failed")
        return run

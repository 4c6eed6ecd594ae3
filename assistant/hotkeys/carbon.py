"""macOS hotkeys through the Carbon Event Manager's ``RegisterEventHotKey``.

Unlike a keyboard event tap (pynput), a registered hot key needs no Input Monitoring
permission, sees no other key, and does not run pynput's listener thread next to Qt's event
loop (pynput issue 511: the ``TSMGetInputSourceProperty`` main-thread assertion kills the app).

One handler for ``kEventClassKeyboard``/``kEventHotKeyPressed`` is installed on the
application event target; each hot key is registered with an ``EventHotKeyID`` (our
signature, the handle's id) that the handler reads back with ``GetEventParameter``. Carbon
delivers the events on the main thread while Qt's Cocoa event loop runs, so callbacks run
there (they only emit a queued signal anyway).

Key codes are the ``kVK_*`` virtual key codes of Events.h: positions on an ANSI keyboard, so
a letter hot key follows the key's place, not its label, on other layouts.
"""

from __future__ import annotations

import ctypes
import logging
from typing import Any

from assistant.capability import Capability
from assistant.hotkeys import HotkeyCallback, HotkeyError, HotkeyHandle, Modifier, parse_hotkey
from assistant.platform_bindings import macos as m

logger = logging.getLogger(__name__)

SIGNATURE = m.four_char_code("SAst")
EVENT_NOT_HANDLED_ERR = -9874

KEY_CODES: dict[str, int] = {
    "a": 0x00, "s": 0x01, "d": 0x02, "f": 0x03, "h": 0x04, "g": 0x05, "z": 0x06, "x": 0x07,
    "c": 0x08, "v": 0x09, "b": 0x0B, "q": 0x0C, "w": 0x0D, "e": 0x0E, "r": 0x0F, "y": 0x10,
    "t": 0x11, "1": 0x12, "2": 0x13, "3": 0x14, "4": 0x15, "6": 0x16, "5": 0x17, "=": 0x18,
    "9": 0x19, "7": 0x1A, "-": 0x1B, "8": 0x1C, "0": 0x1D, "]": 0x1E, "o": 0x1F, "u": 0x20,
    "[": 0x21, "i": 0x22, "p": 0x23, "l": 0x25, "j": 0x26, "'": 0x27, "k": 0x28, ";": 0x29,
    "\\": 0x2A, ",": 0x2B, "/": 0x2C, "n": 0x2D, "m": 0x2E, ".": 0x2F, "`": 0x32,
    "enter": 0x24, "tab": 0x30, "space": 0x31, "backspace": 0x33, "esc": 0x35,
    "f1": 0x7A, "f2": 0x78, "f3": 0x63, "f4": 0x76, "f5": 0x60, "f6": 0x61, "f7": 0x62,
    "f8": 0x64, "f9": 0x65, "f10": 0x6D, "f11": 0x67, "f12": 0x6F, "f13": 0x69, "f14": 0x6B,
    "f15": 0x71, "f16": 0x6A, "f17": 0x40, "f18": 0x4F, "f19": 0x50, "f20": 0x5A,
    "home": 0x73, "page_up": 0x74, "delete": 0x75, "end": 0x77, "page_down": 0x79,
    "left": 0x7B, "right": 0x7C, "down": 0x7D, "up": 0x7E,
}
MODIFIER_BITS = {Modifier.CTRL: m.CONTROL_KEY, Modifier.ALT: m.OPTION_KEY,
                 Modifier.SHIFT: m.SHIFT_KEY, Modifier.SUPER: m.CMD_KEY}


class CarbonHotkeyService:
    name = "macos-carbon"

    def __init__(self, bindings: Any = None) -> None:
        if bindings is None:
            try:
                bindings = m.load()
            except OSError as exc:
                raise HotkeyError(f"Carbon: {exc}") from exc
        self._carbon = bindings.Carbon
        self._target = self._carbon.GetApplicationEventTarget()
        if not self._target:
            raise HotkeyError("Carbon: no application event target")
        self._registered: dict[int, tuple[ctypes.c_void_p, HotkeyCallback]] = {}
        self._upp = m.EventHandlerUPP(self._on_event)  # kept: Carbon calls it for as long as it is installed
        self._spec = m.EventTypeSpec(m.K_EVENT_CLASS_KEYBOARD, m.K_EVENT_HOT_KEY_PRESSED)
        self._handler = ctypes.c_void_p()
        status = self._carbon.InstallEventHandler(self._target, self._upp, 1, ctypes.byref(self._spec),
                                                  None, ctypes.byref(self._handler))
        if status != m.NO_ERR:
            raise HotkeyError(f"Carbon InstallEventHandler failed (OSStatus {status})")
        self.capability = Capability.works("RegisterEventHotKey: no Input Monitoring permission needed")

    def register(self, spec: str, callback: HotkeyCallback) -> HotkeyHandle:
        hotkey = parse_hotkey(spec)
        code = KEY_CODES.get(hotkey.key)
        if code is None:
            raise HotkeyError(f"{hotkey.label()}: the key {hotkey.key} has no macOS key code")
        modifiers = 0
        for modifier in hotkey.modifiers:
            modifiers |= MODIFIER_BITS[modifier]
        handle = HotkeyHandle.new(hotkey)
        ref = ctypes.c_void_p()
        status = self._carbon.RegisterEventHotKey(code, modifiers, m.EventHotKeyID(SIGNATURE, handle.id),
                                                  self._target, 0, ctypes.byref(ref))
        if status == m.EVENT_HOT_KEY_EXISTS_ERR:
            raise HotkeyError(f"{hotkey.label()} is already taken by another application")
        if status != m.NO_ERR or not ref.value:
            raise HotkeyError(f"{hotkey.label()}: RegisterEventHotKey failed (OSStatus {status})")
        self._registered[handle.id] = (ref, callback)
        return handle

    def unregister(self, handle: HotkeyHandle) -> None:
        entry = self._registered.pop(handle.id, None)
        if entry is not None:
            status = self._carbon.UnregisterEventHotKey(entry[0])
            if status != m.NO_ERR:
                logger.info("UnregisterEventHotKey failed (OSStatus %s)", status)

    def close(self) -> None:
        for hotkey_id in list(self._registered):
            ref, _ = self._registered.pop(hotkey_id)
            self._carbon.UnregisterEventHotKey(ref)
        if self._handler.value:
            self._carbon.RemoveEventHandler(self._handler)
            self._handler = ctypes.c_void_p()

    # -- Carbon calls this on the main thread ----------------------------------------------
    def _on_event(self, _call_ref: Any, event: Any, _user_data: Any) -> int:
        pressed = m.EventHotKeyID()
        status = self._carbon.GetEventParameter(event, m.K_EVENT_PARAM_DIRECT_OBJECT,
                                                m.TYPE_EVENT_HOT_KEY_ID, None,
                                                ctypes.sizeof(m.EventHotKeyID), None,
                                                ctypes.byref(pressed))
        if status != m.NO_ERR or pressed.signature != SIGNATURE:
            return EVENT_NOT_HANDLED_ERR  # another handler's hot key: pass it on
        entry = self._registered.get(pressed.id)
        if entry is None:
            return EVENT_NOT_HANDLED_ERR
        try:
            entry[1]()
        except Exception:
            logger.exception("hotkey callback failed")
        return m.NO_ERR

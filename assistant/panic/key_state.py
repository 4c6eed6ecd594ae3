"""Is a key held down right now? For confirming the help hotkey by a hold or a quick double.

One protocol, per-OS probes and a null fallback:

- X11: ``XQueryKeymap`` (python-xlib ``query_keymap``) on a private display connection;
- Windows: ``GetAsyncKeyState``;
- elsewhere (macOS, Wayland): ``NullKeyStateProbe`` — hold confirmation is not available.

A probe reads the state of the one hotkey key it is asked about, only while a confirmation
is under way; it never listens to typing.
"""

from __future__ import annotations

import logging
import os
from typing import Any, Protocol

from assistant.platform_flags import IS_MACOS, IS_WINDOWS, session_type

logger = logging.getLogger(__name__)


class KeyStateError(RuntimeError):
    """The key state cannot be read here; the message says why."""


class KeyStateProbe(Protocol):
    name: str

    def is_down(self, key: str) -> bool:
        """``key`` as in a hotkey spec (``"f9"``, ``"l"``)."""

    def close(self) -> None: ...


class NullKeyStateProbe:
    name = "none"

    def __init__(self, reason: str) -> None:
        self.reason = reason

    def is_down(self, key: str) -> bool:
        raise KeyStateError(self.reason)

    def close(self) -> None:
        pass


class X11KeyStateProbe:
    """``XQueryKeymap``: the bitmap of keys down on the X server's keyboard."""

    name = "x11-querykeymap"

    def __init__(self, display_name: str | None = None) -> None:
        try:
            from Xlib import XK, error
            from Xlib.display import Display
        except ImportError as exc:
            raise KeyStateError(f"python-xlib is not installed ({exc})") from None
        self._XK = XK
        try:
            self._display: Any = Display(display_name)
        except (error.DisplayError, OSError) as exc:
            raise KeyStateError(f"cannot open the X11 display: {exc}") from None
        self._keycodes: dict[str, int] = {}

    def _keycode(self, key: str) -> int:
        if key not in self._keycodes:
            from assistant.hotkeys.x11 import keysym_name

            keysym = self._XK.string_to_keysym(keysym_name(key))
            keycode = int(self._display.keysym_to_keycode(keysym)) if keysym else 0
            if not keycode:
                raise KeyStateError(f"no key on this keyboard produces {key!r}")
            self._keycodes[key] = keycode
        return self._keycodes[key]

    def is_down(self, key: str) -> bool:
        keycode = self._keycode(key)
        keymap = self._display.query_keymap()
        return bool(keymap[keycode // 8] & (1 << (keycode % 8)))

    def close(self) -> None:
        try:
            self._display.close()
        except OSError as exc:
            logger.debug("closing the key-state display: %s", exc)


class WindowsKeyStateProbe:
    """``GetAsyncKeyState``: the high bit says the key is down now."""

    name = "windows-getasynckeystate"

    def __init__(self, bindings: Any = None) -> None:
        from assistant.platform_bindings import windows as w

        if bindings is None:
            try:
                bindings = w.load()
            except OSError as exc:
                raise KeyStateError(f"GetAsyncKeyState: {exc}") from exc
        self._user32: Any = bindings.user32

    def is_down(self, key: str) -> bool:
        from assistant.hotkeys.windows import virtual_key

        vk = virtual_key(key, lambda c: int(self._user32.VkKeyScanW(c)))
        return bool(self._user32.GetAsyncKeyState(vk) & 0x8000)

    def close(self) -> None:
        pass


def create_key_state_probe(kind: str | None = None) -> KeyStateProbe:
    """The key-state probe for this session, or a NullKeyStateProbe naming what is missing."""
    kind = kind or session_type()
    try:
        if IS_WINDOWS or kind == "windows":
            return WindowsKeyStateProbe()
        if kind == "x11" and not IS_MACOS and os.environ.get("DISPLAY"):
            return X11KeyStateProbe()
    except KeyStateError as exc:
        logger.warning("cannot read key states: %s", exc)
        return NullKeyStateProbe(str(exc))
    if kind == "wayland":
        return NullKeyStateProbe("Wayland does not let apps read the keyboard state")
    return NullKeyStateProbe(f"no key-state probe for this platform ({kind})")

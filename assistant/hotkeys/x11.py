"""X11 global hotkeys: ``XGrabKey`` on the root window, through python-xlib.

The X server hands this process only the grabbed key combinations — unlike a keyboard
listener it never sees anything else typed. Every X call happens on one thread, which owns
a private display connection: it waits on the connection and a wake-up pipe, performs
(un)grab requests handed to it, and calls callbacks on KeyPress.

Caps Lock and Num Lock change the modifier state, so each combination is grabbed four
times (with and without each). A hotkey held down auto-repeats: X sends a release and a
press with the same server time for each repeat (or, with detectable auto-repeat, presses
without releases); both are recognised and ignored, so holding the keys fires once.
"""

from __future__ import annotations

import concurrent.futures
import logging
import os
import queue
import select
import threading
from collections.abc import Callable
from typing import Any

from assistant.hotkeys import (
    Hotkey,
    HotkeyCallback,
    HotkeyError,
    HotkeyHandle,
    Modifier,
    parse_hotkey,
)

logger = logging.getLogger(__name__)

REQUEST_TIMEOUT_S = 5.0

KEYSYM_NAMES = {
    "space": "space", "enter": "Return", "esc": "Escape", "tab": "Tab",
    "backspace": "BackSpace", "delete": "Delete", "insert": "Insert", "home": "Home",
    "end": "End", "page_up": "Prior", "page_down": "Next", "up": "Up", "down": "Down",
    "left": "Left", "right": "Right", "pause": "Pause", "print_screen": "Print", "menu": "Menu",
    ",": "comma", ".": "period", "/": "slash", ";": "semicolon", "'": "apostrophe",
    "[": "bracketleft", "]": "bracketright", "-": "minus", "=": "equal", "`": "grave",
    "\\": "backslash",
}


def keysym_name(key: str) -> str:
    if key in KEYSYM_NAMES:
        return KEYSYM_NAMES[key]
    if key.startswith("f") and key[1:].isdigit():
        return key.upper()
    return key


class X11HotkeyService:
    name = "x11-xgrabkey"

    def __init__(self, display_name: str | None = None) -> None:
        try:
            from Xlib import XK, X, error
            from Xlib.display import Display
        except ImportError as exc:
            raise HotkeyError(f"python-xlib is not installed ({exc})") from None
        self._X, self._XK, self._error = X, XK, error
        try:
            self._display = Display(display_name)
        except (error.DisplayError, OSError) as exc:
            raise HotkeyError(f"cannot open the X11 display: {exc}") from None
        self._root = self._display.screen().root
        self._ignored = [0, X.LockMask, X.Mod2Mask, X.LockMask | X.Mod2Mask]
        self._modifier_masks = {Modifier.CTRL: X.ControlMask, Modifier.ALT: X.Mod1Mask,
                                Modifier.SHIFT: X.ShiftMask, Modifier.SUPER: X.Mod4Mask}
        self._relevant = X.ControlMask | X.Mod1Mask | X.ShiftMask | X.Mod4Mask
        # (keycode, modifier mask) → (handle, callback); only the X thread touches it.
        self._grabs: dict[tuple[int, int], tuple[HotkeyHandle, HotkeyCallback]] = {}
        self._down: set[int] = set()  # keycodes pressed and not yet released
        self._released_at: dict[int, int] = {}  # keycode → X server time of its last release
        self._requests: queue.Queue[tuple[Callable[[], Any], concurrent.futures.Future[Any]]] = queue.Queue()
        self._wake_read, self._wake_write = os.pipe()
        self._closing = False
        self._thread = threading.Thread(target=self._run, name="x11-hotkeys", daemon=True)
        self._thread.start()

    # -- public, any thread -----------------------------------------------------------------
    def register(self, spec: str, callback: HotkeyCallback) -> HotkeyHandle:
        hotkey = parse_hotkey(spec)
        return self._ask(lambda: self._grab(hotkey, callback))

    def unregister(self, handle: HotkeyHandle) -> None:
        self._ask(lambda: self._ungrab(handle))

    def close(self) -> None:
        if self._closing or not self._thread.is_alive():
            return
        self._closing = True
        os.write(self._wake_write, b"q")
        self._thread.join(REQUEST_TIMEOUT_S)

    def _ask(self, job: Callable[[], Any]) -> Any:
        if self._closing or not self._thread.is_alive():
            raise HotkeyError("the X11 hotkey service is closed")
        future: concurrent.futures.Future[Any] = concurrent.futures.Future()
        self._requests.put((job, future))
        os.write(self._wake_write, b"r")
        try:
            return future.result(REQUEST_TIMEOUT_S)
        except concurrent.futures.TimeoutError:
            raise HotkeyError("the X11 hotkey thread did not answer") from None

    # -- the X thread -----------------------------------------------------------------------
    def _run(self) -> None:
        display = self._display
        try:
            while not self._closing:
                while display.pending_events():
                    self._handle(display.next_event())
                readable, _, _ = select.select([display, self._wake_read], [], [])
                if self._wake_read in readable:
                    os.read(self._wake_read, 64)
                    self._serve_requests()
        except Exception:
            logger.exception("the X11 hotkey thread stopped")
        finally:
            self._closing = True
            self._fail_pending()
            try:
                display.close()
            except OSError as exc:
                logger.debug("closing the X11 hotkey display: %s", exc)
            os.close(self._wake_read)
            os.close(self._wake_write)

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

    def _fail_pending(self) -> None:
        while True:
            try:
                _, future = self._requests.get_nowait()
            except queue.Empty:
                return
            future.set_exception(HotkeyError("the X11 hotkey service is closed"))

    def _keycode(self, hotkey: Hotkey) -> int:
        keysym = self._XK.string_to_keysym(keysym_name(hotkey.key))
        if not keysym:
            raise HotkeyError(f"X11 knows no key named {hotkey.key!r}")
        keycode = self._display.keysym_to_keycode(keysym)
        if not keycode:
            raise HotkeyError(f"no key on this keyboard produces {hotkey.key!r}")
        return int(keycode)

    def _mask(self, hotkey: Hotkey) -> int:
        mask = 0
        for modifier in hotkey.modifiers:
            mask |= self._modifier_masks[modifier]
        return mask

    def _grab(self, hotkey: Hotkey, callback: HotkeyCallback,
              handle: HotkeyHandle | None = None) -> HotkeyHandle:
        keycode, mask = self._keycode(hotkey), self._mask(hotkey)
        if (keycode, mask) in self._grabs:
            raise HotkeyError(f"{hotkey.label()} is already registered in this app")
        X = self._X
        catcher = self._error.CatchError(self._error.BadAccess)
        for extra in self._ignored:
            self._root.grab_key(keycode, mask | extra, True, X.GrabModeAsync, X.GrabModeAsync,
                                onerror=catcher)
        self._display.sync()
        if catcher.get_error():
            for extra in self._ignored:
                self._root.ungrab_key(keycode, mask | extra)
            self._display.sync()
            raise HotkeyError(f"{hotkey.label()} is already taken by another program")
        handle = handle or HotkeyHandle.new(hotkey)
        self._grabs[(keycode, mask)] = (handle, callback)
        logger.info("hotkey %s grabbed (keycode %d)", hotkey.spec, keycode)
        return handle

    def _ungrab(self, handle: HotkeyHandle) -> None:
        for (keycode, mask), (known, _) in list(self._grabs.items()):
            if known.id == handle.id:
                for extra in self._ignored:
                    self._root.ungrab_key(keycode, mask | extra)
                self._display.sync()
                del self._grabs[(keycode, mask)]

    def _regrab_all(self) -> None:
        """The keyboard mapping changed: keycodes may have moved."""
        old = list(self._grabs.values())
        for (keycode, mask) in list(self._grabs):
            for extra in self._ignored:
                self._root.ungrab_key(keycode, mask | extra)
        self._grabs.clear()
        for handle, callback in old:
            try:
                self._grab(handle.hotkey, callback, handle)  # the caller's handle stays valid
            except HotkeyError as exc:
                logger.warning("hotkey %s lost after a keyboard change: %s", handle.hotkey.spec, exc)

    def _handle(self, event: Any) -> None:
        X = self._X
        if event.type == X.MappingNotify:
            self._display.refresh_keyboard_mapping(event)
            if event.request == X.MappingKeyboard:
                self._regrab_all()
            return
        keycode = int(event.detail)
        if event.type == X.KeyRelease:
            self._down.discard(keycode)
            self._released_at[keycode] = int(event.time)
            return
        if event.type != X.KeyPress:
            return
        entry = self._grabs.get((keycode, int(event.state) & self._relevant))
        if entry is None:
            return
        repeat = keycode in self._down or self._released_at.get(keycode) == int(event.time)
        self._down.add(keycode)
        if repeat:
            return  # auto-repeat of a held hotkey
        handle, callback = entry
        logger.debug("hotkey %d fired", handle.id)
        try:
            callback()
        except Exception:
            logger.exception("hotkey callback for %s failed", handle.hotkey.spec)


def x11_combination_free(hotkey: Hotkey, display_name: str | None = None) -> bool:
    """Grab ``hotkey`` on the root window for a moment: BadAccess means another X client holds
    it. The grab is released at once (and with the connection, whatever happens)."""
    try:
        from Xlib import XK, X, error
        from Xlib.display import Display
    except ImportError as exc:
        raise HotkeyError(f"python-xlib is not installed ({exc})") from None
    try:
        display = Display(display_name)
    except (error.DisplayError, OSError) as exc:
        raise HotkeyError(f"cannot open the X11 display: {exc}") from None
    try:
        keysym = XK.string_to_keysym(keysym_name(hotkey.key))
        keycode = display.keysym_to_keycode(keysym) if keysym else 0
        if not keycode:
            raise HotkeyError(f"no key on this keyboard produces {hotkey.key!r}")
        masks = {Modifier.CTRL: X.ControlMask, Modifier.ALT: X.Mod1Mask,
                 Modifier.SHIFT: X.ShiftMask, Modifier.SUPER: X.Mod4Mask}
        mask = 0
        for modifier in hotkey.modifiers:
            mask |= masks[modifier]
        root = display.screen().root
        catcher = error.CatchError(error.BadAccess)
        root.grab_key(keycode, mask, True, X.GrabModeAsync, X.GrabModeAsync, onerror=catcher)
        display.sync()
        taken = bool(catcher.get_error())
        if not taken:
            root.ungrab_key(keycode, mask)
            display.sync()
        return not taken
    finally:
        display.close()

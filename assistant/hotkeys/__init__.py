"""System-wide hotkeys: one protocol, per-OS services, a factory and a null fallback.

Specs are written the pynput way, e.g. ``"<ctrl>+<alt>+l"`` or
``"<ctrl>+<alt>+<shift>+<f9>"``. ``create_hotkey_service()`` picks:

- X11: ``XGrabKey`` on the root window through python-xlib (``x11.py``) — the key press is
  taken from the focused app, and no other key is ever seen by this process;
- Windows: ``RegisterHotKey`` on a thread with its own message loop (``windows.py``);
- macOS: Carbon ``RegisterEventHotKey`` (``carbon.py``; no Input Monitoring permission, and
  no pynput listener beside Qt, which crashes on macOS: pynput issue 511);
- anything else: pynput ``GlobalHotKeys`` (``pynput_service.py``);
- Wayland: apps cannot grab keys there; a ``NullHotkeyService`` says so (bind a desktop
  shortcut instead).

Callbacks run on the service's own thread, never the GUI thread: hop to the GUI with a
queued signal before touching widgets.
"""

from __future__ import annotations

import enum
import itertools
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from assistant.capability import Capability
from assistant.platform_flags import IS_MACOS, IS_WINDOWS, session_type

logger = logging.getLogger(__name__)


class HotkeyError(RuntimeError):
    """A hotkey could not be registered; the message says why (taken, no service, bad spec)."""


class HotkeySpecError(HotkeyError, ValueError):
    """The hotkey text cannot be understood."""


class Modifier(enum.Enum):
    CTRL = "ctrl"
    ALT = "alt"
    SHIFT = "shift"
    SUPER = "cmd"  # pynput's name; Windows key, Command key, Super key


MODIFIER_NAMES: dict[str, Modifier] = {
    "ctrl": Modifier.CTRL, "ctrl_l": Modifier.CTRL, "ctrl_r": Modifier.CTRL,
    "alt": Modifier.ALT, "alt_l": Modifier.ALT, "alt_r": Modifier.ALT,
    "shift": Modifier.SHIFT, "shift_l": Modifier.SHIFT, "shift_r": Modifier.SHIFT,
    "cmd": Modifier.SUPER, "cmd_l": Modifier.SUPER, "cmd_r": Modifier.SUPER,
    "super": Modifier.SUPER, "win": Modifier.SUPER,
}
MODIFIER_ORDER = (Modifier.CTRL, Modifier.ALT, Modifier.SHIFT, Modifier.SUPER)
MODIFIER_LABELS = {Modifier.CTRL: "Ctrl", Modifier.ALT: "Alt", Modifier.SHIFT: "Shift",
                   Modifier.SUPER: "Super"}

SPECIAL_KEYS = frozenset(
    {f"f{n}" for n in range(1, 25)}
    | {"space", "enter", "esc", "tab", "backspace", "delete", "insert", "home", "end",
       "page_up", "page_down", "up", "down", "left", "right", "pause", "print_screen", "menu"}
)
SPECIAL_LABELS = {"page_up": "PgUp", "page_down": "PgDown", "print_screen": "Print",
                  "esc": "Esc", "backspace": "Backspace"}
PUNCTUATION = frozenset(",./;'[]-=`\\")


@dataclass(frozen=True)
class Hotkey:
    modifiers: frozenset[Modifier]
    key: str  # one lower-case character, or a name from SPECIAL_KEYS

    @property
    def spec(self) -> str:
        """Canonical pynput-style text."""
        parts = [f"<{m.value}>" for m in MODIFIER_ORDER if m in self.modifiers]
        parts.append(f"<{self.key}>" if self.key in SPECIAL_KEYS else self.key)
        return "+".join(parts)

    def label(self) -> str:
        """What a user reads: ``Ctrl+Alt+L``."""
        parts = [MODIFIER_LABELS[m] for m in MODIFIER_ORDER if m in self.modifiers]
        if self.key in SPECIAL_LABELS:
            parts.append(SPECIAL_LABELS[self.key])
        elif self.key in SPECIAL_KEYS and not _is_function_key(self.key):
            parts.append(self.key.replace("_", " ").title())
        else:
            parts.append(self.key.upper())
        return "+".join(parts)


def _is_function_key(key: str) -> bool:
    return key.startswith("f") and key[1:].isdigit()


def parse_hotkey(text: str) -> Hotkey:
    """Parse ``"<ctrl>+<alt>+l"``; raise ``HotkeySpecError`` with a clear reason."""
    tokens = [t.strip().lower() for t in text.strip().split("+")]
    if not text.strip() or any(not t for t in tokens):
        raise HotkeySpecError(f"{text!r} is not a hotkey (write e.g. <ctrl>+<alt>+l)")
    modifiers: set[Modifier] = set()
    key: str | None = None
    for token in tokens:
        if token.startswith("<") and token.endswith(">") and len(token) > 2:
            name = token[1:-1]
            if name in MODIFIER_NAMES:
                modifiers.add(MODIFIER_NAMES[name])
                continue
            if name not in SPECIAL_KEYS:
                raise HotkeySpecError(f"unknown key <{name}> in {text!r}")
        elif len(token) == 1 and (token.isalnum() or token in PUNCTUATION):
            name = token
        else:
            raise HotkeySpecError(f"unknown key {token!r} in {text!r} (names go in <>, e.g. <f9>)")
        if key is not None:
            raise HotkeySpecError(f"{text!r} has two keys ({key} and {name}); use one key with modifiers")
        key = name
    if key is None:
        raise HotkeySpecError(f"{text!r} has modifiers but no key")
    if not modifiers and not _is_function_key(key):
        raise HotkeySpecError(f"{text!r} needs a modifier (Ctrl, Alt, Shift or Super), "
                              "or it would swallow a key people type")
    return Hotkey(frozenset(modifiers), key)


_ids = itertools.count(1)


@dataclass(frozen=True)
class HotkeyHandle:
    id: int
    hotkey: Hotkey

    @classmethod
    def new(cls, hotkey: Hotkey) -> HotkeyHandle:
        return cls(next(_ids), hotkey)


HotkeyCallback = Callable[[], None]


class HotkeyService(Protocol):
    name: str

    def register(self, spec: str, callback: HotkeyCallback) -> HotkeyHandle:
        """Call ``callback`` (on a non-GUI thread) whenever the hotkey is pressed."""

    def unregister(self, handle: HotkeyHandle) -> None: ...

    def close(self) -> None: ...


class NullHotkeyService:
    """No global hotkeys here; every ``register`` says why."""

    name = "none"

    def __init__(self, reason: str) -> None:
        self.reason = reason
        self.capability = Capability.missing(reason)

    def register(self, spec: str, callback: HotkeyCallback) -> HotkeyHandle:
        parse_hotkey(spec)
        raise HotkeyError(self.reason)

    def unregister(self, handle: HotkeyHandle) -> None:
        pass

    def close(self) -> None:
        pass


def create_hotkey_service(kind: str | None = None) -> HotkeyService:
    """The best hotkey service for this session (a NullHotkeyService naming what is missing)."""
    kind = kind or session_type()
    reasons: list[str] = []
    if IS_WINDOWS or kind == "windows":
        try:
            from assistant.hotkeys.windows import RegisterHotKeyService

            return RegisterHotKeyService()
        except (HotkeyError, OSError) as exc:
            reasons.append(f"RegisterHotKey: {exc}")
    elif IS_MACOS or kind == "macos":
        try:
            from assistant.hotkeys.carbon import CarbonHotkeyService

            return CarbonHotkeyService()
        except HotkeyError as exc:
            # Never pynput here: its listener next to Qt's event loop is the known crash.
            logger.warning("no global hotkeys: %s", exc)
            return NullHotkeyService(str(exc))
    elif kind == "wayland":
        return NullHotkeyService(
            "Wayland does not let apps take global hotkeys; bind a shortcut in the desktop's "
            "keyboard settings instead")
    elif kind == "x11" and not IS_MACOS and os.environ.get("DISPLAY"):
        try:
            from assistant.hotkeys.x11 import X11HotkeyService

            return X11HotkeyService()
        except (HotkeyError, ImportError, OSError) as exc:
            reasons.append(f"X11: {exc}")
    try:
        from assistant.hotkeys.pynput_service import PynputHotkeyService

        return PynputHotkeyService(name="pynput")
    except HotkeyError as exc:
        reasons.append(f"pynput: {exc}")
    reason = "; ".join(reasons) or "no hotkey service for this platform"
    logger.warning("no global hotkeys: %s", reason)
    return NullHotkeyService(reason)

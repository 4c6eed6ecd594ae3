"""Is a customer identifier left on the clipboard? One click clears it.

The probe takes the clipboard text from a :class:`ClipboardText` provider: the tray app
hands it a Qt adapter (``ui/selfcheck/qt_clipboard.py``); the CLI reads the clipboard with
the platform's own tools (xclip / xsel / wl-paste, PowerShell or the Win32 API, pbpaste).
Only the kinds of identifier found are reported, never the text.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Protocol

from assistant.capability import Capability
from assistant.platform_flags import IS_MACOS, IS_WINDOWS
from assistant.selfcheck.items import Fix, ItemKey, ItemResult, Outcome, Reason
from pii import scan

logger = logging.getLogger(__name__)

MIN_CONFIDENCE = 0.5
TOOL_TIMEOUT_S = 3.0


class ClipboardText(Protocol):
    """Reads and clears the system clipboard."""

    name: str
    capability: Capability  # what it can do here; why not, after a failed call

    def read_text(self) -> str | None:
        """The clipboard's text ('' when it holds none); None when it cannot be read."""
        ...

    def clear(self) -> bool: ...


Runner = Callable[..., "subprocess.CompletedProcess[bytes]"]


class CommandClipboard:
    """The clipboard through command-line tools (xclip, xsel, wl-paste, pbpaste)."""

    capability = Capability.works()  # until a call finds something missing

    def __init__(self, name: str, read: list[str], clear: list[str],
                 empty_read_codes: Iterable[int] = (), run: Runner = subprocess.run) -> None:
        self.name = name
        self._read = read
        self._clear = clear
        self._empty_codes = frozenset(empty_read_codes)
        self._run = run

    def read_text(self) -> str | None:
        try:
            result = self._run(self._read, capture_output=True, timeout=TOOL_TIMEOUT_S)
        except (OSError, subprocess.SubprocessError) as exc:
            logger.info("clipboard: %s failed: %s", self._read[0], type(exc).__name__)
            return None
        if result.returncode == 0:
            return result.stdout.decode("utf-8", errors="replace")
        if result.returncode in self._empty_codes:
            return ""  # xclip/wl-paste exit 1 when nothing (no text) is on the clipboard
        logger.info("clipboard: %s exited %d", self._read[0], result.returncode)
        return None

    def clear(self) -> bool:
        try:
            # No pipes on stdout/stderr: xclip forks a child that keeps serving the selection.
            result = self._run(self._clear, input=b"", stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, timeout=TOOL_TIMEOUT_S)
        except (OSError, subprocess.SubprocessError):
            return False
        return result.returncode == 0


class Win32Clipboard:
    """The Windows clipboard through user32 (CF_UNICODETEXT), on the Win32 bindings.

    The text is read as UTF-16 up to its NUL or the end of the block (``GlobalSize``), never
    past it, whatever the application that put it there wrote."""

    name = "win32"
    capability = Capability.works()  # until a call finds something missing

    def __init__(self, bindings: Any = None) -> None:
        self._bindings = bindings

    def _win(self) -> Any:
        from assistant.platform_bindings import windows as w

        if self._bindings is None:
            self._bindings = w.load()
        return self._bindings

    def read_text(self) -> str | None:
        import ctypes

        from assistant.platform_bindings import windows as w

        try:
            win = self._win()
        except OSError as exc:
            self.capability = Capability.missing(f"user32 ({exc})")
            return None
        user32, kernel32 = win.user32, win.kernel32
        if not user32.OpenClipboard(None):
            return None  # another program has it open right now
        try:
            if not user32.IsClipboardFormatAvailable(w.CF_UNICODETEXT):
                return ""
            handle = user32.GetClipboardData(w.CF_UNICODETEXT)
            if not handle:
                return None
            pointer = kernel32.GlobalLock(handle)
            if not pointer:
                return None
            try:
                size = kernel32.GlobalSize(handle)
                raw = ctypes.string_at(pointer, size - size % 2)
            finally:
                kernel32.GlobalUnlock(handle)
        finally:
            user32.CloseClipboard()
        text = raw.decode("utf-16-le", errors="replace")
        return text.split("\0", 1)[0]

    def clear(self) -> bool:
        try:
            user32 = self._win().user32
        except OSError:
            return False
        if not user32.OpenClipboard(None):
            return False
        try:
            return bool(user32.EmptyClipboard())
        finally:
            user32.CloseClipboard()


class NullClipboard:
    """No way to read the clipboard here; says what is missing."""

    def __init__(self, missing: str) -> None:
        self.name = "none"
        self.capability = Capability.missing(missing)

    def read_text(self) -> str | None:
        return None

    def clear(self) -> bool:
        return False


def create_clipboard_text(env: Mapping[str, str] | None = None,
                          which: Callable[[str], str | None] = shutil.which) -> ClipboardText:
    """The command-line clipboard for this platform (the tray app uses Qt's instead)."""
    env = os.environ if env is None else env
    if IS_WINDOWS:
        return Win32Clipboard()
    if IS_MACOS:
        if which("pbpaste") and which("pbcopy"):
            return CommandClipboard("pbpaste", ["pbpaste"], ["pbcopy"])
        return NullClipboard("pbpaste")
    if env.get("WAYLAND_DISPLAY") and which("wl-paste") and which("wl-copy"):
        return CommandClipboard("wl-paste", ["wl-paste", "--no-newline"], ["wl-copy", "--clear"],
                                empty_read_codes=(1,))
    if env.get("DISPLAY"):
        if which("xclip"):
            return CommandClipboard("xclip", ["xclip", "-o", "-selection", "clipboard"],
                                    ["xclip", "-i", "-selection", "clipboard"],
                                    empty_read_codes=(1,))
        if which("xsel"):
            return CommandClipboard("xsel", ["xsel", "--clipboard", "--output"],
                                    ["xsel", "--clipboard", "--clear"], empty_read_codes=(1,))
        return NullClipboard("xclip or xsel")
    return NullClipboard("a graphical session (DISPLAY or WAYLAND_DISPLAY)")


class ClipboardProbe:
    """Fails when the clipboard holds an identifier of one of ``kinds``."""

    key = ItemKey.CLIPBOARD

    def __init__(self, clipboard: ClipboardText, kinds: Iterable[str] | None = None) -> None:
        self.clipboard = clipboard
        self.kinds = frozenset(kinds) if kinds is not None else None
        # Qt's clipboard may only be read on the GUI thread; the dialog runs this probe there.
        self.needs_gui_thread = bool(getattr(clipboard, "needs_gui_thread", False))

    def check(self) -> ItemResult:
        name = self.key.value
        text = self.clipboard.read_text()
        if text is None:
            missing = self.clipboard.capability.reason or self.clipboard.name
            return ItemResult(name, Outcome.UNKNOWN, Reason.CLIPBOARD_UNREADABLE,
                              f"the clipboard cannot be read here (needs {missing})")
        findings = [f for f in scan(text, min_confidence=MIN_CONFIDENCE)
                    if self.kinds is None or f.kind.value in self.kinds]
        if not findings:
            return ItemResult(name, Outcome.PASSED, Reason.CLIPBOARD_CLEAN,
                              "no customer identifier on the clipboard")
        kinds = tuple(dict.fromkeys(f.kind.value for f in findings))
        return ItemResult(name, Outcome.FAILED, Reason.CLIPBOARD_HAS_IDENTIFIER,
                          f"the clipboard holds a customer identifier ({', '.join(kinds)})",
                          subjects=kinds, fix=Fix.CLEAR_CLIPBOARD)

    def fix(self) -> bool:
        cleared = self.clipboard.clear()
        logger.info("clipboard cleared" if cleared else "clipboard could not be cleared")
        return cleared

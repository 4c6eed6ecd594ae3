"""Are windows of customer-data applications still open? ("长时间离开时,应关闭所有应用程序,
特别是含有客户信息的系统或文档")

The policy names those applications by window-title patterns (``[selfcheck]
customer_app_patterns``). The window list is read once, when the agent asks for the check:
X11 ``_NET_CLIENT_LIST`` + ``_NET_WM_NAME`` through python-xlib, Windows ``EnumWindows``,
macOS System Events through ``osascript``. Closing is polite: the window manager is asked
to close the window (``_NET_CLOSE_WINDOW``, ``WM_CLOSE``), so the application may still ask
to save.

Patterns: plain text matches anywhere in the title or window class, ignoring case;
``*``/``?`` make it a wildcard over the whole title; ``re:`` starts a regular expression.
"""

from __future__ import annotations

import fnmatch
import logging
import os
import re
import shutil
import subprocess
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from assistant.capability import Capability
from assistant.platform_flags import IS_MACOS, IS_WINDOWS
from assistant.selfcheck.items import Fix, ItemKey, ItemResult, Outcome, Reason
from pii import mask_text

logger = logging.getLogger(__name__)

TOOL_TIMEOUT_S = 10.0
TITLE_CHARS = 60


@dataclass(frozen=True)
class WindowInfo:
    window_id: int
    title: str
    app: str = ""  # WM_CLASS, window class or process name


class WindowLister(Protocol):
    name: str
    capability: Capability  # what it can do here; why not, after a failed call

    def windows(self) -> list[WindowInfo] | None:
        """Top-level windows of the session; None when this machine cannot tell."""
        ...


class WindowCloser(Protocol):
    name: str

    def close(self, window: WindowInfo) -> bool:
        """Ask the window to close (the application may still ask to save)."""
        ...


# -- X11 ------------------------------------------------------------------------------------
class X11Windows:
    """EWMH client list through python-xlib; closes with ``_NET_CLOSE_WINDOW``."""

    name = "x11"

    def __init__(self, display_name: str | None = None, own_pid: int | None = None) -> None:
        self.display_name = display_name
        self.own_pid = os.getpid() if own_pid is None else own_pid
        self.capability = Capability.works()

    def _open(self) -> Any:
        from Xlib import display

        return display.Display(self.display_name)

    def windows(self) -> list[WindowInfo] | None:
        try:
            from Xlib import Xatom, error
        except ImportError:
            self.capability = Capability.missing("python-xlib")
            return None
        try:
            disp = self._open()
        except Exception as exc:  # noqa: BLE001  (DisplayError, DisplayNameError, OSError …)
            self.capability = Capability.missing(f"an X display ({type(exc).__name__})")
            return None
        try:
            root = disp.screen().root
            client_list = root.get_full_property(disp.intern_atom("_NET_CLIENT_LIST"), Xatom.WINDOW)
            if client_list is None:
                self.capability = Capability.missing("a window manager with _NET_CLIENT_LIST")
                return None
            net_name = disp.intern_atom("_NET_WM_NAME")
            utf8 = disp.intern_atom("UTF8_STRING")
            net_pid = disp.intern_atom("_NET_WM_PID")
            found = []
            for wid in client_list.value:
                window = disp.create_resource_object("window", int(wid))
                try:
                    pid = window.get_full_property(net_pid, Xatom.CARDINAL)
                    if pid is not None and pid.value and int(pid.value[0]) == self.own_pid:
                        continue
                    prop = window.get_full_property(net_name, utf8)
                    if prop is not None and prop.value:
                        value = prop.value
                        title = value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
                    else:
                        legacy = window.get_wm_name()
                        title = legacy.decode("latin-1") if isinstance(legacy, bytes) else (legacy or "")
                    wm_class = window.get_wm_class()
                    app = wm_class[1] if wm_class else ""
                except error.XError:
                    continue  # the window went away while we looked
                found.append(WindowInfo(int(wid), title, app))
            return found
        finally:
            disp.close()

    def close(self, window: WindowInfo) -> bool:
        try:
            from Xlib import X, error
            from Xlib.protocol import event
        except ImportError:
            return False
        try:
            disp = self._open()
        except Exception:  # noqa: BLE001  (no display: nothing to close)
            return False
        try:
            root = disp.screen().root
            target = disp.create_resource_object("window", window.window_id)
            close_atom = disp.intern_atom("_NET_CLOSE_WINDOW")
            supported = root.get_full_property(disp.intern_atom("_NET_SUPPORTED"), X.AnyPropertyType)
            if supported is not None and close_atom in supported.value:
                message = event.ClientMessage(window=target, client_type=close_atom,
                                              data=(32, [X.CurrentTime, 2, 0, 0, 0]))
                root.send_event(message, event_mask=X.SubstructureRedirectMask | X.SubstructureNotifyMask)
            else:  # no EWMH window manager: WM_DELETE_WINDOW straight to the client
                protocols = disp.intern_atom("WM_PROTOCOLS")
                delete = disp.intern_atom("WM_DELETE_WINDOW")
                message = event.ClientMessage(window=target, client_type=protocols,
                                              data=(32, [delete, X.CurrentTime, 0, 0, 0]))
                target.send_event(message)
            disp.sync()
            return True
        except error.XError as exc:
            logger.info("closing window 0x%x failed: %s", window.window_id, type(exc).__name__)
            return False
        finally:
            disp.close()


# -- Windows --------------------------------------------------------------------------------
class Win32Windows:
    """Visible, not cloaked top-level windows through ``EnumWindows``; closes with ``WM_CLOSE``.

    Windows 10/11 keep suspended UWP windows and windows on other virtual desktops "visible"
    but cloaked (``DwmGetWindowAttribute(DWMWA_CLOAKED)`` non-zero): those are not counted."""

    name = "win32"
    capability = Capability.works()  # until a call finds something missing

    def __init__(self, bindings: Any = None) -> None:
        self._bindings = bindings

    def _win(self) -> Any:
        from assistant.platform_bindings import windows as w

        return self._bindings if self._bindings is not None else w.load()

    def windows(self) -> list[WindowInfo] | None:
        import ctypes

        from assistant.platform_bindings import windows as w

        try:
            win = self._win()
        except OSError as exc:
            self.capability = Capability.missing(f"user32 ({exc})")
            return None
        user32 = win.user32
        own_pid = os.getpid()
        found: list[WindowInfo] = []

        def visit(hwnd: int, _lparam: int) -> bool:
            if not user32.IsWindowVisible(hwnd) or _cloaked(win, hwnd):
                return True
            pid = w.DWORD()
            user32.GetWindowThreadProcessId(hwnd, ctypes.byref(pid))
            if pid.value == own_pid:
                return True
            length = user32.GetWindowTextLengthW(hwnd)
            if length <= 0:
                return True
            title = ctypes.create_unicode_buffer(length + 1)
            user32.GetWindowTextW(hwnd, title, length + 1)
            cls = ctypes.create_unicode_buffer(256)
            user32.GetClassNameW(hwnd, cls, 256)
            found.append(WindowInfo(int(hwnd), title.value, cls.value))
            return True

        callback = w.WNDENUMPROC(visit)  # kept referenced until EnumWindows returns
        if not user32.EnumWindows(callback, 0):
            self.capability = Capability.missing(f"EnumWindows (error {win.get_last_error()})")
            return None
        return found

    def close(self, window: WindowInfo) -> bool:
        from assistant.platform_bindings import windows as w

        try:
            win = self._win()
        except OSError:
            return False
        return bool(win.user32.PostMessageW(window.window_id, w.WM_CLOSE, 0, 0))


def _cloaked(win: Any, hwnd: int) -> bool:
    import ctypes

    from assistant.platform_bindings import windows as w

    value = w.DWORD(0)
    result = win.dwmapi.DwmGetWindowAttribute(hwnd, w.DWMWA_CLOAKED, ctypes.byref(value),
                                              ctypes.sizeof(value))
    return result == 0 and value.value != 0


# -- macOS ----------------------------------------------------------------------------------
_OSASCRIPT_WINDOWS = """
set out to ""
tell application "System Events"
    repeat with p in (every process whose background only is false)
        set pname to name of p
        try
            repeat with w in (every window of p)
                set out to out & pname & tab & (name of w) & linefeed
            end repeat
        end try
    end repeat
end tell
return out
"""

Runner = Callable[..., "subprocess.CompletedProcess[bytes]"]


class OsascriptWindows:
    """Window titles per application through System Events (needs the Accessibility
    permission). Closing is left to the agent."""

    name = "osascript"

    def __init__(self, run: Runner = subprocess.run) -> None:
        self._run = run
        self.capability = Capability.works()

    def windows(self) -> list[WindowInfo] | None:
        try:
            result = self._run(["osascript", "-e", _OSASCRIPT_WINDOWS], capture_output=True,
                               timeout=TOOL_TIMEOUT_S)
        except (OSError, subprocess.SubprocessError):
            self.capability = Capability.missing("osascript")
            return None
        if result.returncode != 0:
            self.capability = Capability.permission("Accessibility", "the Accessibility permission for System Events")
            return None
        found = []
        for index, line in enumerate(result.stdout.decode(errors="replace").splitlines()):
            app, _, title = line.partition("\t")
            if title:
                found.append(WindowInfo(index, title, app))
        return found

    def close(self, window: WindowInfo) -> bool:
        return False


class NullWindows:
    def __init__(self, missing: str) -> None:
        self.name = "none"
        self.capability = Capability.missing(missing)

    def windows(self) -> list[WindowInfo] | None:
        return None

    def close(self, window: WindowInfo) -> bool:
        return False


def create_window_lister(env: Mapping[str, str] | None = None) -> X11Windows | Win32Windows | OsascriptWindows | NullWindows:
    """The window lister (and closer) for this platform."""
    env = os.environ if env is None else env
    if IS_WINDOWS:
        return Win32Windows()
    if IS_MACOS:
        return OsascriptWindows() if shutil.which("osascript") else NullWindows("osascript")
    if env.get("DISPLAY"):
        return X11Windows(env.get("DISPLAY"))
    if env.get("WAYLAND_DISPLAY"):
        return NullWindows("an X11 session (Wayland does not list other applications' windows)")
    return NullWindows("a graphical session")


# -- matching and the probe -----------------------------------------------------------------
class CustomerAppPatterns:
    """The policy's patterns; ``matching(window)`` says which one a window matches."""

    def __init__(self, patterns: Iterable[str]) -> None:
        self._rules: list[tuple[str, Callable[[str], bool]]] = []
        self.invalid: list[str] = []
        for pattern in patterns:
            if not isinstance(pattern, str) or not pattern.strip():
                continue
            self._rules.append((pattern, self._compile(pattern)))

    def _compile(self, pattern: str) -> Callable[[str], bool]:
        if pattern.startswith("re:"):
            try:
                regex = re.compile(pattern[3:], re.IGNORECASE)
            except re.error:
                self.invalid.append(pattern)
                logger.warning("customer_app_patterns: %r is not a valid regular expression", pattern)
                return lambda _text: False
            return lambda text: regex.search(text) is not None
        folded = pattern.casefold()
        if any(c in pattern for c in "*?["):
            return lambda text: fnmatch.fnmatchcase(text.casefold(), folded)
        return lambda text: folded in text.casefold()

    def __bool__(self) -> bool:
        return bool(self._rules)

    def matching(self, window: WindowInfo) -> str | None:
        for pattern, matches in self._rules:
            if matches(window.title) or (window.app and matches(window.app)):
                return pattern
        return None


def masked_title(title: str) -> str:
    text = mask_text(title)
    return text if len(text) <= TITLE_CHARS else text[: TITLE_CHARS - 1] + "…"


class CustomerAppsProbe:
    key = ItemKey.CUSTOMER_APPS

    def __init__(self, lister: WindowLister, patterns: Iterable[str],
                 closer: WindowCloser | None = None) -> None:
        self.lister = lister
        self.patterns = CustomerAppPatterns(patterns)
        self.closer = closer
        self._open: list[WindowInfo] = []

    def check(self) -> ItemResult:
        name = self.key.value
        if not self.patterns:
            return ItemResult(name, Outcome.UNKNOWN, Reason.NO_CUSTOMER_APP_PATTERNS,
                              "the policy names no customer-data applications")
        windows = self.lister.windows()
        if windows is None:
            missing = self.lister.capability.reason or self.lister.name
            return ItemResult(name, Outcome.UNKNOWN, Reason.WINDOWS_UNKNOWN,
                              f"open windows cannot be listed here (needs {missing})")
        hits = [(w, p) for w in windows if (p := self.patterns.matching(w)) is not None]
        self._open = [w for w, _ in hits]
        if not hits:
            return ItemResult(name, Outcome.PASSED, Reason.NO_CUSTOMER_APPS,
                              "no customer-data application is open")
        patterns = ", ".join(dict.fromkeys(p for _, p in hits))
        fix = Fix.CLOSE_WINDOWS if self.closer is not None and not isinstance(self.closer, NullWindows) \
            and not isinstance(self.closer, OsascriptWindows) else None
        return ItemResult(name, Outcome.FAILED, Reason.CUSTOMER_APPS_OPEN,
                          f"{len(hits)} window(s) of customer-data applications open ({patterns})",
                          tuple(masked_title(w.title) for w, _ in hits), fix)

    def fix(self) -> bool:
        if self.closer is None:
            return False
        results = [self.closer.close(w) for w in self._open]
        return all(results)

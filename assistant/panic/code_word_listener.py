"""Listening for the code word in every application: one protocol, pynput, a null fallback.

pynput's keyboard ``Listener`` hears keys typed into any program (X11 RECORD, a Windows
low-level hook, a macOS event tap that needs the Input Monitoring permission). Each key goes
straight into a :class:`~assistant.panic.code_word.CodeWordMatcher` and is gone: the key
callbacks log nothing, keep nothing but the matcher's short buffer, and on a match only call
``on_match`` (which must not be handed any key either). Wayland lets no app hear keys typed
into other apps; a ``NullCodeWordListener`` says so.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any, Protocol

from assistant.capability import Capability
from assistant.panic.code_word import SHORTCUT_MODIFIERS, CodeWordMatcher, apply_key
from assistant.platform_flags import IS_MACOS, session_type

logger = logging.getLogger(__name__)

START_TIMEOUT_S = 5.0


class CodeWordListenerError(RuntimeError):
    """The listener cannot run here; the message says why, ``capability`` says it as data."""

    def __init__(self, reason: str, capability: Capability | None = None) -> None:
        super().__init__(reason)
        self.capability = capability or Capability.missing(reason)


class CodeWordListener(Protocol):
    name: str

    @property
    def running(self) -> bool: ...

    def start(self) -> None: ...

    def stop(self) -> None: ...


class NullCodeWordListener:
    """No way to hear the code word here; ``reason`` says what is missing."""

    name = "none"

    def __init__(self, reason: str, capability: Capability | None = None) -> None:
        self.reason = reason
        self.capability = capability or Capability.missing(reason)

    @property
    def running(self) -> bool:
        return False

    def start(self) -> None:
        raise CodeWordListenerError(self.reason, self.capability)

    def stop(self) -> None:
        pass


class PynputCodeWordListener:
    """Feeds every key press of the session to a matcher; ``on_match`` on a match.

    ``on_match`` runs on pynput's thread: hand over to another thread (a queued Qt signal)
    and do nothing else there.
    """

    def __init__(self, matcher: CodeWordMatcher, on_match: Callable[[], None],
                 name: str = "pynput") -> None:
        try:
            from pynput import keyboard
        except Exception as exc:  # noqa: BLE001  (pynput raises assorted errors without a backend)
            raise CodeWordListenerError(f"pynput cannot listen here: {exc}") from None
        self.name = name
        self._keyboard = keyboard
        self._matcher = matcher
        self._on_match = on_match
        self._held: set[str] = set()  # names of shortcut modifiers held down, nothing else
        self._listener: Any = None
        self._lock = threading.Lock()
        self.callback_errors = 0  # counted, never logged from the key callbacks

    @property
    def running(self) -> bool:
        listener = self._listener
        return bool(listener is not None and listener.running)

    def start(self) -> None:
        with self._lock:
            if self._listener is not None:
                return
            listener = self._keyboard.Listener(on_press=self._on_press,
                                               on_release=self._on_release)
            listener.daemon = True
            listener.start()
            self._listener = listener
        if not self._wait(listener):
            self.stop()
            raise CodeWordListenerError("the keyboard listener did not start")
        if not listener.running:
            self.stop()
            raise CodeWordListenerError("the keyboard listener stopped at once "
                                        "(no access to the keyboard events?)")

    @staticmethod
    def _wait(listener: Any) -> bool:
        ready = threading.Event()

        def wait() -> None:
            listener.wait()
            ready.set()

        threading.Thread(target=wait, name="code-word-listener-start", daemon=True).start()
        return ready.wait(START_TIMEOUT_S)

    def stop(self) -> None:
        with self._lock:
            listener, self._listener = self._listener, None
        if listener is not None:
            listener.stop()
        self._held.clear()
        self._matcher.reset()

    # -- pynput's thread: no logging, nothing kept -----------------------------------------
    def _on_press(self, key: Any) -> None:
        try:
            char, name = self._describe(key)
            if name in SHORTCUT_MODIFIERS:
                self._held.add(name)
            if apply_key(self._matcher, char, name, bool(self._held)):
                self._on_match()
        except Exception:  # noqa: BLE001  (a log line could carry the key: count it instead)
            self.callback_errors += 1
            self._matcher.reset()

    def _on_release(self, key: Any) -> None:
        try:
            _, name = self._describe(key)
            if name is not None:
                self._held.discard(name)
        except Exception:  # noqa: BLE001
            self.callback_errors += 1

    def _describe(self, key: Any) -> tuple[str | None, str | None]:
        """(character, special key name) of a pynput key; both may be None."""
        if isinstance(key, self._keyboard.Key):
            return None, key.name
        return getattr(key, "char", None), None


def create_code_word_listener(matcher: CodeWordMatcher, on_match: Callable[[], None],
                              kind: str | None = None, macos_bindings: Any = None) -> CodeWordListener:
    """The code-word listener for this session, or a NullCodeWordListener saying why not."""
    kind = kind or session_type()
    if kind == "wayland":
        return NullCodeWordListener(
            "Wayland does not let apps hear keys typed into other apps; use the hotkey, "
            "the menu entry or the help command instead")
    if IS_MACOS or kind == "macos":
        # Without Input Monitoring the event tap hears nothing and says nothing: check first,
        # and ask once (the system prompt), instead of a listener that never fires.
        from assistant.panic.input_monitoring import input_monitoring

        capability = input_monitoring(macos_bindings, request=True)
        if not capability.available:
            logger.warning("no code-word listener: %s", capability.describe())
            return NullCodeWordListener(capability.describe(), capability)
    try:
        return PynputCodeWordListener(matcher, on_match,
                                      name="macos-pynput" if IS_MACOS else "pynput")
    except CodeWordListenerError as exc:
        logger.warning("no code-word listener: %s", exc)
        return NullCodeWordListener(str(exc))

"""Listening for the code word the settings ask for, and why it cannot when it cannot.

Qt-free: ``want(code_word)`` starts (or restarts, or stops with "") the listener; a listener
that cannot run here, or a code word that cannot be matched, leaves ``problem`` (and
``capability``) for the self-test and the settings dialog instead of raising. ``on_match`` is
called on the listener's thread, with nothing. ``on_permission_missing(permission)`` is called
once per watch, the first time a listener cannot run for want of an OS permission (macOS
Input Monitoring), so the tray can say so once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from assistant.capability import Capability
from assistant.panic.code_word import CodeWordError, CodeWordMatcher
from assistant.panic.code_word_listener import (
    CodeWordListener,
    CodeWordListenerError,
    create_code_word_listener,
)

logger = logging.getLogger(__name__)

ListenerFactory = Callable[[CodeWordMatcher, Callable[[], None]], CodeWordListener]


class CodeWordWatch:
    def __init__(self, on_match: Callable[[], None],
                 factory: ListenerFactory | None = None,
                 on_permission_missing: Callable[[str], None] | None = None) -> None:
        self._on_match = on_match
        self._factory: ListenerFactory = factory or create_code_word_listener
        self._on_permission_missing = on_permission_missing
        self._permission_told = False
        self._listener: CodeWordListener | None = None
        self.code_word = ""  # the word asked for, heard or not
        self.problem = ""  # why it is not heard; "" when it is or none is asked for
        self.capability = Capability.works()

    @property
    def listening(self) -> bool:
        return self._listener is not None and self._listener.running

    @property
    def listener_name(self) -> str:
        """The listener's name while it listens, else ``""``."""
        return self._listener.name if self._listener is not None and self.listening else ""

    def want(self, code_word: str) -> None:
        """Listen for ``code_word`` ("" for none); nothing changes when it is the same."""
        if code_word == self.code_word:
            return
        self.stop()
        self.code_word = code_word
        if not code_word:
            return
        try:
            matcher = CodeWordMatcher(code_word)
        except CodeWordError as exc:
            self.problem = str(exc)
            self.capability = Capability.missing(str(exc))
            logger.warning("code word not used: %s", exc)
            return
        listener = self._factory(matcher, self._on_match)
        try:
            listener.start()
        except CodeWordListenerError as exc:
            self.problem = str(exc)
            self.capability = exc.capability
            logger.warning("code word listener unavailable: %s", exc)
            permission = exc.capability.needs_permission
            if permission and not self._permission_told and self._on_permission_missing is not None:
                self._permission_told = True  # once: the self-test and the settings keep saying it
                self._on_permission_missing(permission)
            return
        self._listener = listener
        logger.info("code word listener on (%s)", listener.name)

    def stop(self) -> None:
        listener, self._listener = self._listener, None
        self.code_word = ""
        self.problem = ""
        self.capability = Capability.works()
        if listener is not None:
            listener.stop()

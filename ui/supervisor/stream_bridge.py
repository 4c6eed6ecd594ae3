"""The console stream's callbacks as Qt signals on the GUI thread."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal

from assistant.supervision.stream import ConsoleStream, StreamState, TokenRenewal

logger = logging.getLogger(__name__)


class StreamBridge(QObject):
    message = Signal(object)  # dict from the relay
    state_changed = Signal(str)  # StreamState value

    _from_thread = Signal(str, object)

    def __init__(self, url: Callable[[], str], renew_token: Callable[[], TokenRenewal] | None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._from_thread.connect(self._relay, Qt.ConnectionType.QueuedConnection)
        self._url = url
        self._renew_token = renew_token
        self.stream = self._new_stream()

    def _new_stream(self) -> ConsoleStream:
        return ConsoleStream(
            self._url,
            on_message=lambda message: self._from_thread.emit("message", message),
            on_state=lambda state: self._from_thread.emit("state", state.value),
            renew_token=self._renew_token,
        )

    @property
    def state(self) -> StreamState:
        return self.stream.state

    def start(self) -> None:
        self.stream.start()

    def stop(self, timeout: float = 3.0) -> None:
        self.stream.stop(timeout)

    def restart(self) -> None:
        """A fresh connection (after a new login)."""
        self.stream.stop(1.0)
        self.stream = self._new_stream()
        self.stream.start()

    def _relay(self, what: str, value: Any) -> None:
        if what == "message":
            self.message.emit(value)
        else:
            self.state_changed.emit(value)

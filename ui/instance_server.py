"""The running app's command channel (one instance per user session) on QLocalServer."""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from assistant.platform_flags import IS_WINDOWS

logger = logging.getLogger(__name__)

Handler = Callable[[dict[str, Any]], dict[str, Any]]


class InstanceServer(QObject):
    """Answers one JSON line per connection; handlers are registered by command name."""

    def __init__(self, address: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._address = address
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._on_connection)
        self._handlers: dict[str, Handler] = {"ping": lambda _c: {"ok": True, "pid": os.getpid()}}

    def register(self, command: str, handler: Handler) -> None:
        self._handlers[command] = handler

    def listen(self) -> bool:
        if not IS_WINDOWS and os.path.exists(self._address):
            # Only reached when no live instance answered a ping: a stale socket file.
            QLocalServer.removeServer(self._address)
        ok = self._server.listen(self._address)
        if not ok:
            logger.error("cannot listen on %s: %s", self._address, self._server.errorString())
        return ok

    def close(self) -> None:
        self._server.close()

    def _on_connection(self) -> None:
        while self._server.hasPendingConnections():
            socket = self._server.nextPendingConnection()
            socket.readyRead.connect(lambda s=socket: self._on_ready(s))
            socket.disconnected.connect(socket.deleteLater)

    def _on_ready(self, socket: QLocalSocket) -> None:
        if not socket.canReadLine():
            return
        line = bytes(socket.readLine().data()).decode(errors="replace")
        try:
            command = json.loads(line)
            handler = self._handlers.get(command.get("cmd", ""))
            reply = handler(command) if handler else {"ok": False, "error": "unknown command"}
        except Exception as exc:  # noqa: BLE001  # a bad client must not take the app down
            logger.warning("bad instance command: %s", type(exc).__name__)
            reply = {"ok": False, "error": "bad command"}
        socket.write((json.dumps(reply) + "\n").encode())
        socket.flush()
        socket.disconnectFromServer()

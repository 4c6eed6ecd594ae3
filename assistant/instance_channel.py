"""Talk to the already running tray app of this user session (one instance per session).

The app listens on a local socket (a Unix socket in the runtime dir, a named pipe on
Windows) through Qt's QLocalServer; this side is plain Python so CLI commands such as
``safety-assistant panic`` work without starting Qt. One JSON object per line each way.
"""

from __future__ import annotations

import json
import logging
import socket
import time
from typing import Any

from assistant.platform_flags import IS_WINDOWS

logger = logging.getLogger(__name__)

DEFAULT_TIMEOUT_S = 2.0


def send_command(address: str, command: dict[str, Any],
                 timeout: float = DEFAULT_TIMEOUT_S) -> dict[str, Any] | None:
    """Send ``command`` to the running app; its reply, or None when no app is listening or it
    has not answered within ``timeout`` seconds (for the whole exchange, not for each step)."""
    data = (json.dumps(command) + "\n").encode()
    try:
        if IS_WINDOWS:
            from assistant.instance_pipe_windows import exchange

            reply = exchange(address, data, timeout)
        else:
            reply = _exchange_unix(address, data, timeout)
    except (OSError, ValueError) as exc:
        logger.debug("no answer from the running app on %s: %s", address, exc)
        return None
    try:
        result = json.loads(reply.decode() or "null")
    except ValueError:
        return None
    return result if isinstance(result, dict) else None


def _exchange_unix(address: str, data: bytes, timeout: float) -> bytes:
    deadline = time.monotonic() + timeout

    def left() -> float:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError("the running app did not answer in time")
        return remaining

    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(left())
        sock.connect(address)
        sock.settimeout(left())
        sock.sendall(data)
        reply = b""
        while not reply.endswith(b"\n"):
            sock.settimeout(left())
            chunk = sock.recv(65536)
            if not chunk:
                break
            reply += chunk
        return reply

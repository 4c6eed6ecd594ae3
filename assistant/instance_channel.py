"""Talk to the already running tray app of this user session (one instance per session).

The app listens on a local socket (a Unix socket in the runtime dir, a named pipe on
Windows) through Qt's QLocalServer; this side is plain Python so CLI commands such as
``safety-assistant panic`` work without starting Qt. One JSON object per line each way.
"""

from __future__ import annotations

import json
import logging
import socket
from typing import Any

from assistant.platform_flags import IS_WINDOWS

logger = logging.getLogger(__name__)


def send_command(address: str, command: dict[str, Any], timeout: float = 3.0) -> dict[str, Any] | None:
    """Send ``command`` to the running app; its reply, or None when no app is listening."""
    data = (json.dumps(command) + "\n").encode()
    try:
        if IS_WINDOWS:
            with open(rf"\\.\pipe\{address}", "r+b", buffering=0) as pipe:
                pipe.write(data)
                reply = pipe.readline()
        else:
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
                sock.settimeout(timeout)
                sock.connect(address)
                sock.sendall(data)
                chunks = b""
                while not chunks.endswith(b"\n"):
                    chunk = sock.recv(65536)
                    if not chunk:
                        break
                    chunks += chunk
                reply = chunks
    except (OSError, ValueError):
        return None
    try:
        result = json.loads(reply.decode() or "null")
    except ValueError:
        return None
    return result if isinstance(result, dict) else None

"""A fault-test hook: the relay SIGKILLs itself the instant it has sent a 2xx for events.

Enabled only by ``SAFETY_RELAY_TEST_KILL_AFTER_ACK=1`` in the environment (set by
``tests/relay/test_durable_ack.py``, never by a deployment): it shows that an acknowledged event
is already stored when the acknowledgement leaves, with no chance for the relay to finish
anything afterwards.
"""

from __future__ import annotations

import os
import signal

from starlette.types import ASGIApp, Message, Receive, Scope, Send

ENV_FLAG = "SAFETY_RELAY_TEST_KILL_AFTER_ACK"
EVENTS_PATH = "/api/v1/events"


def enabled() -> bool:
    return os.environ.get(ENV_FLAG) == "1"


class KillAfterAck:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("path") != EVENTS_PATH:
            await self.app(scope, receive, send)
            return
        status = 0

        async def send_then_die(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)
            done = message["type"] == "http.response.body" and not message.get("more_body")
            if done and 200 <= status < 300:
                os.kill(os.getpid(), signal.SIGKILL)

        await self.app(scope, receive, send_then_die)

"""Periodic heartbeat to the relay, ack polling, and the quit notice."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from assistant.alerts.outbox import AlertOutbox
from assistant.alerts.relay_client import AgentUpdates, HeartbeatResult, RelayClient, RelayError
from assistant.alerts.sender import OutboxSender
from protocol.kinds import EventKind

logger = logging.getLogger(__name__)

FAST_POLL_S = 5.0


class PresenceReporter:
    """A daemon thread that sends ``POST /heartbeat`` every ``interval_s``.

    ``on_status`` gets the number of supervisors on duty after each heartbeat, or None when
    the relay could not be reached. With ``on_updates`` set it also polls ``/agent/updates``;
    ``expect_ack()`` polls every few seconds for a while (after a panic or a test alarm).
    """

    def __init__(
        self,
        client_factory: Callable[[], RelayClient],
        state_provider: Callable[[], str],
        version: str,
        interval_s: float = 30.0,
        on_status: Callable[[int | None], None] | None = None,
        *,
        on_updates: Callable[[AgentUpdates], None] | None = None,
        outbox: AlertOutbox | None = None,
        sender: OutboxSender | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._client_factory = client_factory
        self._client: RelayClient | None = None
        self._state_provider = state_provider
        self.version = version
        self.interval_s = interval_s
        self._on_status = on_status
        self._on_updates = on_updates
        self._outbox = outbox
        self._sender = sender
        self._clock = clock
        self._fast_until = 0.0
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self.supervisors_online: int | None = None
        self._protocol_seen: int | None = 0  # 0: no answer yet (None: the relay did not say)

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="presence", daemon=True)
            self._thread.start()

    def stop(self, timeout: float = 5.0) -> bool:
        self._stopping.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            if self._thread.is_alive():
                return False
        self._drop_client()
        return True

    def poke(self) -> None:
        """Send a heartbeat now (e.g. the state changed)."""
        self._wake.set()

    def expect_ack(self, window_s: float = 600.0) -> None:
        """Poll for acknowledgements every few seconds for ``window_s``."""
        self._fast_until = self._clock() + window_s
        self._wake.set()

    def send_stopping(self, flush_timeout_s: float = 2.0) -> bool:
        """Stop heartbeats, queue ``agent.stopping`` and give the sender a moment to deliver it.

        Heartbeats stop first so none can arrive after the notice and mark the agent active.
        """
        self.stop()
        if self._outbox is None:
            logger.warning("no outbox: cannot announce that the agent is stopping")
            return False
        self._outbox.put(EventKind.AGENT_STOPPING, {"reason": "quit"})
        if self._sender is None:
            return False
        return self._sender.flush(flush_timeout_s)

    def tick(self) -> int | None:
        """One heartbeat (and updates poll); returns supervisors on duty or None."""
        try:
            client = self._get_client()
            result = client.heartbeat(str(self._state_provider()), self.version)
            online: int | None = result.supervisors_online
            self._note_protocol(result)
            if self._on_updates is not None:
                self._on_updates(client.updates())
            if self._sender is not None and self._outbox is not None \
                    and self._outbox.pending_count() > 0:
                self._sender.wake()  # the relay answers again: drain the outbox now
        except RelayError as exc:
            logger.info("heartbeat failed: %s", exc)
            self._drop_client()
            online = None
        except Exception:
            logger.exception("heartbeat failed unexpectedly")
            self._drop_client()
            online = None
        changed = online != self.supervisors_online
        self.supervisors_online = online
        if self._on_status is not None:
            try:
                self._on_status(online)
            except Exception:
                logger.exception("on_status callback failed")
        if changed:
            logger.debug("supervisors on duty: %s", online)
        return online

    def _note_protocol(self, result: HeartbeatResult) -> None:
        """Say once in the log when the relay speaks another protocol version."""
        check = result.protocol
        if check.relay != self._protocol_seen:
            self._protocol_seen = check.relay
            if not check.matches:
                logger.warning("%s", check.describe())

    def _next_interval(self) -> float:
        if self._on_updates is not None and self._clock() < self._fast_until:
            return min(self.interval_s, FAST_POLL_S)
        return self.interval_s

    def _run(self) -> None:
        while not self._stopping.is_set():
            self._wake.clear()
            self.tick()
            self._wake.wait(self._next_interval())

    def _get_client(self) -> RelayClient:
        if self._client is None:
            self._client = self._client_factory()
        return self._client

    def _drop_client(self) -> None:
        client, self._client = self._client, None
        if client is not None:
            client.close()

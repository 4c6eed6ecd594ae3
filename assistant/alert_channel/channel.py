"""The agent's side of the alert transport, wired together: outbox, sender, presence.

``send`` always commits to the outbox first, so an event survives a crash and waits there
while the workstation is not enrolled or the relay cannot be reached. The sender and the
heartbeat run only while the workstation is enrolled (relay address and agent id in the
settings, the agent key in the OS keyring).

Callbacks in :class:`ChannelListener` are called from the worker threads.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from assistant.alerts.enrollment import load_secret
from assistant.alerts.outbox import AlertOutbox, OutboxStatus
from assistant.alerts.presence import PresenceReporter
from assistant.alerts.relay_client import AgentUpdates, RelayClient, RelayError, RelayRejected
from assistant.alerts.relay_clock import RELAY_CLOCK, RELAY_WINDOW_S, RelayClock, describe_offset
from assistant.alerts.sender import OutboxSender
from protocol.kinds import ALERT_KINDS, EventKind
from protocol.version import VersionCheck

logger = logging.getLogger(__name__)

#: How long after an alert the channel polls for acknowledgements every few seconds.
ACK_WINDOW_S = 600.0
#: The longest quitting may wait for ``agent.stopping`` to reach the relay.
STOP_BUDGET_S = 2.0
#: How long stopping a worker thread may block the caller (they are daemon threads).
WORKER_JOIN_S = 0.3


class LinkStatus(StrEnum):
    NOT_SET_UP = "not_set_up"  # no relay address / agent id in the settings
    KEY_MISSING = "key_missing"  # the settings name a relay but the keyring has no key
    CONNECTING = "connecting"  # enrolled, no answer from the relay yet
    UNREACHABLE = "unreachable"  # the last heartbeat got no answer
    CLOCK_SKEW = "clock_skew"  # the relay refused the request's time: check the clock
    CONNECTED = "connected"  # the last heartbeat was answered


@dataclass(frozen=True)
class RelayLink:
    """Where this workstation reports to, from the ``[relay]`` settings."""

    url: str = ""
    agent_id: str = ""
    seat: str = ""
    heartbeat_s: float = 30.0

    @property
    def configured(self) -> bool:
        return bool(self.url.strip() and self.agent_id.strip())

    @classmethod
    def from_settings(cls, relay: Any) -> RelayLink:
        return cls(str(relay.url), str(relay.agent_id), str(relay.seat), float(relay.heartbeat_s))


def _ignore(*_args: object) -> None:
    return None


@dataclass
class ChannelListener:
    """What the channel reports. Called from worker threads; keep them quick."""

    on_link: Callable[[LinkStatus, int | None], None] = _ignore
    on_delivered: Callable[[list[str]], None] = _ignore
    on_acknowledged: Callable[[str], None] = _ignore
    on_shown: Callable[[str], None] = _ignore


SecretLoader = Callable[[str], "str | None"]
ClientFactory = Callable[[RelayLink, str], RelayClient]


def default_client(link: RelayLink, secret: str) -> RelayClient:
    return RelayClient(link.url, link.agent_id, secret)


@dataclass
class _Workers:
    link: RelayLink
    secret: str
    sender: OutboxSender
    presence: PresenceReporter


class AlertChannel:
    """Queues events for the relay and keeps the workers that deliver them running."""

    def __init__(
        self,
        outbox: AlertOutbox,
        version: str,
        state: Callable[[], str],
        listener: ChannelListener | None = None,
        *,
        secret_loader: SecretLoader = load_secret,
        client_factory: ClientFactory = default_client,
        ack_window_s: float = ACK_WINDOW_S,
        relay_clock: RelayClock = RELAY_CLOCK,
    ) -> None:
        self.outbox = outbox
        #: the relay's time as learnt by the clients (shared with ``default_client``)
        self.relay_clock = relay_clock
        self.version = version
        self._state = state
        self.listener = listener or ChannelListener()
        self._secret_loader = secret_loader
        self._client_factory = client_factory
        self.ack_window_s = ack_window_s
        self._lock = threading.RLock()
        self._workers: _Workers | None = None
        self._status = LinkStatus.NOT_SET_UP
        self._status_detail = ""
        self._supervisors: int | None = None
        self._watched: set[str] = set()
        self._acknowledged: set[str] = set()
        self._shown: set[str] = set()
        self._baseline_taken = False
        self._generation = 0
        self._fast_until = 0.0
        self._protocol_check: VersionCheck | None = None

    # -- state ---------------------------------------------------------------------------
    @property
    def status(self) -> LinkStatus:
        return self._status

    @property
    def status_detail(self) -> str:
        """Why the channel is not set up (for the self-test and the log)."""
        return self._status_detail

    @property
    def link(self) -> RelayLink | None:
        workers = self._workers
        return workers.link if workers is not None else None

    def enrolled(self) -> bool:
        return self._workers is not None

    def supervisors_online(self) -> int | None:
        """Supervisor consoles on duty at the last answer; None when unknown."""
        if self._workers is None or self._status is not LinkStatus.CONNECTED:
            return None
        return self._supervisors

    def pending(self) -> int:
        return self.outbox.pending_count()

    # -- sending -------------------------------------------------------------------------
    def send(
        self, kind: str, payload: Mapping[str, Any] | None = None, priority: int | None = None
    ) -> str:
        """Commit one event to the outbox (on the caller's thread), wake the sender, return its id."""
        event_id = self.outbox.put(str(kind), payload, priority)
        is_alert = str(kind) in ALERT_KINDS
        with self._lock:
            if is_alert:
                self._watched.add(event_id)
            workers = self._workers
        if workers is not None:
            workers.sender.wake()
            if is_alert:
                self._poll_for_acks(workers)
        else:
            logger.info("%s event %s kept in the outbox: not enrolled with a relay", kind, event_id)
        return event_id

    def _poll_for_acks(self, workers: _Workers) -> None:
        """Start fast ack polling, unless it is already on for most of the window: every
        ``expect_ack`` also polls at once, which a burst of alerts need not repeat."""
        now = time.monotonic()
        with self._lock:
            if now < self._fast_until - self.ack_window_s / 2:
                return
            self._fast_until = now + self.ack_window_s
        workers.presence.expect_ack(self.ack_window_s)

    def expect_ack(self, window_s: float | None = None) -> None:
        """Poll the relay for acknowledgements every few seconds for a while."""
        workers = self._workers
        if workers is not None:
            workers.presence.expect_ack(self.ack_window_s if window_s is None else window_s)

    def poke(self) -> None:
        """Send a heartbeat now (the agent's state changed)."""
        workers = self._workers
        if workers is not None:
            workers.presence.poke()

    # -- workers -------------------------------------------------------------------------
    def configure(self, link: RelayLink) -> LinkStatus:
        """Start (or restart, when ``link`` changed) the workers when enrolled."""
        current = self._workers
        if current is not None and current.link == link:
            return self._status
        if current is not None:
            self._stop_workers(current, WORKER_JOIN_S)
        with self._lock:
            self._workers = None
            self._supervisors = None
        if not link.configured:
            self._set_status(LinkStatus.NOT_SET_UP, "no relay address or agent id in the settings")
            return self._status
        try:
            secret = self._secret_loader(link.agent_id)
        except Exception as exc:  # noqa: BLE001 - keyring backends raise their own errors
            logger.warning("cannot read the agent key from the keyring: %s", exc)
            self._set_status(LinkStatus.KEY_MISSING, f"keyring: {type(exc).__name__}: {exc}")
            return self._status
        if not secret:
            self._set_status(LinkStatus.KEY_MISSING,
                             f"no key for agent {link.agent_id} in the keyring")
            return self._status
        with self._lock:
            self._generation += 1
            generation = self._generation
        sender = OutboxSender(
            self.outbox,
            lambda: self._client_factory(link, secret),
            on_delivered=self.listener.on_delivered,
            on_rejected=lambda ids, why: logger.error("relay refused %d event(s): %s",
                                                      len(ids), why),
        )
        presence = PresenceReporter(
            lambda: self._client_factory(link, secret),
            self._state,
            self.version,
            interval_s=link.heartbeat_s,
            on_status=lambda online: self._on_heartbeat(generation, online),
            on_updates=lambda updates: self._on_updates(generation, updates),
            outbox=self.outbox,
            sender=sender,
        )
        workers = _Workers(link, secret, sender, presence)
        with self._lock:
            self._workers = workers
            self._baseline_taken = False
            self._fast_until = 0.0
        self._set_status(LinkStatus.CONNECTING, "")
        logger.info("reporting to relay %s as agent %s (seat %s); %d event(s) waiting",
                    link.url, link.agent_id, link.seat or "?", self.outbox.pending_count())
        sender.start()
        presence.start()
        if self._watched:
            self._poll_for_acks(workers)
        return self._status

    def shutdown(self, budget_s: float = STOP_BUDGET_S) -> bool:
        """Announce ``agent.stopping`` (within ``budget_s``) and stop the workers.

        Returns True when the relay got the notice. Never blocks much longer than
        ``budget_s``; an undelivered notice is parked so it is not delivered stale later.
        """
        with self._lock:
            workers, self._workers = self._workers, None
            self._generation += 1
        if workers is None:
            return False
        deadline = time.monotonic() + budget_s
        event_id = self.outbox.put(EventKind.AGENT_STOPPING, {"reason": "quit"})
        delivered = workers.sender.flush(max(0.0, budget_s - 2 * WORKER_JOIN_S))
        if self.outbox.status_of(event_id) is OutboxStatus.PENDING:
            self.outbox.mark_rejected([event_id], "not delivered before the app quit")
            delivered = False
        remaining = max(0.05, deadline - time.monotonic())
        self._stop_workers(workers, min(WORKER_JOIN_S, remaining / 2))
        logger.info("stopping notice %s", "delivered" if delivered else "not delivered")
        return delivered

    def _stop_workers(self, workers: _Workers, join_s: float) -> None:
        workers.presence.stop(join_s)
        workers.sender.stop(join_s)

    # -- probing (self-test) -------------------------------------------------------------
    def probe(self, link: RelayLink) -> tuple[LinkStatus, str]:
        """One signed heartbeat to ``link``; (status, what happened)."""
        if not link.configured:
            return LinkStatus.NOT_SET_UP, "not enrolled (safety-assistant enroll URL CODE)"
        try:
            secret = self._secret_loader(link.agent_id)
        except Exception as exc:  # noqa: BLE001 - keyring backends raise their own errors
            return LinkStatus.KEY_MISSING, f"keyring unavailable: {type(exc).__name__}: {exc}"
        if not secret:
            return LinkStatus.KEY_MISSING, (f"agent {link.agent_id} has no key in this keyring; "
                                            "enroll again")
        client = self._client_factory(link, secret)
        try:
            result = client.heartbeat(str(self._state()), self.version)
        except RelayError as exc:
            if isinstance(exc, RelayRejected) and exc.clock_skew:
                return LinkStatus.CLOCK_SKEW, f"{link.url}: {exc} (check the workstation clock)"
            return LinkStatus.UNREACHABLE, f"{link.url}: {exc}"
        finally:
            client.close()
        self._protocol_check = result.protocol
        return LinkStatus.CONNECTED, (f"{link.url} reachable as seat {link.seat or '?'}; "
                                      f"{result.supervisors_online} supervisor(s) on duty")

    def protocol_report(self) -> VersionCheck | None:
        """The relay's protocol version against ours, from the last :meth:`probe` (None
        before a relay answered one)."""
        return self._protocol_check

    def clock_report(self) -> tuple[bool, str] | None:
        """(within the relay's 60 s window, "workstation clock 600 s ahead of the relay"), or
        None before the relay's time was seen. Signing uses the relay's time either way."""
        offset = self.relay_clock.offset_s
        if offset is None:
            return None
        text = f"workstation clock {describe_offset(offset)}"
        if abs(offset) > RELAY_WINDOW_S:
            text += " (requests are signed with the relay's time; set the workstation clock)"
        return abs(offset) <= RELAY_WINDOW_S, text

    # -- worker callbacks ----------------------------------------------------------------
    def _set_status(self, status: LinkStatus, detail: str, supervisors: int | None = None) -> None:
        with self._lock:
            changed = (status, supervisors) != (self._status, self._supervisors)
            self._status, self._status_detail = status, detail
            if status is LinkStatus.CONNECTED:
                self._supervisors = supervisors
        if changed:
            logger.info("relay link %s%s", status.value,
                        f" ({supervisors} supervisor(s) on duty)" if supervisors is not None else "")
            try:
                self.listener.on_link(status, supervisors)
            except Exception:
                logger.exception("on_link listener failed")

    def _current(self, generation: int) -> bool:
        """False for reports of workers that were replaced or stopped."""
        return self._workers is not None and generation == self._generation

    def _on_heartbeat(self, generation: int, supervisors: int | None) -> None:
        if not self._current(generation):
            return
        if supervisors is None and self.relay_clock.skew_refused:
            self._set_status(LinkStatus.CLOCK_SKEW,
                             "the relay refused this workstation's time: check the clock")
        elif supervisors is None:
            self._set_status(LinkStatus.UNREACHABLE, "the relay did not answer")
        else:
            self._set_status(LinkStatus.CONNECTED, "", supervisors)

    def _on_updates(self, generation: int, updates: AgentUpdates) -> None:
        """Tell listeners of acknowledgements and shown marks they have not heard of.

        Marks that already existed at the first poll after starting are not repeated, except
        for alerts sent since this app started.
        """
        if not self._current(generation):
            return
        with self._lock:
            first = not self._baseline_taken
            self._baseline_taken = True
            acked = self._new_marks([m.event_id for m in updates.acknowledged],
                                    self._acknowledged, first)
            shown = self._new_marks([m.event_id for m in updates.shown], self._shown, first)
            for event_id in acked:
                self._watched.discard(event_id)
        self._set_status(LinkStatus.CONNECTED, "", updates.supervisors_online)
        for event_id in shown:
            self._call(self.listener.on_shown, event_id)
        for event_id in acked:
            self._call(self.listener.on_acknowledged, event_id)

    def _new_marks(self, event_ids: list[str], seen: set[str], first: bool) -> list[str]:
        fresh = []
        for event_id in event_ids:
            if event_id in seen:
                continue
            seen.add(event_id)
            if not first or event_id in self._watched:
                fresh.append(event_id)
        return fresh

    @staticmethod
    def _call(callback: Callable[[str], None], event_id: str) -> None:
        try:
            callback(event_id)
        except Exception:
            logger.exception("alert channel listener failed")

"""Background delivery of the outbox to the relay: alerts first, backoff with full jitter."""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable

from assistant.alerts.outbox import AlertOutbox, OutboxEvent
from assistant.alerts.relay_client import RelayClient, RelayError, RelayRejected, RelayUnreachable
from protocol.http import MAX_EVENTS_PER_BATCH
from protocol.kinds import EventPriority

logger = logging.getLogger(__name__)

BASE_DELAY_S = 0.5
MAX_DELAY_S = 60.0
#: the longest wait between tries while an alarm is queued: it must arrive within ~2 s of
#: the relay coming back (a refused connection costs next to nothing)
ALARM_MAX_DELAY_S = 1.0
MAX_BATCH = MAX_EVENTS_PER_BATCH


def backoff_delay(
    failures: int,
    rng: Callable[[], float] = random.random,
    base: float = BASE_DELAY_S,
    cap: float = MAX_DELAY_S,
) -> float:
    """Full-jitter exponential backoff: uniform in [0, min(cap, base * 2**(failures-1))]."""
    if failures <= 0:
        return 0.0
    ceiling = min(cap, base * (2 ** min(failures - 1, 30)))
    return rng() * ceiling


class OutboxSender:
    """A daemon thread that empties an :class:`AlertOutbox` into the relay.

    ``wake()`` after a ``put`` makes it deliver at once. Network trouble and transient refusals
    (5xx, 401/403/409/429) back off — at most ``alarm_max_delay_s`` while an alarm waits;
    an event the relay refuses for good (400/413/422) is marked rejected in the outbox so it
    neither blocks the queue nor disappears.
    """

    def __init__(
        self,
        outbox: AlertOutbox,
        client_factory: Callable[[], RelayClient],
        on_delivered: Callable[[list[str]], None] | None = None,
        *,
        on_rejected: Callable[[list[str], str], None] | None = None,
        batch_size: int = 50,
        idle_poll_s: float = 5.0,
        base_delay_s: float = BASE_DELAY_S,
        max_delay_s: float = MAX_DELAY_S,
        alarm_max_delay_s: float = ALARM_MAX_DELAY_S,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] | None = None,
        rng: Callable[[], float] = random.random,
    ) -> None:
        self.outbox = outbox
        self._client_factory = client_factory
        self._client: RelayClient | None = None
        self._on_delivered = on_delivered
        self._on_rejected = on_rejected
        self.batch_size = max(1, min(MAX_BATCH, batch_size))
        self.idle_poll_s = idle_poll_s
        self.base_delay_s = base_delay_s
        self.max_delay_s = max_delay_s
        self.alarm_max_delay_s = alarm_max_delay_s
        self._clock = clock
        self._sleep = sleep
        self._rng = rng
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._idle = threading.Event()
        self._thread: threading.Thread | None = None
        self.failures = 0
        self.last_error: str | None = None

    # -- control -------------------------------------------------------------------------
    def start(self) -> None:
        if self._thread is not None:
            return
        self._thread = threading.Thread(target=self._run, name="outbox-sender", daemon=True)
        self._thread.start()

    def wake(self) -> None:
        """Deliver now (call right after ``outbox.put``)."""
        self._idle.clear()
        self._wake.set()

    def stop(self, timeout: float = 5.0) -> bool:
        """Stop the thread; True when it ended within ``timeout``."""
        self._stopping.set()
        self._wake.set()
        ended = True
        if self._thread is not None:
            self._thread.join(timeout)
            ended = not self._thread.is_alive()
        if ended:
            self._drop_client()
        return ended

    def flush(self, timeout: float = 2.0) -> bool:
        """Wake the sender and wait until the outbox is empty; True if it emptied in time."""
        deadline = self._clock() + timeout
        self.wake()
        while self._clock() < deadline:
            if self.outbox.pending_count() == 0:
                return True
            self._idle.wait(min(0.05, max(0.0, deadline - self._clock())))
        return self.outbox.pending_count() == 0

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    # -- work ----------------------------------------------------------------------------
    def _wait(self, seconds: float) -> None:
        if self._sleep is not None:
            self._sleep(seconds)
        else:
            self._wake.wait(seconds)

    def _run(self) -> None:
        logger.debug("outbox sender started")
        while not self._stopping.is_set():
            self._wake.clear()
            try:
                progressed = self.deliver_once()
            except (RelayError, OSError) as exc:
                self.failures += 1
                self.last_error = str(exc)
                delay = backoff_delay(self.failures, self._rng, self.base_delay_s,
                                      self._delay_cap())
                logger.warning(
                    "delivery failed (%d in a row), retrying in %.1fs: %s",
                    self.failures, delay, exc,
                )
                self._wait(delay)
                continue
            except Exception:
                self.failures += 1
                logger.exception("unexpected error in the outbox sender")
                self._wait(backoff_delay(self.failures, self._rng, self.base_delay_s,
                                         self._delay_cap()))
                continue
            if progressed:
                self.failures = 0
                self.last_error = None
                continue
            self._idle.set()
            self._wake.wait(self.idle_poll_s)
        logger.debug("outbox sender stopped")

    def _delay_cap(self) -> float:
        """The backoff ceiling: short while an alarm is queued, long otherwise."""
        try:
            head = self.outbox.next_batch(1)
        except Exception:  # a broken outbox must not stop the retries
            logger.debug("cannot look at the outbox head", exc_info=True)
            return self.max_delay_s
        if head and head[0].priority <= EventPriority.ALERT:
            return min(self.max_delay_s, self.alarm_max_delay_s)
        return self.max_delay_s

    def _get_client(self) -> RelayClient:
        if self._client is None:
            self._client = self._client_factory()
        return self._client

    def _drop_client(self) -> None:
        client, self._client = self._client, None
        if client is not None:
            try:
                client.close()
            except Exception:
                logger.debug("closing relay client failed", exc_info=True)

    def deliver_once(self) -> bool:
        """Send one batch; True if anything was delivered or parked. Raises on failure."""
        batch = self.outbox.next_batch(self.batch_size)
        if not batch:
            return False
        try:
            self._deliver(batch)
        except RelayUnreachable:
            self._drop_client()
            raise
        return True

    def _deliver(self, batch: list[OutboxEvent]) -> None:
        try:
            self._send(batch)
            return
        except RelayRejected as exc:
            if not exc.permanent_for_payload:
                raise
            if len(batch) == 1:
                self._park(batch, exc)
                return
            logger.warning("relay refused a batch of %d (%s); sending one by one",
                           len(batch), exc.status)
        for event in batch:
            try:
                self._send([event])
            except RelayRejected as single:
                if not single.permanent_for_payload:
                    raise
                self._park([event], single)

    def _send(self, batch: list[OutboxEvent]) -> None:
        client = self._get_client()
        result = client.send_events([event.to_wire() for event in batch])
        acknowledged = set(result.stored) | set(result.duplicate)
        done = [event.id for event in batch if event.id in acknowledged]
        missing = [event.id for event in batch if event.id not in acknowledged]
        self.outbox.mark_delivered(done)
        logger.debug("delivered %d events (%d duplicates)", len(done), len(result.duplicate))
        if done and self._on_delivered is not None:
            try:
                self._on_delivered(done)
            except Exception:
                logger.exception("on_delivered callback failed")
        if missing:
            raise RelayRejected(502, f"relay did not confirm {len(missing)} events")

    def _park(self, events: list[OutboxEvent], exc: RelayRejected) -> None:
        ids = [event.id for event in events]
        reason = f"{exc.status}: {exc.detail}"
        logger.error("relay refused event(s) %s for good (%s); parked as rejected",
                     ", ".join(f"{e.kind}/{e.id}" for e in events), reason)
        self.outbox.mark_rejected(ids, reason)
        if self._on_rejected is not None:
            try:
                self._on_rejected(ids, reason)
            except Exception:
                logger.exception("on_rejected callback failed")

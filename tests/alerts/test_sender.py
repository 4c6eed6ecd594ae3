"""OutboxSender: backoff, relay down then up, duplicates, alerts first, parking, wake()."""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from assistant.alerts.outbox import AlertOutbox, OutboxStatus
from assistant.alerts.relay_client import (
    DeliveryResult,
    RelayClient,
    RelayRejected,
    RelayUnreachable,
)
from assistant.alerts.sender import OutboxSender, backoff_delay
from relay import store
from tests.relay.support import LiveRelay, Relay, enroll_directly, free_port, wait_until


class FakeClient:
    """Records batches; refuses any batch holding an event whose payload says so."""

    def __init__(self, refuse_status: int | None = None) -> None:
        self.batches: list[list[dict[str, Any]]] = []
        self.refuse_status = refuse_status

    def send_events(self, events: Sequence[dict[str, Any]]) -> DeliveryResult:
        self.batches.append(list(events))
        if self.refuse_status and any(e["payload"].get("refuse") for e in events):
            raise RelayRejected(self.refuse_status, "refused")
        return DeliveryResult([e["id"] for e in events], [])

    def close(self) -> None:
        return None


@pytest.fixture
def outbox(tmp_path: Path) -> Any:
    box = AlertOutbox(tmp_path / "outbox.sqlite3")
    yield box
    box.close()


def test_backoff_is_full_jitter_capped_at_60_s() -> None:
    top = [backoff_delay(n, rng=lambda: 1.0) for n in range(1, 12)]
    assert top[:4] == [0.5, 1.0, 2.0, 4.0]
    assert max(top) == 60.0 and top[-1] == 60.0
    assert backoff_delay(5, rng=lambda: 0.0) == 0.0
    assert 0 <= backoff_delay(3) <= 2.0
    assert backoff_delay(0) == 0.0


def test_alerts_are_sent_before_other_events(outbox: AlertOutbox) -> None:
    for i in range(5):
        outbox.put("selfcheck.completed", {"i": i})
    panic = outbox.put("panic.alert", {"trigger": "hotkey"})
    client = FakeClient()
    sender = OutboxSender(outbox, lambda: client, batch_size=3)  # type: ignore[arg-type,return-value]
    assert sender.deliver_once()
    assert client.batches[0][0]["id"] == panic
    while sender.deliver_once():
        pass
    assert outbox.pending_count() == 0


def test_permanently_refused_event_is_parked_not_lost(outbox: AlertOutbox) -> None:
    good1 = outbox.put("selfcheck.completed", {"n": 1})
    bad = outbox.put("selfcheck.completed", {"refuse": True})
    good2 = outbox.put("selfcheck.completed", {"n": 2})
    parked: list[tuple[list[str], str]] = []
    client = FakeClient(refuse_status=413)
    sender = OutboxSender(outbox, lambda: client,  # type: ignore[arg-type,return-value]
                          on_rejected=lambda ids, why: parked.append((ids, why)))
    assert sender.deliver_once()
    assert outbox.status_of(bad) is OutboxStatus.REJECTED
    assert outbox.status_of(good1) is OutboxStatus.DELIVERED
    assert outbox.status_of(good2) is OutboxStatus.DELIVERED
    assert parked == [([bad], "413: refused")]
    assert not sender.deliver_once()


def test_transient_refusal_keeps_events_pending(outbox: AlertOutbox) -> None:
    event = outbox.put("panic.alert", {"refuse": True})
    client = FakeClient(refuse_status=403)
    sender = OutboxSender(outbox, lambda: client)  # type: ignore[arg-type,return-value]
    with pytest.raises(RelayRejected):
        sender.deliver_once()
    assert outbox.status_of(event) is OutboxStatus.PENDING


def test_relay_down_then_up(outbox: AlertOutbox, relay: Relay) -> None:
    agent = enroll_directly(relay.db, relay.service.box, "S-01")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    delays: list[float] = []

    def sleep(seconds: float) -> None:
        delays.append(seconds)
        time.sleep(0.01)

    ids = [outbox.put("panic.test", {"trigger": "test", "test": True}) for _ in range(3)]
    sender = OutboxSender(outbox, lambda: RelayClient(url, agent.id, agent.secret, timeout=1),
                          sleep=sleep, rng=lambda: 1.0)
    sender.start()
    try:
        wait_until(lambda: sender.failures >= 4, 20, "sender did not retry")
        assert isinstance(sender.last_error, str) and "unreachable" in sender.last_error
        # exponential (jitter pinned to its maximum), capped at 1 s while an alarm waits
        assert delays[:4] == [0.5, 1.0, 1.0, 1.0]
        assert outbox.pending_count() == 3
        server = LiveRelay(relay, port=port).start()
        try:
            wait_until(lambda: outbox.pending_count() == 0, 20, "not delivered after relay came up")
        finally:
            server.stop()
    finally:
        sender.stop()
    stored = relay.db.call(lambda s: store.list_alerts(s))
    assert sorted(a["event_id"] for a in stored) == sorted(ids)
    assert sender.failures == 0


def test_backoff_grows_past_a_second_when_no_alarm_waits(outbox: AlertOutbox,
                                                         relay: Relay) -> None:
    agent = enroll_directly(relay.db, relay.service.box, "S-03")
    url = f"http://127.0.0.1:{free_port()}"
    delays: list[float] = []

    def sleep(seconds: float) -> None:
        delays.append(seconds)
        time.sleep(0.01)

    outbox.put("selfcheck.completed", {"passed": 1})
    sender = OutboxSender(outbox, lambda: RelayClient(url, agent.id, agent.secret, timeout=1),
                          sleep=sleep, rng=lambda: 1.0)
    sender.start()
    try:
        wait_until(lambda: sender.failures >= 4, 20, "sender did not retry")
    finally:
        sender.stop()
    assert delays[:4] == [0.5, 1.0, 2.0, 4.0]


def test_same_batch_twice_is_stored_once(relay: Relay, live: LiveRelay) -> None:
    agent = enroll_directly(relay.db, relay.service.box, "S-02")
    events = [
        {"id": f"00000000-0000-4000-8000-00000000000{i}", "kind": "selfcheck.completed",
         "time": "2030-01-01T00:00:00Z", "priority": 5, "payload": {"passed": i}}
        for i in range(3)
    ]
    with RelayClient(live.url, agent.id, agent.secret) as client:
        first = client.send_events(events)
        second = client.send_events(events)
    assert len(first.stored) == 3 and first.duplicate == []
    assert second.stored == [] and sorted(second.duplicate) == sorted(e["id"] for e in events)
    assert relay.db.call(store.stats)["events"] == 3


def test_oversized_event_is_parked_by_the_real_relay(outbox: AlertOutbox, relay: Relay,
                                                     live: LiveRelay) -> None:
    agent = enroll_directly(relay.db, relay.service.box, "S-03")
    small = outbox.put("selfcheck.completed", {"passed": 1})
    huge = outbox.put("selfcheck.completed", {"blob": "x" * 70_000})
    sender = OutboxSender(outbox, lambda: RelayClient(live.url, agent.id, agent.secret))
    assert sender.deliver_once()
    assert outbox.status_of(small) is OutboxStatus.DELIVERED
    assert outbox.status_of(huge) is OutboxStatus.REJECTED
    sender.stop()


def test_wake_delivers_a_panic_at_once(outbox: AlertOutbox, relay: Relay,
                                       live: LiveRelay) -> None:
    agent = enroll_directly(relay.db, relay.service.box, "S-04")
    delivered: list[str] = []
    sender = OutboxSender(outbox, lambda: RelayClient(live.url, agent.id, agent.secret),
                          on_delivered=delivered.extend, idle_poll_s=60)
    sender.start()
    try:
        assert sender.flush(5)  # warm: connected and idle, waiting up to 60 s
        started = time.monotonic()
        panic = outbox.put("panic.alert", {"trigger": "hotkey"})
        sender.wake()
        wait_until(lambda: panic in delivered, 5, "panic not delivered")
        elapsed = time.monotonic() - started
    finally:
        sender.stop()
    assert elapsed < 2.0  # well under the 60 s idle poll


def test_unreachable_relay_raises_typed_error() -> None:
    client = RelayClient(f"http://127.0.0.1:{free_port()}", "a", "A" * 43, timeout=1)
    with pytest.raises(RelayUnreachable):
        client.heartbeat("active", "1")
    client.close()

"""The durable outbox: order, statuses, threads, and a process killed right after put()."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

from assistant.alerts.outbox import AlertOutbox, OutboxStatus
from assistant.alerts.relay_client import RelayClient
from assistant.alerts.sender import OutboxSender
from relay import store
from tests.relay.support import ROOT, LiveRelay, Relay, enroll_directly


def test_alerts_come_first_then_oldest_first(tmp_path: Path) -> None:
    with AlertOutbox(tmp_path / "o.sqlite3") as outbox:
        first = outbox.put("selfcheck.completed", {"passed": 1})
        second = outbox.put("agent.stopping")
        panic = outbox.put("panic.alert", {"trigger": "hotkey"})
        cancel = outbox.put("panic.cancel", {"alert_id": panic})
        batch = outbox.next_batch(10)
        assert [e.id for e in batch] == [panic, cancel, first, second]
        assert [e.priority for e in batch] == [0, 1, 5, 5]
        assert batch[0].to_wire()["time"].endswith("Z")
        assert outbox.next_batch(2)[1].id == cancel


def test_statuses(tmp_path: Path) -> None:
    with AlertOutbox(tmp_path / "o.sqlite3") as outbox:
        a, b, c = (outbox.put("panic.test", {"i": i}) for i in range(3))
        assert outbox.pending_count() == 3
        outbox.mark_delivered([a])
        outbox.mark_rejected([b], "413: too large")
        assert outbox.pending_count() == 1
        assert outbox.status_of(a) is OutboxStatus.DELIVERED
        assert outbox.status_of(b) is OutboxStatus.REJECTED
        assert [e.id for e in outbox.next_batch(10)] == [c]


def test_concurrent_puts(tmp_path: Path) -> None:
    with AlertOutbox(tmp_path / "o.sqlite3") as outbox:
        def worker() -> None:
            for i in range(50):
                outbox.put("selfcheck.completed", {"i": i})

        threads = [threading.Thread(target=worker) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert outbox.pending_count() == 200
        assert len({e.id for e in outbox.next_batch(500)}) == 200


def test_killed_right_after_put_loses_nothing(tmp_path: Path, relay: Relay,
                                              live: LiveRelay) -> None:
    path = tmp_path / "agent" / "outbox.sqlite3"
    code = (
        "import os, sys\n"
        "from assistant.alerts.outbox import AlertOutbox\n"
        f"outbox = AlertOutbox({str(path)!r})\n"
        "event_id = outbox.put('panic.alert', {'trigger': 'hotkey'})\n"
        "print(event_id, flush=True)\n"
        "os._exit(9)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], check=False, cwd=ROOT, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 9
    event_id = result.stdout.strip()

    agent = enroll_directly(relay.db, relay.service.box, "K-01")
    with AlertOutbox(path) as outbox:
        assert [e.id for e in outbox.next_batch(10)] == [event_id]
        sender = OutboxSender(outbox, lambda: RelayClient(live.url, agent.id, agent.secret))
        sender.start()
        try:
            assert sender.flush(10)
        finally:
            sender.stop()
    alerts = relay.db.call(lambda s: store.list_alerts(s))
    assert [a["event_id"] for a in alerts] == [event_id]

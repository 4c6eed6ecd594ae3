"""After a relay outage the queued alarm goes out as soon as the relay is back.

A real relay process is stopped and started again on the same port and database; the agent
runs its real sender and heartbeat.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

import pytest

from assistant.alerts.outbox import AlertOutbox
from assistant.alerts.presence import PresenceReporter
from assistant.alerts.relay_client import RelayClient
from assistant.alerts.sender import OutboxSender
from relay import store
from relay.db import Database, make_engine
from tests.relay.postgres_cluster import DATABASES, on_both_databases
from tests.relay.support import RelayFiles, RelayProcess, enroll_directly, free_port, wait_until

logger = logging.getLogger(__name__)
OUTAGE_S = 60.0


@pytest.fixture(params=DATABASES)
def relay_db_url(request: pytest.FixtureRequest) -> str | None:
    return on_both_databases(request)


def _relay(tmp_path: Path, seat: str, db_url: str | None) -> tuple[RelayFiles, str, str]:
    files = RelayFiles(tmp_path / "relay", db_url)
    files.root.mkdir()
    setup = Database(make_engine(files.db_url))
    agent = enroll_directly(setup, files.box(), seat)
    setup.close()
    return files, agent.id, agent.secret


@pytest.mark.slow
def test_panic_queued_during_a_minute_long_outage_arrives_right_after(
        tmp_path: Path, relay_db_url: str | None) -> None:
    files, agent_id, secret = _relay(tmp_path, "DR-01", relay_db_url)
    port = free_port()
    relay = RelayProcess(files, port).start()
    outbox = AlertOutbox(tmp_path / "agent" / "outbox.sqlite3")
    sender = OutboxSender(outbox, lambda: RelayClient(relay.url, agent_id, secret, timeout=2.0))
    sender.start()
    try:
        relay.stop()
        outage_began = time.monotonic()
        event_id = outbox.put("panic.alert", {"trigger": "hotkey"})
        sender.wake()
        # the outage itself: there is nothing to wait for but the clock
        wait_until(lambda: time.monotonic() - outage_began >= OUTAGE_S, OUTAGE_S + 10)
        assert sender.failures >= 30  # still trying about once a second, an alarm waits
        assert outbox.pending_count() == 1
        relay = RelayProcess(files, port).start()  # same port, same DB
        back = time.monotonic()
        wait_until(lambda: outbox.pending_count() == 0, 30, "panic not delivered")
        delay = time.monotonic() - back
    finally:
        sender.stop()
        relay.stop()
    print(f"\npanic arrived {delay:.3f} s after the relay was back "
          f"({sender.failures} failures left)")
    logger.warning("panic arrived %.3f s after the relay was back", delay)
    check = Database(make_engine(files.db_url))
    alerts = check.call(lambda s: store.list_alerts(s))
    check.close()
    assert [a["event_id"] for a in alerts] == [event_id]
    outbox.close()


def test_a_successful_heartbeat_wakes_a_sender_in_long_backoff(
        tmp_path: Path, relay_db_url: str | None) -> None:
    files, agent_id, secret = _relay(tmp_path, "DR-02", relay_db_url)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    outbox = AlertOutbox(tmp_path / "agent" / "outbox.sqlite3")
    # a routine event, and a backoff that would wait 10 minutes after the first failure
    outbox.put("selfcheck.completed", {"passed": 7, "failed": 0})
    sender = OutboxSender(outbox, lambda: RelayClient(url, agent_id, secret, timeout=2.0),
                          base_delay_s=600.0, max_delay_s=600.0, rng=lambda: 1.0)
    presence = PresenceReporter(lambda: RelayClient(url, agent_id, secret, timeout=2.0),
                                lambda: "active", "test", interval_s=3600.0,
                                outbox=outbox, sender=sender)
    sender.start()
    relay: RelayProcess | None = None
    try:
        wait_until(lambda: sender.failures >= 1, 20, "sender never tried")
        relay = RelayProcess(files, port).start()
        assert outbox.pending_count() == 1  # the sender sleeps in its backoff
        assert presence.tick() is not None  # the heartbeat gets through ...
        wait_until(lambda: outbox.pending_count() == 0, 20,  # ... and wakes the sender
                   "a successful heartbeat did not wake the sender")
    finally:
        sender.stop()
        presence.stop()
        if relay is not None:
            relay.stop()
    outbox.close()

"""Fault test: the relay process is SIGKILLed mid-stream; every event still lands once."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from assistant.alerts.outbox import AlertOutbox, OutboxStatus
from assistant.alerts.relay_client import RelayClient
from assistant.alerts.sender import OutboxSender
from relay.db import Database, make_engine
from relay.models import Event
from tests.relay.postgres_cluster import DATABASES, on_both_databases
from tests.relay.support import RelayFiles, RelayProcess, enroll_directly, free_port, wait_until

TOTAL = 200


@pytest.fixture(params=DATABASES)
def relay_db_url(request: pytest.FixtureRequest) -> str | None:
    return on_both_databases(request)


@pytest.mark.slow
def test_sigkill_in_the_middle_loses_and_duplicates_nothing(tmp_path: Path,
                                                            relay_db_url: str | None) -> None:
    files = RelayFiles(tmp_path / "relay")
    files.root.mkdir()
    url = relay_db_url or files.db_url
    setup = Database(make_engine(url))
    agent = enroll_directly(setup, files.box(), "K-01")
    setup.close()

    port = free_port()
    relay = RelayProcess(files, port, db_url=url).start()
    outbox = AlertOutbox(tmp_path / "agent" / "outbox.sqlite3")
    sender = OutboxSender(
        outbox,
        lambda: RelayClient(relay.url, agent.id, agent.secret, timeout=2.0),
        batch_size=7,
        base_delay_s=0.05,
        max_delay_s=0.5,
    )
    sender.start()
    ids: list[str] = []
    try:
        for i in range(TOTAL):
            if i % 25 == 0:
                ids.append(outbox.put("panic.test", {"trigger": "test", "test": True}))
            else:
                ids.append(outbox.put("selfcheck.completed", {"passed": i, "failed": 0}))
            sender.wake()
            if i == TOTAL // 2:
                relay.kill()  # SIGKILL while batches are in flight
        assert outbox.pending_count() > 0
        relay = RelayProcess(files, port, db_url=url).start()  # same port, same DB
        wait_until(lambda: outbox.pending_count() == 0, 60, "outbox did not drain")
    finally:
        sender.stop()
        relay.stop()
    assert outbox.count(OutboxStatus.DELIVERED) == TOTAL
    assert outbox.count(OutboxStatus.REJECTED) == 0
    outbox.close()

    check = Database(make_engine(url))
    stored = check.call(lambda s: list(s.scalars(select(Event.id)).all()))
    count = check.call(lambda s: s.scalar(select(func.count()).select_from(Event)))
    check.close()
    assert count == TOTAL
    assert sorted(stored) == sorted(ids)

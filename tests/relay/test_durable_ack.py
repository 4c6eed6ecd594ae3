"""An acknowledgement means stored: the 2xx for an event is sent only once it is durable."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from relay import kill_after_ack
from relay.db import SQLITE_SYNCHRONOUS_FULL, Database, make_engine
from relay.models import Alert, Event
from tests.relay.postgres_cluster import DATABASES, on_both_databases
from tests.relay.support import (
    RelayFiles,
    RelayProcess,
    enroll_directly,
    free_port,
    make_relay,
    signed,
    wait_until,
    wire_event,
)


@pytest.fixture(params=DATABASES)
def relay_db_url(request: pytest.FixtureRequest) -> str | None:
    return on_both_databases(request)


# SQLite only by nature (a PRAGMA); PostgreSQL's counterpart is the test below
def test_sqlite_writes_events_with_synchronous_full(tmp_path: Path) -> None:
    """The connection the relay stores events on (a session on its DB executor) syncs each
    commit: PRAGMA synchronous is FULL (2) or stronger."""
    relay = make_relay(tmp_path)

    def level(session: Session) -> int:
        return int(session.connection().exec_driver_sql("PRAGMA synchronous").scalar() or 0)

    try:
        assert asyncio.run(relay.db.run(level)) >= SQLITE_SYNCHRONOUS_FULL
    finally:
        relay.close()


def test_postgresql_commits_synchronously(tmp_path: Path, postgres_url: str) -> None:
    relay = make_relay(tmp_path, db_url=postgres_url)

    def setting(session: Session) -> str:
        return str(session.connection().exec_driver_sql("SHOW synchronous_commit").scalar())

    try:
        assert asyncio.run(relay.db.run(setting)) == "on"
    finally:
        relay.close()


@pytest.mark.slow
def test_event_acknowledged_the_instant_before_a_sigkill_is_stored(
        tmp_path: Path, relay_db_url: str | None) -> None:
    files = RelayFiles(tmp_path)
    url = relay_db_url or files.db_url
    setup = Database(make_engine(url))
    agent = enroll_directly(setup, files.box(), "K-01")
    setup.close()

    relay = RelayProcess(files, free_port(), db_url=url, env={kill_after_ack.ENV_FLAG: "1"})
    relay.start()
    panic = wire_event("panic.alert", {"trigger": "hotkey"}, 0)
    body, headers = signed(agent, "POST", "/api/v1/events", {"events": [panic]})
    try:
        answer = httpx.post(relay.url + "/api/v1/events", content=body, headers=headers,
                            timeout=10)
        assert answer.status_code == 200, answer.text
        assert answer.json()["stored"] == [panic["id"]]
        assert relay.proc is not None
        wait_until(lambda: relay.proc is not None and relay.proc.poll() is not None, 10,
                   "the relay did not kill itself after the acknowledgement")
        assert relay.proc.returncode == -9
    finally:
        relay.stop()

    check = Database(make_engine(url))
    try:
        events = check.call(lambda s: [(e.id, e.kind) for e in s.scalars(select(Event))])
        alerts = check.call(lambda s: [a.event_id for a in s.scalars(select(Alert))])
    finally:
        check.close()
    assert events == [(panic["id"], "panic.alert")]
    assert alerts == [panic["id"]]

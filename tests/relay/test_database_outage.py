"""The relay's database goes away — PostgreSQL stopped, a SQLite file on a full filesystem, a
read-only SQLite database — while an agent keeps raising events: the relay answers 503 with a
short reason (never a 500 or a traceback), logs one line, and takes the events again once the
database is back, without a restart. The agent's outbox keeps them meanwhile; every event is
stored exactly once in the end."""

from __future__ import annotations

import errno
import logging
import os
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import event, select

from assistant.alerts.outbox import AlertOutbox, OutboxStatus
from assistant.alerts.relay_client import RelayClient
from assistant.alerts.sender import OutboxSender
from relay.db_outage import FULL, READ_ONLY, UNREACHABLE
from relay.models import Event
from tests.relay.postgres_cluster import (
    SKIP_FLAG,
    PostgresCluster,
    PostgresUnavailable,
    remove_cluster,
    start_cluster,
)
from tests.relay.support import (
    EnrolledAgent,
    LiveRelay,
    Relay,
    enroll_directly,
    make_relay,
    signed,
    wait_until,
)

pytestmark = pytest.mark.slow
BEFORE, DURING = 6, 9  # events delivered before the outage, raised while it lasts
PROBES = 12  # requests answered during the outage (each one a 503, one log line in all)


@pytest.fixture
def own_postgres() -> Iterator[PostgresCluster]:
    """A cluster of this test's own: it is stopped and started again."""
    try:
        cluster = start_cluster()
    except PostgresUnavailable as error:
        if os.environ.get(SKIP_FLAG) == "1":
            pytest.skip(f"PostgreSQL skipped ({SKIP_FLAG}=1): {error}")
        pytest.fail(f"PostgreSQL tests cannot run: {error}", pytrace=False)
    try:
        yield cluster
    finally:
        remove_cluster(cluster)


def probe(live: LiveRelay, agent: EnrolledAgent, n: int) -> httpx.Response:
    body, headers = signed(agent, "POST", "/api/v1/heartbeat",
                           {"state": "active", "app_version": "1"}, nonce=f"probe-{n}")
    return httpx.post(live.url + "/api/v1/heartbeat", content=body, headers=headers, timeout=10)


def outage_lines(caplog: pytest.LogCaptureFixture, words: str) -> list[logging.LogRecord]:
    return [r for r in caplog.records if words in r.getMessage()]


def ride_out_an_outage(relay: Relay, tmp_path: Path, caplog: pytest.LogCaptureFixture,
                       break_db: Callable[[], None], mend_db: Callable[[], None],
                       reason: str) -> None:
    caplog.set_level(logging.INFO)
    agent = enroll_directly(relay.db, relay.service.box, "O-01")
    live = LiveRelay(relay).start()
    outbox = AlertOutbox(tmp_path / "agent-outbox.sqlite3")
    sender = OutboxSender(outbox, lambda: RelayClient(live.url, agent.id, agent.secret,
                                                      timeout=5.0),
                          batch_size=4, base_delay_s=0.05, max_delay_s=0.3,
                          alarm_max_delay_s=0.3)
    ids: list[str] = []
    try:
        sender.start()
        for i in range(BEFORE):
            ids.append(outbox.put("selfcheck.completed", {"passed": i}))
            sender.wake()
        wait_until(lambda: outbox.pending_count() == 0, 30, "events before the outage stuck")

        break_db()
        for i in range(DURING):
            if i % 3 == 0:
                ids.append(outbox.put("panic.test", {"trigger": "hotkey"}))
            else:
                ids.append(outbox.put("selfcheck.completed", {"passed": BEFORE + i}))
            sender.wake()
        answers = [probe(live, agent, n) for n in range(PROBES)]
        assert [a.status_code for a in answers] == [503] * PROBES
        assert all(a.json()["reason"] == reason for a in answers)
        assert "Traceback" not in answers[0].text
        wait_until(lambda: sender.failures >= 3, 30, "the agent did not keep retrying")
        assert outbox.pending_count() == DURING  # kept by the agent, none lost or rejected
        assert outbox.count(OutboxStatus.REJECTED) == 0

        mend_db()  # no relay restart
        wait_until(lambda: outbox.pending_count() == 0, 60,
                   "the relay did not take events again after the database came back")
        assert probe(live, agent, PROBES).status_code == 200
    finally:
        sender.stop()
        live.stop()
        outbox.close()
    stored = relay.db.call(lambda s: list(s.scalars(select(Event.id))))
    assert sorted(stored) == sorted(ids)  # each event exactly once
    assert len(outage_lines(caplog, "database unavailable")) == 1
    assert len(outage_lines(caplog, "database is back")) == 1
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR and r.exc_info]
    assert not outage_lines(caplog, "unhandled error")


def test_postgresql_stopped_and_started_again(own_postgres: PostgresCluster, tmp_path: Path,
                                              caplog: pytest.LogCaptureFixture) -> None:
    relay = make_relay(tmp_path, db_url=own_postgres.server().url)
    try:
        ride_out_an_outage(relay, tmp_path, caplog, own_postgres.stop,
                           own_postgres.start_server, UNREACHABLE)
    finally:
        relay.close()


@pytest.fixture
def small_filesystem(tmp_path: Path) -> Iterator[Path]:
    """A 16 MiB tmpfs of this test's own (we run as root in the test environment)."""
    mount_point = tmp_path / "small-disk"
    mount_point.mkdir()
    made = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16m,mode=0700", "tmpfs",
                           str(mount_point)], capture_output=True, text=True, check=False)
    if made.returncode != 0:
        pytest.fail(f"cannot mount a tmpfs for the full-disk test: {made.stderr.strip()}",
                    pytrace=False)
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)


def fill_up(folder: Path) -> Path:
    """Write a ballast file until the filesystem has no room left."""
    ballast = folder / "ballast"
    chunk = b"\0" * (1 << 16)
    with ballast.open("wb", buffering=0) as out:
        while True:
            try:
                out.write(chunk)
            except OSError as error:
                assert error.errno == errno.ENOSPC
                break
        while True:  # the last few bytes, so not even a page is left
            try:
                out.write(b"\0" * 512)
            except OSError:
                break
    return ballast


# SQLite only by nature: a full filesystem under the database file (PostgreSQL's outage is
# the server stopped, above)
def test_sqlite_on_a_full_filesystem(small_filesystem: Path, tmp_path: Path,
                                     caplog: pytest.LogCaptureFixture) -> None:
    relay = make_relay(tmp_path, db_url=f"sqlite:///{small_filesystem / 'relay.sqlite3'}")
    ballast: list[Path] = []

    def fill() -> None:
        # an empty WAL, so the next commit needs new room on the disk
        # (outside a transaction: the relay's SQLite transactions hold the write lock)
        raw = relay.db.engine.raw_connection()
        try:
            raw.cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            raw.close()
        ballast.append(fill_up(small_filesystem))

    try:
        ride_out_an_outage(relay, tmp_path, caplog, fill, lambda: ballast[0].unlink(), FULL)
    finally:
        relay.close()


# SQLite only by nature: SQLite's query_only pragma gives its read-only error
def test_sqlite_database_that_turns_read_only(tmp_path: Path,
                                              caplog: pytest.LogCaptureFixture) -> None:
    """Read-only through SQLite's query_only (root ignores file modes, and a filesystem with
    files open for writing cannot be remounted read-only): the same SQLITE_READONLY error."""
    relay = make_relay(tmp_path)
    engine = relay.db.engine

    def query_only(dbapi_connection: object, _record: object) -> None:
        dbapi_connection.execute("PRAGMA query_only=ON")  # type: ignore[attr-defined]

    def read_only() -> None:
        event.listen(engine, "connect", query_only)
        engine.dispose()  # pooled connections reopen with the setting

    def writable() -> None:
        event.remove(engine, "connect", query_only)
        engine.dispose()

    try:
        ride_out_an_outage(relay, tmp_path, caplog, read_only, writable, READ_ONLY)
    finally:
        relay.close()

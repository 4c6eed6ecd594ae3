"""Group commit (relay.group_commit) on both databases: jobs queued together share one commit,
each job is rolled back alone when it fails, an outage fails the whole batch, and no job is
answered before its commit returned."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Column, Connection, Engine, Integer, MetaData, String, Table, event, select
from sqlalchemy.exc import IntegrityError, OperationalError

from relay.db import make_engine
from relay.db_outage import FULL, DatabaseUnavailable, OutageWatch
from relay.group_commit import GroupCommitter
from tests.relay.postgres_cluster import DATABASES

probe_metadata = MetaData()
probe = Table("group_commit_probe", probe_metadata,
              Column("id", Integer, primary_key=True), Column("label", String(40)))


@pytest.fixture(params=DATABASES)
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    url = (f"sqlite:///{tmp_path / 'relay.db'}" if request.param == "sqlite"
           else str(request.getfixturevalue("postgres_url")))
    instance = make_engine(url, migrate=False)
    probe_metadata.create_all(instance)
    yield instance
    instance.dispose()


@pytest.fixture
def commits(engine: Engine) -> list[int]:
    """One entry per COMMIT the engine sends."""
    seen: list[int] = []
    event.listen(engine, "commit", lambda _connection: seen.append(1))
    return seen


def _insert(row_id: int, label: str = "x") -> Any:
    def work(connection: Connection) -> int:
        connection.execute(probe.insert().values(id=row_id, label=label))
        return row_id
    return work


def _stored(engine: Engine) -> list[int]:
    with engine.connect() as connection:
        return sorted(connection.scalars(select(probe.c.id)))


def _held_committer(engine: Engine, watch: OutageWatch | None = None,
                    ) -> tuple[GroupCommitter, threading.Event, Any]:
    """A committer whose writer is busy with a first job until the returned event is set, so
    that the jobs submitted meanwhile queue up as one batch."""
    committer = GroupCommitter(engine, watch or OutageWatch(engine.dialect.name))
    release = threading.Event()
    started = threading.Event()

    def hold(connection: Connection) -> str:
        started.set()
        release.wait(10)
        return "held"

    first = committer.submit(hold, orm=False)
    assert started.wait(10)
    return committer, release, first


def test_jobs_queued_together_share_one_commit(engine: Engine, commits: list[int]) -> None:
    committer, release, first = _held_committer(engine)
    futures = [committer.submit(_insert(i), orm=False) for i in range(1, 41)]
    release.set()
    assert [future.result(10) for future in futures] == list(range(1, 41))
    assert first.result(10) == "held"
    committer.close()
    assert len(commits) == 2  # the held job's batch, then all 40 together
    assert _stored(engine) == list(range(1, 41))


def test_a_failing_job_is_rolled_back_alone(engine: Engine, commits: list[int]) -> None:
    committer, release, _first = _held_committer(engine)

    def insert_then_fail(connection: Connection) -> None:
        connection.execute(probe.insert().values(id=100, label="half done"))
        raise ValueError("refused by the job itself")

    before = committer.submit(_insert(1), orm=False)
    failing = committer.submit(insert_then_fail, orm=False)
    duplicate = committer.submit(_insert(1, "again"), orm=False)  # primary key taken by `before`
    after = committer.submit(_insert(2), orm=False)
    release.set()
    assert before.result(10) == 1
    with pytest.raises(ValueError, match="refused by the job itself"):
        failing.result(10)
    with pytest.raises(IntegrityError):
        duplicate.result(10)
    assert after.result(10) == 2  # PostgreSQL: the transaction was not aborted by the duplicate
    committer.close()
    assert len(commits) == 2
    assert _stored(engine) == [1, 2]


def test_orm_jobs_share_the_batch_with_core_jobs(engine: Engine) -> None:
    committer, release, _first = _held_committer(engine)

    def orm_insert(session: Any) -> int:
        session.execute(probe.insert().values(id=7, label="orm"))
        return 7

    def orm_fail(session: Any) -> None:
        session.execute(probe.insert().values(id=8, label="orm"))
        raise LookupError("no such agent")

    core = committer.submit(_insert(6), orm=False)
    orm = committer.submit(orm_insert, orm=True)
    failing = committer.submit(orm_fail, orm=True)
    release.set()
    assert core.result(10) == 6
    assert orm.result(10) == 7
    with pytest.raises(LookupError):
        failing.result(10)
    committer.close()
    assert _stored(engine) == [6, 7]


def test_an_outage_fails_the_whole_batch_and_stores_nothing(engine: Engine) -> None:
    watch = OutageWatch(engine.dialect.name)
    committer, release, _first = _held_committer(engine, watch)

    def disk_full(connection: Connection) -> None:
        connection.execute(probe.insert().values(id=50))
        raise OperationalError("INSERT", {}, Exception("database or disk is full"))

    batch = [committer.submit(_insert(1), orm=False), committer.submit(disk_full, orm=False),
             committer.submit(_insert(2), orm=False)]
    release.set()
    for future in batch:
        with pytest.raises(DatabaseUnavailable) as raised:
            future.result(10)
        assert raised.value.reason == FULL
    assert watch.reason == FULL
    # the next batch that commits ends the outage
    assert committer.submit(_insert(3), orm=False).result(10) == 3
    assert watch.reason is None
    committer.close()
    assert _stored(engine) == [3]


def test_no_job_is_answered_before_its_commit_returned(engine: Engine) -> None:
    committer, release, _first = _held_committer(engine)
    futures = [committer.submit(_insert(i), orm=False) for i in range(1, 6)]
    answered_at_commit: list[bool] = []

    def on_commit(_connection: Any) -> None:
        answered_at_commit.append(any(future.done() for future in futures))

    event.listen(engine, "commit", on_commit)
    release.set()
    for future in futures:
        future.result(10)
    committer.close()
    assert answered_at_commit and not any(answered_at_commit)


def test_close_finishes_the_queued_jobs(engine: Engine) -> None:
    committer, release, _first = _held_committer(engine)
    futures = [committer.submit(_insert(i), orm=False) for i in range(1, 11)]
    release.set()
    committer.close()
    assert all(future.done() and future.exception() is None for future in futures)
    assert _stored(engine) == list(range(1, 11))

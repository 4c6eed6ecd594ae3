"""Engine and sessions: SQLite (WAL, synchronous=FULL, busy_timeout) by default, PostgreSQL
by URL; the schema is brought up to date by ``relay.schema_migrations`` (Alembic)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import platformdirs
from sqlalchemy import Connection, DateTime, Engine, create_engine, event
from sqlalchemy.engine import Dialect, make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.types import TypeDecorator

from relay.db_outage import OutageWatch
from relay.group_commit import GroupCommitter

logger = logging.getLogger(__name__)

APP_NAME = "safety-relay"
#: PostgreSQL writer threads, each running its own group commits
POSTGRES_WRITERS = 4
T = TypeVar("T")


def data_dir() -> Path:
    """The relay's data folder (``SAFETY_RELAY_HOME`` overrides the platformdirs default)."""
    override = os.environ.get("SAFETY_RELAY_HOME")
    return Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME))


def make_private_dir(path: Path) -> None:
    """Create ``path`` (and missing parents) readable only by this user (0700)."""
    existed = path.is_dir()
    old = os.umask(0o077)
    try:
        path.mkdir(parents=True, exist_ok=True)
    finally:
        os.umask(old)
    if not existed:
        path.chmod(0o700)


def _restrict_sqlite_files(database: Path) -> None:
    """The database and its WAL/SHM files: 0600 (they hold password hashes and notes)."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        candidate = database.with_name(database.name + suffix)
        try:
            candidate.chmod(0o600)
        except FileNotFoundError:
            pass


def default_db_url() -> str:
    return f"sqlite:///{data_dir() / 'relay.sqlite3'}"


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on every backend (SQLite keeps them naive)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


#: SQLite's ``synchronous=FULL``: each commit is synced to disk before it returns, so the 2xx
#: the relay answers after the commit means the event survives a power cut (in WAL mode
#: NORMAL may lose the last transactions, which the agent has already deleted from its outbox).
SQLITE_SYNCHRONOUS_FULL = 2


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # SQLAlchemy emits BEGIN itself (``_sqlite_begin``): pysqlite's own implicit transactions
    # break SAVEPOINTs, which group commit runs each request in
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA synchronous={SQLITE_SYNCHRONOUS_FULL}")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _sqlite_begin(connection: Connection) -> None:
    # IMMEDIATE: the write lock is taken up front (waiting up to busy_timeout). A deferred
    # transaction that reads and then writes gets SQLITE_BUSY at once, without waiting, when
    # another connection wrote meanwhile (the group-commit writer, or a CLI command).
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def _postgres_durable(dbapi_connection: Any, _record: Any) -> None:
    """``synchronous_commit=on`` whatever the server's default: a commit returns once its WAL
    record is flushed (and on a synchronous standby, if one is configured)."""
    cursor = dbapi_connection.cursor()
    cursor.execute("SET synchronous_commit TO on")
    cursor.close()
    dbapi_connection.commit()


def make_engine(url: str | None = None, *, migrate: bool = True) -> Engine:
    """Engine for ``url`` (default: the SQLite file in the data dir), its pending migrations
    applied unless ``migrate`` is False (``relay.schema_migrations.DatabaseTooNew`` for a
    database made by a newer relay)."""
    from relay import schema_migrations

    url = url or default_db_url()
    parsed = make_url(url)
    kwargs: dict[str, Any] = {}
    sqlite_file: Path | None = None
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if database and database != ":memory:" and not database.startswith("file:"):
            sqlite_file = Path(database).expanduser()
            make_private_dir(sqlite_file.parent)
        kwargs["connect_args"] = {"check_same_thread": False, "timeout": 10}
    else:
        kwargs["pool_pre_ping"] = True
    engine = create_engine(parsed, **kwargs)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
    elif engine.dialect.name == "postgresql":
        event.listen(engine, "connect", _postgres_durable)
    # SQLite creates the -wal/-shm files with the process umask: keep it 077 while the first
    # connection makes them, then fix the modes of files made by an earlier, looser run.
    old = os.umask(0o077)
    try:
        if migrate:
            schema_migrations.upgrade(engine)
    except BaseException:
        engine.dispose()
        raise
    finally:
        os.umask(old)
    if sqlite_file is not None:
        _restrict_sqlite_files(sqlite_file)
    return engine


class Database:
    """Sessions, and group commit (``relay.group_commit``) for the work of requests.

    SQLite allows one writer at a time, so there it is a single writer thread (no
    ``database is locked`` retries inside the process); PostgreSQL gets a few.
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.sessions = sessionmaker(engine, expire_on_commit=False)
        self.outages = OutageWatch(engine.dialect.name)
        writers = 1 if engine.dialect.name == "sqlite" else POSTGRES_WRITERS
        self._committer = GroupCommitter(engine, self.outages, writers)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    def session(self) -> Session:
        return self.sessions()

    def call(self, fn: Callable[[Session], T]) -> T:
        """Run ``fn(session)`` in a transaction, here and now (admin commands, tests).

        Raises ``DatabaseUnavailable`` when the database is down, full or read-only."""
        with self._watching_outages(), self.sessions.begin() as session:
            return fn(session)

    def call_core(self, fn: Callable[[Connection], T]) -> T:
        """Run ``fn(connection)`` in a transaction without an ORM session (hot paths)."""
        with self._watching_outages(), self.engine.begin() as connection:
            return fn(connection)

    @contextlib.contextmanager
    def _watching_outages(self) -> Iterator[None]:
        """A database error that means an outage becomes ``DatabaseUnavailable``; a
        transaction that commits tells the outage tracker the database is back."""
        try:
            yield
        except DBAPIError as error:
            self._raise_outage(error)
            raise
        self.outages.succeeded()

    def _raise_outage(self, error: DBAPIError) -> None:
        outage = self.outages.failed(error)
        if outage is not None:
            raise outage from None

    async def run_core(self, fn: Callable[[Connection], T]) -> T:
        """Run ``fn(connection)`` in a savepoint of the next group commit; returns once that
        commit is durable (``DatabaseUnavailable`` when the database is down, full or
        read-only)."""
        result: T = await asyncio.wrap_future(self._committer.submit(fn, orm=False))
        return result

    async def run(self, fn: Callable[[Session], T]) -> T:
        """Run ``fn(session)`` in a savepoint of the next group commit (see ``run_core``)."""
        result: T = await asyncio.wrap_future(self._committer.submit(fn, orm=True))
        return result

    def close(self) -> None:
        self._committer.close()
        self.engine.dispose()

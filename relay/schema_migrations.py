"""The relay database's schema revision (Alembic, migrations in ``relay/migrations``).

``upgrade`` brings a database to the relay's newest revision: an empty one, one made by an
older relay, or one from before Alembic (tables but no ``alembic_version``: the baseline
migration recognises that layout and completes it). A database whose revision this relay does
not know was made by a newer relay: ``DatabaseTooNew``, and nothing is touched.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event, inspect
from sqlalchemy.pool import NullPool

logger = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
VERSION_TABLE = "alembic_version"


class DatabaseTooNew(RuntimeError):
    """The database carries a schema revision this relay does not know."""


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revisions(engine: Engine) -> tuple[str, ...]:
    """The database's revisions (empty: never migrated, i.e. empty or from before Alembic)."""
    with engine.connect() as connection:
        return tuple(MigrationContext.configure(connection).get_current_heads())


def is_pre_alembic(engine: Engine) -> bool:
    """Relay tables but no revision: made by a relay that used ``create_all``."""
    names = set(inspect(engine).get_table_names())
    return VERSION_TABLE not in names and "agents" in names


def describe(engine: Engine) -> str:
    """One line for ``safety-relay db current``."""
    head = head_revision()
    revisions = current_revisions(engine)
    if not revisions:
        if is_pre_alembic(engine):
            return f"no revision (made before migrations); upgrade brings it to {head}"
        return f"empty; upgrade creates revision {head}"
    unknown = _unknown(revisions)
    if unknown:
        return (f"{', '.join(revisions)}: made by a newer relay (this relay knows up to "
                f"{head})")
    state = "up to date" if revisions == (head,) else f"upgrade brings it to {head}"
    return f"{', '.join(revisions)} ({state})"


def _unknown(revisions: tuple[str, ...]) -> list[str]:
    script = ScriptDirectory.from_config(alembic_config())
    known = {revision.revision for revision in script.walk_revisions()}
    return [revision for revision in revisions if revision not in known]


def check_not_newer(engine: Engine) -> None:
    unknown = _unknown(current_revisions(engine))
    if unknown:
        raise DatabaseTooNew(
            f"the database {engine.url.render_as_string(hide_password=True)} was made by a "
            f"newer relay (schema revision {', '.join(unknown)}; this relay knows up to "
            f"{head_revision()}). Run the newer relay, or give --db another database.")


def upgrade(engine: Engine) -> tuple[str, ...]:
    """Apply pending migrations; returns the revisions before (empty for a fresh database)."""
    check_not_newer(engine)
    before = current_revisions(engine)
    if before == (head_revision(),):
        return before
    if before:
        logger.warning("upgrading the relay database from revision %s to %s",
                       ", ".join(before), head_revision())
    elif is_pre_alembic(engine):
        logger.warning("the relay database predates migrations: bringing it to revision %s",
                       head_revision())
    config = alembic_config()
    with _migration_connection(engine) as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
        if connection.dialect.name == "sqlite":
            problems = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if problems:
                raise RuntimeError(f"the migration left broken references: {problems[:5]}")
    return before


@contextmanager
def _migration_connection(engine: Engine) -> Iterator[Connection]:
    """One transaction around all pending migrations.

    SQLite's driver commits DDL on its own and a table rebuild needs foreign keys off (which
    SQLite ignores inside a transaction): a connection of its own, in autocommit at the driver,
    foreign keys off, and an explicit ``BEGIN IMMEDIATE`` that holds every writer off.
    """
    if engine.dialect.name != "sqlite" or engine.url.database in (None, "", ":memory:"):
        with engine.begin() as connection:
            yield connection
        return
    own = create_engine(engine.url, poolclass=NullPool,
                        connect_args={"check_same_thread": False, "timeout": 10})

    @event.listens_for(own, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.execute("PRAGMA foreign_keys=OFF")
        cursor.close()

    @event.listens_for(own, "begin")
    def _begin(connection: Connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    try:
        with own.begin() as connection:
            yield connection
    finally:
        own.dispose()

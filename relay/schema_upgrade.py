"""Brings a database made by an older relay to the current table layout, at start-up.

``create_all`` only creates missing tables; it never changes an existing one. The one change
so far: event ids became per agent. ``events`` had the agent's event UUID alone as its
primary key and ``alerts.event_id`` was unique, so agent B's event that reused an id agent A
had used was taken for a duplicate and dropped. Now the key is (agent_id, id).
"""

from __future__ import annotations

import logging

from sqlalchemy import Engine, MetaData, Table, inspect
from sqlalchemy.schema import CreateIndex, CreateTable

from relay.models import Base

logger = logging.getLogger(__name__)

#: rebuilt in this order (alerts refer to events)
EVENT_TABLES = ("events", "alerts")


def event_ids_are_global(engine: Engine) -> bool:
    """True for a database whose ``events`` primary key is the event id alone."""
    inspector = inspect(engine)
    if not inspector.has_table("events"):
        return False
    return list(inspector.get_pk_constraint("events")["constrained_columns"]) == ["id"]


def upgrade(engine: Engine) -> None:
    """Move an older database to the current layout (a no-op for a current one)."""
    if not event_ids_are_global(engine):
        return
    logger.warning("upgrading the relay database: event ids become per agent")
    if engine.dialect.name == "sqlite":
        _rebuild_sqlite(engine)
    else:
        _alter_constraints(engine)


def _copy_columns(engine: Engine, name: str) -> list[str]:
    old = {column["name"] for column in inspect(engine).get_columns(name)}
    return [column.name for column in Base.metadata.tables[name].columns if column.name in old]


def _rebuild_sqlite(engine: Engine) -> None:
    """SQLite cannot alter a primary key: make each table anew, copy, drop, rename.

    The documented procedure (https://www.sqlite.org/lang_altertable.html#otheralter), with
    foreign keys off meanwhile and checked before the commit.
    """
    staging = MetaData()
    for table in Base.metadata.sorted_tables:
        table.to_metadata(staging)
    fresh: dict[str, Table] = {
        name: Base.metadata.tables[name].to_metadata(staging, name=f"upgrade_{name}")
        for name in EVENT_TABLES
    }
    columns = {name: _copy_columns(engine, name) for name in EVENT_TABLES}
    raw = engine.raw_connection()
    try:
        connection = raw.driver_connection
        assert connection is not None
        previous_isolation = connection.isolation_level
        connection.isolation_level = None  # statements below: our own BEGIN/COMMIT
        cursor = connection.cursor()
        cursor.execute("PRAGMA foreign_keys=OFF")
        try:
            cursor.execute("BEGIN IMMEDIATE")
            dialect = engine.dialect
            for name in EVENT_TABLES:
                cursor.execute(str(CreateTable(fresh[name]).compile(dialect=dialect)))
                listed = ", ".join(columns[name])
                cursor.execute(f"INSERT INTO upgrade_{name} ({listed}) "
                               f"SELECT {listed} FROM {name}")
            for name in reversed(EVENT_TABLES):
                cursor.execute(f"DROP TABLE {name}")
            for name in EVENT_TABLES:
                cursor.execute(f"ALTER TABLE upgrade_{name} RENAME TO {name}")
                for index in Base.metadata.tables[name].indexes:
                    cursor.execute(str(CreateIndex(index).compile(dialect=dialect)))
            problems = cursor.execute("PRAGMA foreign_key_check").fetchall()
            if problems:
                raise RuntimeError(f"database upgrade left broken references: {problems[:5]}")
            cursor.execute("COMMIT")
        except BaseException:
            cursor.execute("ROLLBACK")
            raise
        finally:
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()
            connection.isolation_level = previous_isolation
    finally:
        raw.close()


def _alter_constraints(engine: Engine) -> None:
    """PostgreSQL and the like: swap the constraints in place, in one transaction."""
    inspector = inspect(engine)
    events_pk = inspector.get_pk_constraint("events")["name"]
    alert_fks = [fk["name"] for fk in inspector.get_foreign_keys("alerts")
                 if fk["referred_table"] == "events"]
    alert_uniques = [u["name"] for u in inspector.get_unique_constraints("alerts")
                     if list(u["column_names"]) == ["event_id"]]
    with engine.begin() as connection:
        for name in alert_fks + alert_uniques:
            connection.exec_driver_sql(f'ALTER TABLE alerts DROP CONSTRAINT "{name}"')
        connection.exec_driver_sql(f'ALTER TABLE events DROP CONSTRAINT "{events_pk}"')
        connection.exec_driver_sql("ALTER TABLE events ADD PRIMARY KEY (agent_id, id)")
        connection.exec_driver_sql(
            "ALTER TABLE alerts ADD CONSTRAINT alerts_agent_event UNIQUE (agent_id, event_id)")
        connection.exec_driver_sql(
            "ALTER TABLE alerts ADD CONSTRAINT alerts_event_fk FOREIGN KEY (agent_id, event_id) "
            "REFERENCES events (agent_id, id)")

"""Alembic's entry point for the relay's migrations (run through ``relay.schema_migrations``,
which hands over the connection: this folder has no alembic.ini of its own)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from relay.models import Base


def run_migrations(connection: Connection) -> None:
    context.configure(connection=connection, target_metadata=Base.metadata,
                      transaction_per_migration=False)
    with context.begin_transaction():
        context.run_migrations()


_connection = context.config.attributes.get("connection")
if _connection is None:
    raise SystemExit("run the relay's migrations with `safety-relay db upgrade`")
run_migrations(_connection)

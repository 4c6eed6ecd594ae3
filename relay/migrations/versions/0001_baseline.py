"""Baseline: the relay's tables as the create_all era left them (before Alembic).

Upgrading from nothing creates them. A database made by an older relay (no ``alembic_version``)
runs this too: tables it already has are kept, the ones added since (agent_clocks,
auth_lockouts, escalation_deliveries) are created, and a database from the time event ids were
global (``events`` keyed by the event id alone, ``alerts.event_id`` unique) gets per-agent
event ids: on SQLite by rebuilding the two tables, on PostgreSQL by swapping constraints.

The tables are written out here, not taken from ``relay.models``: a migration describes the
schema of its own time.

Revision ID: 0001
Revises:
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

EVENT_TABLES = ("events", "alerts")  # rebuilt in this order (alerts refer to events)


def _when(name: str, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def baseline_tables(metadata: sa.MetaData, prefix: str = "") -> dict[str, sa.Table]:
    """The baseline's tables in ``metadata``; with ``prefix``, only the copies of the event
    tables that a rebuild fills (added to a ``metadata`` that holds the others)."""
    target = metadata
    if prefix:
        metadata = sa.MetaData()
    tables = [
        sa.Table(
            "agents", metadata,
            sa.Column("id", sa.String(36), primary_key=True),
            sa.Column("seat", sa.String(64), nullable=False, index=True),
            sa.Column("name", sa.String(128), nullable=False),
            _when("created_at"), _when("enrolled_at", True),
            sa.Column("secret_box", sa.LargeBinary, nullable=True),
            _when("revoked_at", True),
            sa.Column("workstation", sa.String(128), nullable=False),
            sa.Column("app_version", sa.String(64), nullable=False),
            sa.Column("state", sa.String(32), nullable=False),
            sa.Column("stopped", sa.Boolean, nullable=False),
            _when("last_seen", True), _when("selfcheck_at", True),
            sa.Column("selfcheck_passed", sa.Integer, nullable=True),
            sa.Column("selfcheck_failed", sa.Integer, nullable=True),
            sa.Column("selfcheck_failed_items", sa.Text, nullable=False),
        ),
        sa.Table(
            "agent_clocks", metadata,
            sa.Column("agent_id", sa.String(36), sa.ForeignKey("agents.id"), primary_key=True),
            sa.Column("offset_s", sa.Float, nullable=False),
            _when("measured_at"),
        ),
        sa.Table(
            "enrollment_codes", metadata,
            sa.Column("code_hash", sa.String(64), primary_key=True),
            sa.Column("agent_id", sa.String(36), sa.ForeignKey("agents.id"), nullable=False,
                      index=True),
            _when("created_at"), _when("expires_at"), _when("used_at", True),
        ),
        sa.Table(
            "supervisors", metadata,
            sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
            sa.Column("name", sa.String(128), nullable=False, unique=True),
            sa.Column("password_hash", sa.String(256), nullable=False),
            _when("created_at"),
        ),
        sa.Table(
            "session_tokens", metadata,
            sa.Column("token_hash", sa.String(64), primary_key=True),
            sa.Column("supervisor_id", sa.Integer, sa.ForeignKey("supervisors.id"),
                      nullable=False, index=True),
            _when("created_at"), _when("expires_at"),
        ),
        sa.Table(
            "nonces", metadata,
            sa.Column("agent_id", sa.String(36), primary_key=True),
            sa.Column("nonce", sa.String(64), primary_key=True),
            _when("seen_at"),
            sa.Index("nonces_seen_at", "seen_at"),
        ),
        sa.Table(
            f"{prefix}events", metadata,
            sa.Column("agent_id", sa.String(36), sa.ForeignKey("agents.id"), primary_key=True),
            sa.Column("id", sa.String(36), primary_key=True),
            sa.Column("kind", sa.String(64), nullable=False),
            _when("time"),
            sa.Column("priority", sa.Integer, nullable=False),
            sa.Column("payload", sa.Text, nullable=False),
            sa.Column("ref_id", sa.String(64), nullable=True),
            _when("received_at"),
            sa.Index("ix_events_ref_id", "ref_id"),
        ),
        sa.Table(
            f"{prefix}alerts", metadata,
            sa.Column("id", sa.String(36), primary_key=True),
            sa.Column("event_id", sa.String(36), nullable=False),
            sa.Column("agent_id", sa.String(36), sa.ForeignKey("agents.id"), nullable=False),
            sa.Column("kind", sa.String(64), nullable=False),
            sa.Column("state", sa.String(16), nullable=False),
            sa.Column("trigger", sa.String(64), nullable=False),
            _when("raised_at"), _when("received_at"),
            _when("acknowledged_at", True),
            sa.Column("acknowledged_by", sa.String(128), nullable=True),
            _when("resolved_at", True),
            sa.Column("resolved_by", sa.String(128), nullable=True),
            sa.Column("resolution_note", sa.Text, nullable=False),
            _when("cancelled_at", True), _when("first_shown_at", True),
            _when("escalated_at", True),
            sa.UniqueConstraint("agent_id", "event_id", name="alerts_agent_event"),
            # a rebuild renames {prefix}events to events: the reference names the final table
            sa.ForeignKeyConstraint(["agent_id", "event_id"], ["events.agent_id", "events.id"],
                                    name="alerts_event_fk"),
            sa.Index("ix_alerts_agent_id", "agent_id"),
            sa.Index("ix_alerts_state", "state"),
        ),
        sa.Table(
            "alert_notes", metadata,
            sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
            sa.Column("alert_id", sa.String(36), sa.ForeignKey("alerts.id"), nullable=False,
                      index=True),
            sa.Column("event_id", sa.String(36), nullable=True),
            sa.Column("author", sa.String(128), nullable=False),
            sa.Column("text", sa.Text, nullable=False),
            _when("created_at"),
        ),
        sa.Table(
            "alert_views", metadata,
            sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
            sa.Column("alert_id", sa.String(36), sa.ForeignKey("alerts.id"), nullable=False,
                      index=True),
            sa.Column("supervisor_id", sa.Integer, sa.ForeignKey("supervisors.id"),
                      nullable=False),
            _when("shown_at"),
            sa.UniqueConstraint("alert_id", "supervisor_id"),
        ),
        sa.Table(
            "auth_lockouts", metadata,
            sa.Column("key", sa.String(200), primary_key=True),
            _when("locked_until"),
        ),
        sa.Table(
            "escalation_deliveries", metadata,
            sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
            sa.Column("alert_id", sa.String(36), sa.ForeignKey("alerts.id"), nullable=False,
                      index=True),
            sa.Column("channel", sa.String(128), nullable=False),
            sa.Column("reason", sa.String(32), nullable=False),
            sa.Column("state", sa.String(16), nullable=False),
            sa.Column("attempts", sa.Integer, nullable=False),
            _when("created_at"), _when("next_attempt_at"),
            sa.Column("last_error", sa.Text, nullable=False),
            _when("delivered_at", True),
            sa.UniqueConstraint("alert_id", "channel"),
            sa.Index("escalation_deliveries_due", "state", "next_attempt_at"),
        ),
    ]
    if prefix:
        return {table.name: table.to_metadata(target) for table in tables
                if table.name.startswith(prefix)}
    return {table.name: table for table in tables}


def upgrade() -> None:
    bind = op.get_bind()
    inspector = sa.inspect(bind)
    existing = set(inspector.get_table_names())
    metadata = sa.MetaData()
    tables = baseline_tables(metadata)
    missing = [table for name, table in tables.items() if name not in existing]
    metadata.create_all(bind, tables=missing)
    if "events" in existing and _event_ids_are_global(inspector):
        if bind.dialect.name == "sqlite":
            _rebuild_sqlite(bind)
        else:
            _alter_constraints(bind, inspector)


def downgrade() -> None:
    raise NotImplementedError("the baseline cannot be downgraded")


def _event_ids_are_global(inspector: sa.Inspector) -> bool:
    return list(inspector.get_pk_constraint("events")["constrained_columns"]) == ["id"]


def _rebuild_sqlite(bind: sa.Connection) -> None:
    """SQLite cannot alter a primary key: make each table anew, copy, drop, rename
    (https://www.sqlite.org/lang_altertable.html#otheralter). ``relay.schema_migrations``
    turns foreign keys off for the migration and checks them before the commit."""
    metadata = sa.MetaData()
    final = baseline_tables(metadata)
    fresh = baseline_tables(metadata, prefix="upgrade_")
    inspector = sa.inspect(bind)
    for name in EVENT_TABLES:
        copy = fresh[f"upgrade_{name}"]
        for index in list(copy.indexes):
            copy.indexes.discard(index)  # made after the rename, under their own names
        copy.create(bind)
        old = {column["name"] for column in inspector.get_columns(name)}
        listed = ", ".join(column.name for column in copy.columns if column.name in old)
        bind.exec_driver_sql(f"INSERT INTO upgrade_{name} ({listed}) SELECT {listed} FROM {name}")
    for name in reversed(EVENT_TABLES):
        bind.exec_driver_sql(f"DROP TABLE {name}")
    for name in EVENT_TABLES:
        bind.exec_driver_sql(f"ALTER TABLE upgrade_{name} RENAME TO {name}")
    for name in EVENT_TABLES:
        for index in final[name].indexes:
            index.create(bind)


def _alter_constraints(bind: sa.Connection, inspector: sa.Inspector) -> None:
    """PostgreSQL and the like: swap the constraints in place (in the migration's
    transaction)."""
    events_pk = inspector.get_pk_constraint("events")["name"]
    alert_fks = [fk["name"] for fk in inspector.get_foreign_keys("alerts")
                 if fk["referred_table"] == "events"]
    alert_uniques = [u["name"] for u in inspector.get_unique_constraints("alerts")
                     if list(u["column_names"]) == ["event_id"]]
    for name in alert_fks + alert_uniques:
        bind.exec_driver_sql(f'ALTER TABLE alerts DROP CONSTRAINT "{name}"')
    bind.exec_driver_sql(f'ALTER TABLE events DROP CONSTRAINT "{events_pk}"')
    bind.exec_driver_sql("ALTER TABLE events ADD PRIMARY KEY (agent_id, id)")
    bind.exec_driver_sql(
        "ALTER TABLE alerts ADD CONSTRAINT alerts_agent_event UNIQUE (agent_id, event_id)")
    bind.exec_driver_sql(
        "ALTER TABLE alerts ADD CONSTRAINT alerts_event_fk FOREIGN KEY (agent_id, event_id) "
        "REFERENCES events (agent_id, id)")

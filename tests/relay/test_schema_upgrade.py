"""A database made when event ids were global (before migrations) is upgraded at start-up by
the baseline migration and keeps its data."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import (
    Column,
    Engine,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    inspect,
)

from relay import schema_migrations, store
from relay.db import UTCDateTime
from relay.models import Base
from tests.relay.postgres_cluster import DATABASES, on_both_databases
from tests.relay.support import (
    SUPERVISOR_PASSWORD,
    RelayFiles,
    add_supervisor,
    enroll_directly,
    make_relay,
    signed,
    wire_event,
)


@pytest.fixture(params=DATABASES)
def relay_db_url(request: pytest.FixtureRequest) -> str | None:
    return on_both_databases(request)


EVENT_TABLES = ("events", "alerts")


def event_ids_are_global(engine: Engine) -> bool:
    return list(inspect(engine).get_pk_constraint("events")["constrained_columns"]) == ["id"]


def old_layout() -> MetaData:
    """The tables as the relay made them while event ids were global."""
    metadata = MetaData()
    for table in Base.metadata.sorted_tables:
        if table.name not in EVENT_TABLES:
            table.to_metadata(metadata)
    Table("events", metadata,
          Column("id", String(36), primary_key=True),
          Column("agent_id", ForeignKey("agents.id"), index=True),
          Column("kind", String(64)), Column("time", UTCDateTime),
          Column("priority", Integer), Column("payload", Text),
          Column("ref_id", String(64), nullable=True, index=True),
          Column("received_at", UTCDateTime))
    Table("alerts", metadata,
          Column("id", String(36), primary_key=True),
          Column("event_id", ForeignKey("events.id"), unique=True),
          Column("agent_id", ForeignKey("agents.id"), index=True),
          Column("kind", String(64)), Column("state", String(16), index=True),
          Column("trigger", String(64)), Column("raised_at", UTCDateTime),
          Column("received_at", UTCDateTime),
          *[Column(name, UTCDateTime, nullable=True) for name in (
              "acknowledged_at", "resolved_at", "cancelled_at", "first_shown_at",
              "escalated_at")],
          Column("acknowledged_by", String(128), nullable=True),
          Column("resolved_by", String(128), nullable=True),
          Column("resolution_note", Text))
    return metadata


def test_old_database_is_upgraded_and_keeps_its_alerts(tmp_path: Path,
                                                       relay_db_url: str | None) -> None:
    url = relay_db_url or RelayFiles(tmp_path).db_url
    old_metadata = old_layout()
    engine = create_engine(url)
    old_metadata.create_all(engine)
    panic_id = str(uuid.uuid4())  # the old relay's agent A used it
    alert_id = str(uuid.uuid4())
    now = datetime(2030, 1, 1, 8, tzinfo=UTC)
    with engine.begin() as connection:
        agents = old_metadata.tables["agents"]
        connection.execute(agents.insert().values(
            id="agent-a", seat="A-01", name="", created_at=now, workstation="", app_version="",
            state="active", stopped=False, selfcheck_failed_items=""))
        connection.execute(old_metadata.tables["events"].insert().values(
            id=panic_id, agent_id="agent-a", kind="panic.alert", time=now, priority=0,
            payload="{}", ref_id=None, received_at=now))
        connection.execute(old_metadata.tables["alerts"].insert().values(
            id=alert_id, event_id=panic_id, agent_id="agent-a", kind="panic.alert",
            state="open", trigger="hotkey", raised_at=now, received_at=now,
            resolution_note=""))
        connection.execute(old_metadata.tables["alert_notes"].insert().values(
            alert_id=alert_id, event_id=None, author="agent", text="门口有人", created_at=now))
    assert event_ids_are_global(engine) and schema_migrations.is_pre_alembic(engine)
    engine.dispose()

    relay = make_relay(tmp_path, db_url=url)
    try:
        assert not event_ids_are_global(relay.db.engine)
        assert schema_migrations.current_revisions(relay.db.engine) == (
            schema_migrations.head_revision(),)
        columns = inspect(relay.db.engine).get_pk_constraint("events")["constrained_columns"]
        assert sorted(columns) == ["agent_id", "id"]
        other = enroll_directly(relay.db, relay.service.box, "B-01")
        add_supervisor(relay.db, "lead")
        with TestClient(relay.app) as client:
            token = client.post("/api/v1/auth/login", json={
                "name": "lead", "password": SUPERVISOR_PASSWORD}).json()["token"]
            auth = {"Authorization": f"Bearer {token}"}
            reused = wire_event("panic.alert", {"trigger": "pedal"}, 0, event_id=panic_id)
            body, headers = signed(other, "POST", "/api/v1/events", {"events": [reused]})
            answer = client.post("/api/v1/events", content=body, headers=headers)
            assert answer.status_code == 200, answer.text
            assert answer.json() == {"stored": [panic_id], "duplicate": []}
            alerts = {a["seat"]: a for a in client.get("/api/v1/alerts", headers=auth).json()}
            assert alerts["A-01"]["id"] == alert_id and alerts["A-01"]["trigger"] == "hotkey"
            assert [n["text"] for n in alerts["A-01"]["notes"]] == ["门口有人"]
            assert alerts["B-01"]["event_id"] == panic_id
            acked = client.post(f"/api/v1/alerts/{alert_id}/ack", headers=auth)
            assert acked.status_code == 200, acked.text
            assert acked.json()["state"] == "acknowledged"
        assert relay.db.call(store.stats) == {"events": 2, "alerts": 2, "open_alerts": 2,
                                               "agents": 2}
    finally:
        relay.close()

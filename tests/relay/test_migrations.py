"""Alembic migrations: a relay database of every age is brought to the newest schema with its
data intact, and a database made by a newer relay is refused before anything is touched."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from fastapi.testclient import TestClient
from sqlalchemy import Engine, create_engine, inspect, select, text
from sqlalchemy.orm import Session

from relay import cli, credentials, schema_migrations
from relay.db import make_engine
from relay.models import (
    Agent,
    AgentClock,
    Alert,
    AlertNote,
    AlertView,
    AuthLockout,
    Base,
    EnrollmentCode,
    EscalationDelivery,
    Event,
    Nonce,
    SessionToken,
    Supervisor,
)
from tests.relay.postgres_cluster import DATABASES, on_both_databases
from tests.relay.support import SUPERVISOR_PASSWORD, RelayFiles, make_relay

NOW = datetime(2030, 1, 1, 8, tzinfo=UTC)


@pytest.fixture(params=DATABASES)
def relay_db_url(request: pytest.FixtureRequest) -> str | None:
    return on_both_databases(request)


@pytest.fixture
def url(tmp_path: Path, relay_db_url: str | None) -> str:
    return relay_db_url or RelayFiles(tmp_path).db_url


def fill(engine: Engine) -> None:
    """One row in every table, as a relay of the create_all era stored them."""
    with Session(engine) as session, session.begin():
        session.add(Agent(id="agent-a", seat="A-01", name="张三", created_at=NOW,
                          enrolled_at=NOW, secret_box=b"\x01\x02", workstation="WS-1",
                          app_version="1.4", state="active", stopped=False, last_seen=NOW,
                          selfcheck_at=NOW, selfcheck_passed=7, selfcheck_failed=1,
                          selfcheck_failed_items="lock"))
        session.add(Supervisor(id=1, name="lead", created_at=NOW,
                               password_hash=credentials.hash_password(SUPERVISOR_PASSWORD)))
        session.flush()
        session.add(AgentClock(agent_id="agent-a", offset_s=1.5, measured_at=NOW))
        session.add(EnrollmentCode(code_hash="c" * 64, agent_id="agent-a", created_at=NOW,
                                   expires_at=NOW + timedelta(hours=24), used_at=NOW))
        session.add(SessionToken(token_hash="t" * 64, supervisor_id=1, created_at=NOW,
                                 expires_at=NOW + timedelta(hours=8)))
        session.add(Nonce(agent_id="agent-a", nonce="n-1", seen_at=NOW))
        session.add(Event(agent_id="agent-a", id="e-1", kind="panic.alert", time=NOW,
                          priority=0, payload='{"trigger": "hotkey"}', ref_id=None,
                          received_at=NOW))
        session.flush()
        session.add(Alert(id="alert-1", event_id="e-1", agent_id="agent-a", kind="panic.alert",
                          state="acknowledged", trigger="hotkey", raised_at=NOW,
                          received_at=NOW, acknowledged_at=NOW, acknowledged_by="lead",
                          resolution_note=""))
        session.flush()
        session.add(AlertNote(alert_id="alert-1", event_id="e-1", author="agent",
                              text="门口有人", created_at=NOW))
        session.add(AlertView(alert_id="alert-1", supervisor_id=1, shown_at=NOW))
        session.add(AuthLockout(key="account:lead", locked_until=NOW + timedelta(minutes=15)))
        session.add(EscalationDelivery(alert_id="alert-1", channel="dingtalk", reason="no_console",
                                       state="delivered", attempts=2, created_at=NOW,
                                       next_attempt_at=NOW, last_error="", delivered_at=NOW))


def dump(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every relay table, in a comparable order."""
    rows: dict[str, list[tuple[Any, ...]]] = {}
    with engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            columns = sorted(table.columns, key=lambda column: column.name)
            result = connection.execute(select(*columns))
            rows[table.name] = sorted((tuple(row) for row in result), key=repr)
    return rows


def test_a_database_from_before_migrations_is_upgraded_and_reads_back(url: str,
                                                                       tmp_path: Path) -> None:
    old = create_engine(url)
    Base.metadata.create_all(old)  # how every relay before migrations made its schema
    fill(old)
    before = dump(old)
    assert schema_migrations.is_pre_alembic(old)
    old.dispose()

    relay = make_relay(tmp_path, db_url=url)
    try:
        engine = relay.db.engine
        assert schema_migrations.current_revisions(engine) == (
            schema_migrations.head_revision(),)
        assert dump(engine) == before
        assert all(len(rows) == 1 for rows in before.values())
        with TestClient(relay.app) as client:
            token = client.post("/api/v1/auth/login", json={
                "name": "lead", "password": SUPERVISOR_PASSWORD}).json()["token"]
            alerts = client.get("/api/v1/alerts",
                                headers={"Authorization": f"Bearer {token}"}).json()
        assert [(a["id"], a["state"], a["seat"]) for a in alerts] == [
            ("alert-1", "acknowledged", "A-01")]
        assert [n["text"] for n in alerts[0]["notes"]] == ["门口有人"]
    finally:
        relay.close()


def test_a_database_missing_the_newer_tables_gets_them(url: str) -> None:
    """A relay from before agent clocks, login lockouts and the escalation outbox."""
    old = create_engine(url)
    later = {"agent_clocks", "auth_lockouts", "escalation_deliveries"}
    Base.metadata.create_all(old, tables=[t for t in Base.metadata.sorted_tables
                                          if t.name not in later])
    old.dispose()
    engine = make_engine(url)
    try:
        assert later <= set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_migrations_make_exactly_the_models_tables(url: str) -> None:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            differences = compare_metadata(MigrationContext.configure(connection),
                                           Base.metadata)
    finally:
        engine.dispose()
    assert differences == []


def stamp_future(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    engine.dispose()


def test_a_database_made_by_a_newer_relay_is_refused(url: str, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    make_engine(url).dispose()
    stamp_future(url)
    with pytest.raises(schema_migrations.DatabaseTooNew, match="newer relay"):
        make_engine(url)
    code = cli.main(["--db", url, "serve", "--port", "1", "--key-file",
                     str(tmp_path / "relay.key")])
    err = capsys.readouterr().err
    assert code == cli.EXIT_FAILED
    assert "made by a newer relay" in err and "9999_future" in err
    assert "Traceback" not in err
    code = cli.main(["--db", url, "db", "current"])
    out = capsys.readouterr().out
    assert code == 0 and "newer relay" in out


def test_db_current_and_upgrade_commands(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    head = schema_migrations.head_revision()
    assert cli.main(["--db", url, "db", "current"]) == 0
    assert "empty" in capsys.readouterr().out
    assert cli.main(["--db", url, "db", "upgrade"]) == 0
    assert head in capsys.readouterr().out
    assert cli.main(["--db", url, "db", "current"]) == 0
    assert capsys.readouterr().out.strip() == f"{head} (up to date)"
    assert cli.main(["--db", url, "db", "upgrade"]) == 0
    assert "already" in capsys.readouterr().out

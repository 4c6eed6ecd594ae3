"""Masking at the relay: no free text reaches its database with a raw customer identifier."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import MetaData, select

from tests.relay.postgres_cluster import DATABASES, on_both_databases
from tests.relay.support import EnrolledAgent, Relay, signed, wire_event

EVENTS = "/api/v1/events"
RESIDENT_ID = "11010519491231002X"
MOBILE = "13812345678"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(params=DATABASES)
def relay_db_url(request: pytest.FixtureRequest) -> str | None:
    return on_both_databases(request)


def send(client: TestClient, agent: EnrolledAgent, *events: dict[str, object]) -> None:
    body, headers = signed(agent, "POST", EVENTS, {"events": list(events)})
    response = client.post(EVENTS, content=body, headers=headers)
    assert response.status_code == 200, response.text


def database_dump(relay: Relay) -> str:
    """Every row of every table the database holds (read by reflection, not the models): on
    SQLite with the sqlite3 module straight from the file."""
    if relay.db.is_sqlite:
        connection = sqlite3.connect(relay.files.root / "relay.sqlite3")
        try:
            tables = [row[0] for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")]
            return "\n".join(repr(row) for table in tables
                             for row in connection.execute(f'SELECT * FROM "{table}"'))
        finally:
            connection.close()
    metadata = MetaData()
    metadata.reflect(relay.db.engine)
    with relay.db.engine.connect() as db:
        return "\n".join(repr(tuple(row)) for table in metadata.sorted_tables
                         for row in db.execute(select(table)))


def test_resolve_note_with_a_resident_id_is_stored_masked(
    relay: Relay, client: TestClient, agent: EnrolledAgent, auth: dict[str, str]
) -> None:
    panic = wire_event("panic.alert", {"trigger": "hotkey"}, 0)
    send(client, agent, panic)
    alert = client.get("/api/v1/alerts?state=open", headers=auth).json()[0]
    note = f"客户身份证 {RESIDENT_ID}，已报警"
    resolved = client.post(f"/api/v1/alerts/{alert['id']}/resolve", headers=auth,
                           json={"note": note})
    assert resolved.status_code == 200, resolved.text
    shown = resolved.json()["resolution_note"]
    assert RESIDENT_ID not in shown and "110" in shown and "002X" in shown
    assert shown.startswith("客户身份证 ") and shown.endswith("，已报警")

    assert RESIDENT_ID not in database_dump(relay)
    cli = subprocess.run(
        [sys.executable, "-m", "relay.cli", "--db", relay.files.db_url, "alerts", "--json"],
        cwd=ROOT, capture_output=True, text=True, timeout=60, check=True,
    )
    rows = [json.loads(line) for line in cli.stdout.splitlines()]
    assert rows and rows[0]["resolution_note"] == shown
    assert RESIDENT_ID not in cli.stdout


def test_agent_note_and_event_payload_text_are_masked_at_the_relay(
    relay: Relay, client: TestClient, agent: EnrolledAgent, auth: dict[str, str]
) -> None:
    # an older or modified agent that does not mask: the relay still does
    panic = wire_event("panic.alert", {"trigger": "hotkey", "user": f"手机 {MOBILE}"}, 0)
    send(client, agent, panic)
    send(client, agent, wire_event(
        "panic.note", {"alert_id": panic["id"], "note": f"他念了身份证号 {RESIDENT_ID}"}, 1))
    send(client, agent, wire_event("selfcheck.completed", {
        "passed": 3, "failed": 1, "items": [{"name": "clipboard", "ok": False,
                                             "detail": f"剪贴板里有 {MOBILE}"}]}))
    alert = client.get("/api/v1/alerts", headers=auth).json()[0]
    assert alert["notes"][0]["text"].startswith("他念了身份证号 ")
    assert RESIDENT_ID not in alert["notes"][0]["text"]
    dump = database_dump(relay)
    assert RESIDENT_ID not in dump and MOBILE not in dump
    assert panic["id"] in dump  # identifiers such as the alert reference are kept


def test_identifiers_sent_as_json_numbers_are_never_stored(
    relay: Relay, client: TestClient, agent: EnrolledAgent, auth: dict[str, str]
) -> None:
    """The payload models refuse unknown fields, so a number can only come in a numeric field
    (a self-check's counts). One that reads as an identifier would be masked into text, so
    the event is refused, naming the field, not the number; a text field's identifier is
    stored masked."""
    resident_digits = 110105194912310038  # a valid resident-ID number ending in a digit
    forged = wire_event("selfcheck.completed", {"passed": resident_digits, "failed": int(MOBILE)}, 0)
    body, headers = signed(agent, "POST", EVENTS, {"events": [forged]})
    refused = client.post(EVENTS, content=body, headers=headers)
    assert refused.status_code == 422
    assert "passed" in refused.text and str(resident_digits) not in refused.text and MOBILE not in refused.text
    check = wire_event("selfcheck.completed", {
        "passed": 1, "failed": 0, "items": [{"name": "screen_locked", "ok": True, "detail": f"客户 {MOBILE}"}]}, 1)
    with client.websocket_connect(f"/api/v1/stream?token={auth['Authorization'][7:]}") as ws:
        assert ws.receive_json()["type"] == "snapshot"
        ws.receive_json()  # supervisors: 1
        send(client, agent, check)
        event = ws.receive_json()
        while event["type"] != "event":  # the agent's presence comes first
            event = ws.receive_json()
    assert event["data"]["payload"]["items"][0]["detail"] == "客户 138****5678"
    dump = database_dump(relay)
    assert str(resident_digits) not in dump and MOBILE not in dump
    # ordinary numbers pass unchanged
    send(client, agent, wire_event("selfcheck.completed", {"passed": 3, "failed": 1}))
    [row] = client.get("/api/v1/agents", headers=auth).json()
    assert (row["selfcheck"]["passed"], row["selfcheck"]["failed"]) == (3, 1)


def test_workstation_and_version_texts_are_masked(relay: Relay, client: TestClient,
                                                  agent: EnrolledAgent) -> None:
    from relay import store

    _view, code, _expires = relay.db.call(lambda s: store.create_agent(s, "P-02"))
    enrolled = client.post("/api/v1/enroll", json={
        "code": code, "workstation": f"客户 {MOBILE} 的电脑", "app_version": f"v {MOBILE}"})
    assert enrolled.status_code == 200, enrolled.text
    body, headers = signed(agent, "POST", "/api/v1/heartbeat",
                           {"state": "active", "app_version": f"build {MOBILE}"})
    assert client.post("/api/v1/heartbeat", content=body, headers=headers).status_code == 200
    assert MOBILE not in database_dump(relay)

"""Enrollment codes: single use, 24 h, stored hashed; agent secrets encrypted at rest."""

from __future__ import annotations

import base64
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient

from relay import store
from relay.db import utcnow
from tests.relay.postgres_cluster import DATABASES, on_both_databases
from tests.relay.support import Relay

ENROLL = "/api/v1/enroll"


@pytest.fixture(params=DATABASES)
def relay_db_url(request: pytest.FixtureRequest) -> str | None:
    """Every test here runs on SQLite and on PostgreSQL."""
    return on_both_databases(request)


def new_code(relay: Relay, seat: str = "B-07", hours_ago: float = 0.0) -> tuple[str, str]:
    created = utcnow() - timedelta(hours=hours_ago)
    view, code, _ = relay.db.call(lambda s: store.create_agent(s, seat, "李四", now=created))
    return view["id"], code


def test_code_works_once(relay: Relay, client: TestClient) -> None:
    agent_id, code = new_code(relay)
    body = {"code": code, "workstation": "WS-07", "app_version": "1.2.0"}
    first = client.post(ENROLL, json=body)
    assert first.status_code == 200, first.text
    data = first.json()
    assert data["agent_id"] == agent_id
    assert data["seat"] == "B-07" and data["name"] == "李四"
    assert len(base64.urlsafe_b64decode(data["secret"] + "=")) == 32
    again = client.post(ENROLL, json=body)
    assert again.status_code == 410
    assert "already used" in again.json()["detail"]


def test_code_is_case_and_dash_insensitive(relay: Relay, client: TestClient) -> None:
    _, code = new_code(relay)
    sloppy = code.replace("-", " ").lower()
    assert client.post(ENROLL, json={"code": sloppy}).status_code == 200


def test_expired_code_is_refused(relay: Relay, client: TestClient) -> None:
    _, code = new_code(relay, hours_ago=25)
    response = client.post(ENROLL, json={"code": code, "workstation": "WS", "app_version": "1"})
    assert response.status_code == 410
    assert "expired" in response.json()["detail"]


def test_wrong_code_is_refused(relay: Relay, client: TestClient) -> None:
    new_code(relay)
    response = client.post(ENROLL, json={"code": "AAAA-BBBB-CCCC-DDDD"})
    assert response.status_code == 401
    assert "not recognised" in response.json()["detail"]


def test_code_of_revoked_agent_is_refused(relay: Relay, client: TestClient) -> None:
    agent_id, code = new_code(relay)
    relay.db.call(lambda s: store.revoke_agent(s, agent_id))
    response = client.post(ENROLL, json={"code": code})
    assert response.status_code == 401  # revoking deletes unused codes


def test_code_and_secret_never_stored_in_clear(relay: Relay, client: TestClient) -> None:
    _, code = new_code(relay)
    secret = client.post(ENROLL, json={"code": code}).json()["secret"]
    relay.db.engine.dispose()
    raw = b"".join(
        path.read_bytes() for path in relay.files.root.glob("relay.sqlite3*")
    )
    assert code.encode() not in raw
    assert code.replace("-", "").encode() not in raw
    assert secret.encode() not in raw
    assert base64.urlsafe_b64decode(secret + "=") not in raw

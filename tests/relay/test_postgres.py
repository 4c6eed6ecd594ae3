"""The same relay code on PostgreSQL, in a throwaway cluster (``postgres_url`` in conftest.py:
a failure, not a skip, when the machine has no server, unless SAFETY_SKIP_POSTGRES=1)."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from relay import store
from tests.relay.support import (
    SUPERVISOR_PASSWORD,
    add_supervisor,
    enroll_directly,
    make_relay,
    signed,
    wire_event,
)

pytestmark = pytest.mark.slow


def test_relay_on_postgresql(postgres_url: str, tmp_path: Path) -> None:
    relay = make_relay(tmp_path, db_url=postgres_url)
    try:
        agent = enroll_directly(relay.db, relay.service.box, "PG-01", "钱八")
        add_supervisor(relay.db, "pg-lead")
        with TestClient(relay.app) as client:
            token = client.post("/api/v1/auth/login", json={
                "name": "pg-lead", "password": SUPERVISOR_PASSWORD}).json()["token"]
            auth = {"Authorization": f"Bearer {token}"}
            panic = wire_event("panic.alert", {"trigger": "hotkey"}, 0)
            batch = {"events": [panic, wire_event("selfcheck.completed", {"passed": 2})]}
            for expected in ("stored", "duplicate"):
                body, headers = signed(agent, "POST", "/api/v1/events", batch)
                answer = client.post("/api/v1/events", content=body, headers=headers).json()
                assert len(answer[expected]) == 2
            body, headers = signed(agent, "POST", "/api/v1/heartbeat",
                                   {"state": "idle", "app_version": "9"}, nonce="pg-nonce")
            assert client.post("/api/v1/heartbeat", content=body, headers=headers).status_code \
                == 200
            replay = client.post("/api/v1/heartbeat", content=body, headers=headers)
            assert replay.status_code == 409
            alert = client.get("/api/v1/alerts", headers=auth).json()[0]
            acked = client.post(f"/api/v1/alerts/{alert['id']}/ack", headers=auth).json()
            assert acked["state"] == "acknowledged"
            agents = client.get("/api/v1/agents", headers=auth).json()
            assert agents[0]["state"] == "idle" and agents[0]["selfcheck"]["passed"] == 2
        assert relay.db.call(store.stats)["events"] == 2
    finally:
        relay.close()

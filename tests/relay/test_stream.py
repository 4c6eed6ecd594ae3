"""Console websocket: snapshot, live alerts to every console, the first ack shown to all."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from starlette.testclient import WebSocketTestSession
from starlette.websockets import WebSocketDisconnect

from tests.relay.postgres_cluster import DATABASES, on_both_databases
from tests.relay.support import (
    SUPERVISOR_PASSWORD,
    EnrolledAgent,
    Relay,
    add_supervisor,
    signed,
    wire_event,
)


@pytest.fixture(params=DATABASES)
def relay_db_url(request: pytest.FixtureRequest) -> str | None:
    return on_both_databases(request)


def next_of(ws: WebSocketTestSession, kind: str, limit: int = 20) -> dict[str, Any]:
    for _ in range(limit):
        message = ws.receive_json()
        if message["type"] == kind:
            return dict(message["data"])
    raise AssertionError(f"no {kind} message")


def login(client: TestClient, name: str) -> str:
    response = client.post("/api/v1/auth/login", json={"name": name, "password": SUPERVISOR_PASSWORD})
    return str(response.json()["token"])


def test_alert_reaches_both_consoles_and_ack_is_shared(relay: Relay, client: TestClient,
                                                        agent: EnrolledAgent) -> None:
    add_supervisor(relay.db, "wang")
    add_supervisor(relay.db, "zhao")
    wang, zhao = login(client, "wang"), login(client, "zhao")
    with client.websocket_connect(f"/api/v1/stream?token={wang}") as ws1, \
            client.websocket_connect(f"/api/v1/stream?token={zhao}") as ws2:
        snapshot = next_of(ws1, "snapshot")
        assert snapshot["agents"][0]["seat"] == "A-01" and snapshot["alerts"] == []
        next_of(ws2, "snapshot")
        assert next_of(ws1, "supervisors")["online"] >= 1

        body, headers = signed(agent, "POST", "/api/v1/heartbeat",
                               {"state": "active", "app_version": "1"})
        beat = client.post("/api/v1/heartbeat", content=body, headers=headers).json()
        assert beat["supervisors_online"] == 2

        panic = wire_event("panic.alert", {"trigger": "hotkey"}, 0)
        body, headers = signed(agent, "POST", "/api/v1/events", {"events": [panic]})
        assert client.post("/api/v1/events", content=body, headers=headers).status_code == 200
        alert1 = next_of(ws1, "alert")
        alert2 = next_of(ws2, "alert")
        assert alert1["id"] == alert2["id"] and alert1["event_id"] == panic["id"]

        ws1.send_json({"type": "ack", "alert_id": alert1["id"]})
        update = next_of(ws2, "alert.updated")
        assert update["state"] == "acknowledged" and update["acknowledged_by"] == "wang"
        assert next_of(ws1, "alert.updated")["acknowledged_by"] == "wang"

        late = client.post(f"/api/v1/alerts/{alert1['id']}/ack",
                           headers={"Authorization": f"Bearer {zhao}"})
        assert late.status_code == 200
        assert late.json()["acknowledged_by"] == "wang"  # the first ack wins


def test_events_are_streamed(relay: Relay, client: TestClient, agent: EnrolledAgent,
                             token: str) -> None:
    with client.websocket_connect(f"/api/v1/stream?token={token}") as ws:
        next_of(ws, "snapshot")
        event = wire_event("selfcheck.completed", {"passed": 3, "failed": 0})
        body, headers = signed(agent, "POST", "/api/v1/events", {"events": [event]})
        client.post("/api/v1/events", content=body, headers=headers)
        streamed = next_of(ws, "event")
        assert streamed["id"] == event["id"] and streamed["kind"] == "selfcheck.completed"
        assert next_of(ws, "agent.updated")["selfcheck"]["passed"] == 3


def test_stream_refuses_a_bad_token(client: TestClient) -> None:
    with (
        pytest.raises(WebSocketDisconnect) as info,
        client.websocket_connect("/api/v1/stream?token=forged") as ws,
    ):
        ws.receive_json()
    assert info.value.code == 1008


def test_supervisors_online_counts_connected_consoles(client: TestClient, token: str) -> None:
    auth = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/v1/supervisors/online", headers=auth).json()["online"] == 0
    with client.websocket_connect(f"/api/v1/stream?token={token}") as ws:
        next_of(ws, "snapshot")
        online = client.get("/api/v1/supervisors/online", headers=auth).json()
        assert online == {"online": 1, "names": ["lead"]}

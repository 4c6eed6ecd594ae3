"""Events: stored once per UUID, alert lifecycle, notes, self-check, stopping, presence."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from relay import store
from tests.relay.postgres_cluster import DATABASES, on_both_databases
from tests.relay.support import EnrolledAgent, Relay, signed, wire_event

EVENTS = "/api/v1/events"


@pytest.fixture(params=DATABASES)
def relay_db_url(request: pytest.FixtureRequest) -> str | None:
    """Every test here runs on SQLite and on PostgreSQL."""
    return on_both_databases(request)


def send(client: TestClient, agent: EnrolledAgent, *events: dict[str, Any]) -> dict[str, Any]:
    body, headers = signed(agent, "POST", EVENTS, {"events": list(events)})
    response = client.post(EVENTS, content=body, headers=headers)
    assert response.status_code == 200, response.text
    return dict(response.json())


def updates(client: TestClient, agent: EnrolledAgent) -> dict[str, Any]:
    _body, headers = signed(agent, "GET", "/api/v1/agent/updates")
    response = client.get("/api/v1/agent/updates", headers=headers)
    assert response.status_code == 200, response.text
    return dict(response.json())


def test_same_batch_twice_is_stored_once(relay: Relay, client: TestClient,
                                         agent: EnrolledAgent) -> None:
    batch = [wire_event("selfcheck.completed"), wire_event("panic.test", priority=0)]
    first = send(client, agent, *batch)
    assert sorted(first["stored"]) == sorted(e["id"] for e in batch)
    assert first["duplicate"] == []
    second = send(client, agent, *batch)
    assert second["stored"] == []
    assert sorted(second["duplicate"]) == sorted(e["id"] for e in batch)
    assert relay.db.call(store.stats)["events"] == 2
    assert relay.db.call(store.stats)["alerts"] == 1


def test_duplicate_inside_one_batch(relay: Relay, client: TestClient,
                                    agent: EnrolledAgent) -> None:
    event = wire_event("selfcheck.completed")
    result = send(client, agent, event, event)
    assert result == {"stored": [event["id"]], "duplicate": [event["id"]]}


def test_alert_lifecycle(client: TestClient, agent: EnrolledAgent, auth: dict[str, str]) -> None:
    panic = wire_event("panic.alert", {"trigger": "hotkey", "user": "138****0000"}, 0)
    send(client, agent, panic)
    alerts = client.get("/api/v1/alerts?state=open", headers=auth).json()
    assert len(alerts) == 1
    alert = alerts[0]
    assert alert["event_id"] == panic["id"]
    assert alert["seat"] == "A-01" and alert["agent_name"] == "张三"
    assert alert["trigger"] == "hotkey" and alert["test"] is False
    assert updates(client, agent)["acknowledged"] == []

    shown = client.post(f"/api/v1/alerts/{alert['id']}/shown", headers=auth)
    assert shown.status_code == 200 and shown.json()["first_shown_at"]
    assert updates(client, agent)["shown"][0]["alert_id"] == alert["id"]

    acked = client.post(f"/api/v1/alerts/{alert['id']}/ack", headers=auth).json()
    assert acked["state"] == "acknowledged" and acked["acknowledged_by"] == "lead"
    marks = updates(client, agent)["acknowledged"]
    assert marks == [{"alert_id": alert["id"], "event_id": panic["id"],
                      "at": acked["acknowledged_at"]}]

    resolved = client.post(f"/api/v1/alerts/{alert['id']}/resolve", headers=auth,
                           json={"note": "called the agent, all fine"})
    assert resolved.status_code == 200
    assert resolved.json()["state"] == "resolved"
    assert resolved.json()["notes"][-1]["text"] == "called the agent, all fine"
    again = client.post(f"/api/v1/alerts/{alert['id']}/resolve", headers=auth, json={})
    assert again.status_code == 409
    assert client.get("/api/v1/alerts?state=open", headers=auth).json() == []


def test_unknown_alert_is_404(client: TestClient, auth: dict[str, str]) -> None:
    response = client.post("/api/v1/alerts/0000-1111/ack", headers=auth)
    assert response.status_code == 404
    assert "no alert" in response.json()["detail"]


def test_cancel_and_note(client: TestClient, agent: EnrolledAgent, auth: dict[str, str]) -> None:
    panic = wire_event("panic.alert", {"trigger": "button"}, 0)
    send(client, agent, panic)
    send(client, agent, wire_event("panic.note", {"alert_id": panic["id"], "note": "误触 mis-press"}, 1))
    send(client, agent, wire_event("panic.cancel", {"alert_id": panic["id"]}, 1))
    alert = client.get("/api/v1/alerts", headers=auth).json()[0]
    assert alert["state"] == "cancelled"
    assert alert["notes"][0] == {"author": "agent", "text": "误触 mis-press", "at": alert["notes"][0]["at"]}
    response = client.post(f"/api/v1/alerts/{alert['id']}/ack", headers=auth)
    assert response.status_code == 409


def test_cancel_arriving_before_its_alert(client: TestClient, agent: EnrolledAgent,
                                          auth: dict[str, str]) -> None:
    panic = wire_event("panic.alert", {}, 0)
    send(client, agent, wire_event("panic.cancel", {"alert_id": panic["id"]}, 1))
    send(client, agent, panic)
    assert client.get("/api/v1/alerts", headers=auth).json()[0]["state"] == "cancelled"


def test_selfcheck_and_stopping_update_the_agent(client: TestClient, agent: EnrolledAgent,
                                                 auth: dict[str, str]) -> None:
    send(client, agent, wire_event("selfcheck.completed",
                                   {"passed": 7, "failed": 2,
                                    "failed_items": ["usb_storage", "screen_lock"]}))
    row = client.get("/api/v1/agents", headers=auth).json()[0]
    assert row["selfcheck"]["passed"] == 7
    assert row["selfcheck"]["failed"] == 2
    assert row["selfcheck"]["failed_items"] == ["usb_storage", "screen_lock"]
    assert row["status"] == "online"
    send(client, agent, wire_event("agent.stopping", {"reason": "quit"}))
    row = client.get("/api/v1/agents", headers=auth).json()[0]
    assert row["status"] == "stopped" and row["online"] is False
    body, headers = signed(agent, "POST", "/api/v1/heartbeat",
                           {"state": "on_call", "app_version": "1.1"})
    client.post("/api/v1/heartbeat", content=body, headers=headers)
    row = client.get("/api/v1/agents", headers=auth).json()[0]
    assert row["status"] == "online" and row["state"] == "on_call"
    assert row["app_version"] == "1.1"


def test_agent_goes_offline_after_90_s_of_silence(relay: Relay, client: TestClient,
                                                  agent: EnrolledAgent,
                                                  auth: dict[str, str]) -> None:
    body, headers = signed(agent, "POST", "/api/v1/heartbeat",
                           {"state": "active", "app_version": "1"})
    client.post("/api/v1/heartbeat", content=body, headers=headers)
    with client.websocket_connect(f"/api/v1/stream?token={auth['Authorization'][7:]}") as ws:
        assert ws.receive_json()["type"] == "snapshot"
        ws.receive_json()  # supervisors: 1
        real_clock = relay.service.clock
        relay.service.clock = lambda: real_clock() + timedelta(seconds=91)
        relay.service.presence._clock = relay.service.clock
        assert client.portal is not None
        client.portal.call(relay.service.presence.check)
        message = ws.receive_json()
        assert message["type"] == "agent.updated"
        assert message["data"]["id"] == agent.id
        assert message["data"]["status"] == "offline"
    row = client.get("/api/v1/agents", headers=auth).json()[0]
    assert row["online"] is False


def test_stats_and_supervisors_online(client: TestClient, agent: EnrolledAgent,
                                      auth: dict[str, str]) -> None:
    send(client, agent, wire_event("panic.test", {}, 0))
    assert client.get("/api/v1/stats", headers=auth).json() == {
        "events": 1, "alerts": 1, "open_alerts": 1, "agents": 1}
    assert client.get("/api/v1/supervisors/online", headers=auth).json() == {
        "online": 0, "names": []}


def lock_failed(at: str) -> dict[str, Any]:
    event = wire_event("lock.failed", {"reason": "no locker worked"}, 0)
    event["time"] = at
    return event


def test_lock_failures_of_a_seat_merge_into_one_open_item(
        relay: Relay, client: TestClient, agent: EnrolledAgent, auth: dict[str, str]) -> None:
    from tests.relay.support import enroll_directly

    other = enroll_directly(relay.db, relay.service.box, "A-02")
    send(client, agent, lock_failed("2030-01-01T10:02:00Z"))
    with client.websocket_connect(f"/api/v1/stream?token={auth['Authorization'][7:]}") as ws:
        assert ws.receive_json()["type"] == "snapshot"
        ws.receive_json()  # supervisors: 1
        send(client, agent, lock_failed("2030-01-01T10:32:00Z"), lock_failed("2030-01-01T10:17:00Z"))
        messages = [ws.receive_json() for _ in range(4)]  # event, update, event, update
    updated = [m["data"] for m in messages if m["type"] == "alert.updated"]
    assert [u["occurrences"] for u in updated] == [2, 3]
    assert not [m for m in messages if m["type"] == "alert"]  # no new alarm for a console

    send(client, other, lock_failed("2030-01-01T10:40:00Z"))
    alerts = client.get("/api/v1/alerts?state=open", headers=auth).json()
    by_seat = {a["seat"]: a for a in alerts}
    assert len(alerts) == 2
    assert by_seat["A-01"]["occurrences"] == 3
    assert by_seat["A-01"]["raised_at"] == "2030-01-01T10:02:00Z"
    assert by_seat["A-01"]["last_at"] == "2030-01-01T10:32:00Z"
    assert by_seat["A-02"]["occurrences"] == 1
    assert by_seat["A-02"]["last_at"] == "2030-01-01T10:40:00Z"

    # acknowledged is still open: a repeat counts there; once resolved, the next one is new
    first = by_seat["A-01"]["id"]
    client.post(f"/api/v1/alerts/{first}/ack", headers=auth)
    send(client, agent, lock_failed("2030-01-01T10:50:00Z"))
    assert client.get(f"/api/v1/alerts/{first}", headers=auth).json()["occurrences"] == 4
    client.post(f"/api/v1/alerts/{first}/resolve", headers=auth, json={})
    send(client, agent, lock_failed("2030-01-01T11:00:00Z"))
    newest = [a for a in client.get("/api/v1/alerts?state=open", headers=auth).json()
              if a["seat"] == "A-01"]
    assert len(newest) == 1 and newest[0]["id"] != first and newest[0]["occurrences"] == 1
    assert relay.db.call(store.stats)["events"] == 6


def test_event_ids_are_scoped_per_agent(relay: Relay, client: TestClient, agent: EnrolledAgent,
                                        auth: dict[str, str]) -> None:
    from tests.relay.support import enroll_directly

    other = enroll_directly(relay.db, relay.service.box, "A-02", "李四")
    panic = wire_event("panic.alert", {"trigger": "hotkey"}, 0)
    assert send(client, agent, panic)["stored"] == [panic["id"]]
    same_id = send(client, other, panic)  # B's outbox happened to reuse A's UUID
    assert same_id == {"stored": [panic["id"]], "duplicate": []}
    assert send(client, other, panic) == {"stored": [], "duplicate": [panic["id"]]}
    alerts = client.get("/api/v1/alerts?state=open", headers=auth).json()
    assert sorted(a["seat"] for a in alerts) == ["A-01", "A-02"]
    assert {a["event_id"] for a in alerts} == {panic["id"]}

    # B cancels its alarm by that id: A's alarm stays open; each agent sees its own ack
    send(client, other, wire_event("panic.cancel", {"alert_id": panic["id"]}, 1))
    states = {a["seat"]: a for a in client.get("/api/v1/alerts", headers=auth).json()}
    assert states["A-01"]["state"] == "open" and states["A-02"]["state"] == "cancelled"
    client.post(f"/api/v1/alerts/{states['A-01']['id']}/ack", headers=auth)
    assert [m["alert_id"] for m in updates(client, agent)["acknowledged"]] == [states["A-01"]["id"]]
    assert updates(client, other)["acknowledged"] == []
    assert relay.db.call(store.stats)["events"] == 3

"""The relay holds agents to the protocol: every event this agent sends is accepted, an unknown
kind or field is refused with a 422 that names it, and the relay says which version it speaks."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from assistant.alerts.outbox import AlertOutbox
from assistant.audit import AuditLog
from assistant.clock import FakeClock
from assistant.panic.kinds import PinCheck, TriggerKind
from assistant.panic.pins import PinHashes
from assistant.panic.service import AgentIdentity, PanicService
from assistant.selfcheck.items import ItemResult, Outcome, Reason
from assistant.selfcheck.report import Ending, SelfCheckReport, Trigger, record_selfcheck
from protocol.kinds import EventKind
from protocol.version import PROTOCOL_VERSION
from relay import store
from tests.relay.postgres_cluster import DATABASES, on_both_databases
from tests.relay.support import (
    SUPERVISOR_PASSWORD,
    EnrolledAgent,
    Relay,
    signed,
    wire_event,
)

EVENTS = "/api/v1/events"
HEARTBEAT = "/api/v1/heartbeat"


@pytest.fixture(params=DATABASES)
def relay_db_url(request: pytest.FixtureRequest) -> str | None:
    """Every test here runs on SQLite and on PostgreSQL."""
    return on_both_databases(request)


def post(client: TestClient, agent: EnrolledAgent, path: str, payload: Any) -> Any:
    body, headers = signed(agent, "POST", path, payload)
    return client.post(path, content=body, headers=headers)


def refusal(response: Any) -> str:
    """The 422's detail as one text (FastAPI lists each problem with its place)."""
    assert response.status_code == 422, response.text
    return " | ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}"
                      for e in response.json()["detail"])


class Pins:
    hashes = PinHashes.make("2468", "1357")

    def check(self, pin: str) -> PinCheck:
        return self.hashes.check(pin)


def events_this_agent_sends(tmp_path: Path) -> list[dict[str, Any]]:
    """Every kind of event, built by the agent's own code and taken from its real outbox."""
    outbox = AlertOutbox(tmp_path / "outbox.sqlite3")
    audit = AuditLog(tmp_path / "audit.sqlite3")
    try:
        panic = PanicService(lambda kind, payload, priority: outbox.put(kind, payload, priority),
                             audit, lambda: AgentIdentity("agent-7", "A-01", "ws-a01", "li.na"),
                             Pins(), FakeClock())
        alarm = panic.raise_alarm(TriggerKind.HOTKEY)
        panic.attach_note("客户情绪激动，已报警", alarm.event_id)
        panic.stand_down("1357")  # duress: a panic.duress naming the open alarm
        panic.send_test()
        panic.raise_alarm(TriggerKind.CODE_WORD)
        panic.stand_down("2468")  # a panic.cancel
        # the audit events the tray's alert channel forwards (ui/alerts/feature.py)
        audit.subscribe(lambda event: outbox.put(event.kind, dict(event.details)))
        audit.record(str(EventKind.LOCK_FAILED), reasons={"loginctl": "exited 1"},
                     reason="idle", fallback="privacy_curtain")
        items = [ItemResult("clipboard", Outcome.FAILED, Reason.CLIPBOARD_HAS_IDENTIFIER,
                            "剪贴板里有手机号"),
                 ItemResult("print_queue", Outcome.PASSED, Reason.NO_PRINT_JOBS, "")]
        record_selfcheck(audit, SelfCheckReport(True, Trigger.TRAY, items, Ending.LOCKED,
                                                "loginctl"))
        outbox.put(str(EventKind.AGENT_STOPPING), {"reason": "quit"})  # alerts/presence.py
        return [event.to_wire() for event in outbox.next_batch(100)]
    finally:
        outbox.close()
        audit.close()


def test_every_event_this_agent_sends_is_accepted(
        tmp_path: Path, relay: Relay, client: TestClient, agent: EnrolledAgent) -> None:
    events = events_this_agent_sends(tmp_path)
    assert {e["kind"] for e in events} == {str(kind) for kind in EventKind}
    response = post(client, agent, EVENTS, {"events": events})
    assert response.status_code == 200, response.text
    assert sorted(response.json()["stored"]) == sorted(e["id"] for e in events)
    alerts = relay.db.call(lambda s: store.list_alerts(s))
    assert {a["kind"] for a in alerts} == {"panic.alert", "panic.duress", "panic.test",
                                           "lock.failed"}
    noted = [a for a in alerts if a["notes"]]
    assert [n["text"] for a in noted for n in a["notes"]] == ["客户情绪激动，已报警"]


def test_an_unknown_kind_is_refused_and_named(client: TestClient, agent: EnrolledAgent) -> None:
    response = post(client, agent, EVENTS, {"events": [wire_event("panic.selfie", {})]})
    text = refusal(response)
    assert "events.0.kind" in text and "unknown event kind 'panic.selfie'" in text
    assert "panic.alert" in text  # it says which kinds it knows


def test_an_unknown_payload_field_is_refused_and_named(
        relay: Relay, client: TestClient, agent: EnrolledAgent) -> None:
    good = wire_event("panic.alert", {"trigger": "hotkey"}, 0)
    bad = wire_event("panic.note", {"alert_id": good["id"], "note": "x", "mood": "calm"}, 1)
    text = refusal(post(client, agent, EVENTS, {"events": [good, bad]}))
    assert "events.1" in text and "panic.note payload: mood: unknown field" in text
    assert relay.db.call(lambda s: store.stats(s))["events"] == 0  # the batch stored nothing


def test_old_key_names_are_refused_with_the_field_named(
        client: TestClient, agent: EnrolledAgent) -> None:
    # No agent version ever sent them (see README, "Protocol"): they are not accepted.
    note = wire_event("panic.note", {"alert_id": "a", "text": "old"}, 1)
    text = refusal(post(client, agent, EVENTS, {"events": [note]}))
    assert "text: unknown field" in text and "note: missing" in text
    check = wire_event("selfcheck.completed", {"failed": ["clipboard"]})
    text = refusal(post(client, agent, EVENTS, {"events": [check]}))
    assert "failed: expected an integer or null, got a list" in text


def test_a_wrongly_typed_value_is_refused_and_named(
        client: TestClient, agent: EnrolledAgent) -> None:
    check = wire_event("selfcheck.completed", {"items": [{"name": "usb", "ok": "yes"}]})
    text = refusal(post(client, agent, EVENTS, {"events": [check]}))
    assert "items[0].ok: expected true or false, got a string" in text


def test_unknown_fields_around_the_payload_are_refused(
        client: TestClient, agent: EnrolledAgent) -> None:
    event = {**wire_event("panic.test", {}, 0), "urgent": True}
    text = refusal(post(client, agent, EVENTS, {"events": [event]}))
    assert "events.0.urgent: Extra inputs are not permitted" in text
    text = refusal(post(client, agent, EVENTS, {"events": [wire_event("panic.test")],
                                                 "sent_by": "me"}))
    assert "sent_by: Extra inputs are not permitted" in text
    text = refusal(post(client, agent, HEARTBEAT, {"state": "active", "app_version": "1",
                                                    "battery": 80}))
    assert "battery: Extra inputs are not permitted" in text
    response = client.post("/api/v1/enroll", json={"code": "X", "colour": "red"})
    assert "colour: Extra inputs are not permitted" in refusal(response)


def test_the_relay_reports_its_protocol_version(
        relay: Relay, client: TestClient, agent: EnrolledAgent, token: str) -> None:
    assert client.get("/healthz").json() == {"status": "ok", "protocol_version": PROTOCOL_VERSION}
    login = client.post("/api/v1/auth/login", json={"name": "lead",
                                                     "password": SUPERVISOR_PASSWORD})
    assert login.json()["protocol_version"] == PROTOCOL_VERSION
    beat = post(client, agent, HEARTBEAT, {"state": "active", "app_version": "1"})
    assert beat.status_code == 200 and beat.json()["protocol_version"] == PROTOCOL_VERSION
    with client.websocket_connect(f"/api/v1/stream?token={token}") as ws:
        snapshot = ws.receive_json()
    assert snapshot["type"] == "snapshot"
    assert snapshot["data"]["protocol_version"] == PROTOCOL_VERSION
    _view, code, _ = relay.db.call(lambda s: store.create_agent(s, "B-02", "王五",
                                                               dt.datetime.now(dt.UTC)))
    enrolled = client.post("/api/v1/enroll", json={"code": code, "workstation": "ws-b02"})
    assert enrolled.status_code == 200 and enrolled.json()["protocol_version"] == PROTOCOL_VERSION


def test_the_store_refuses_a_payload_its_kind_does_not_have(
        relay: Relay, agent: EnrolledAgent) -> None:

    event = {**wire_event("panic.cancel", {"alert": "x"}), "time": dt.datetime.now(dt.UTC)}
    with pytest.raises(store.StoreError) as refused:
        relay.db.call(lambda s: store.ingest_events(s, agent.id, [event],
                                                    dt.datetime.now(dt.UTC), 90))
    assert refused.value.status == 422
    assert str(refused.value) == "panic.cancel payload: alert: unknown field; alert_id: missing"
    assert relay.db.call(lambda s: store.stats(s))["events"] == 0

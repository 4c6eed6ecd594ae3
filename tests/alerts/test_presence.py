"""PresenceReporter: heartbeats, supervisors on duty, ack polling and the quit notice."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from assistant.alerts.outbox import AlertOutbox
from assistant.alerts.presence import PresenceReporter
from assistant.alerts.relay_client import AgentUpdates, RelayClient
from assistant.alerts.sender import OutboxSender
from relay import store
from tests.relay.support import (
    SUPERVISOR_PASSWORD,
    LiveRelay,
    Relay,
    add_supervisor,
    enroll_directly,
    free_port,
)


def test_heartbeat_reports_supervisors_on_duty(relay: Relay, live: LiveRelay) -> None:
    agent = enroll_directly(relay.db, relay.service.box, "P-01")
    statuses: list[int | None] = []
    reporter = PresenceReporter(lambda: RelayClient(live.url, agent.id, agent.secret),
                                lambda: "on_call", "2.0", on_status=statuses.append)
    assert reporter.tick() == 0
    add_supervisor(relay.db, "lead")
    client = TestClient(relay.app)
    token = client.post("/api/v1/auth/login",
                        json={"name": "lead", "password": SUPERVISOR_PASSWORD}).json()["token"]
    import websockets.sync.client as ws_client

    with ws_client.connect(f"ws://127.0.0.1:{live.port}/api/v1/stream?token={token}") as ws:
        ws.recv(timeout=5)
        assert reporter.tick() == 1
    assert statuses[:2] == [0, 1]
    rows = relay.db.call(lambda s: store.list_agents(s, relay.service.clock(), 90))
    assert rows[0]["state"] == "on_call" and rows[0]["app_version"] == "2.0"
    reporter.stop()


def test_unreachable_relay_reports_none() -> None:
    url = f"http://127.0.0.1:{free_port()}"
    statuses: list[int | None] = []
    reporter = PresenceReporter(lambda: RelayClient(url, "a", "A" * 43, timeout=1),
                                lambda: "active", "1", on_status=statuses.append)
    assert reporter.tick() is None
    assert statuses == [None]


def test_updates_show_the_ack(relay: Relay, live: LiveRelay, tmp_path: Path) -> None:
    agent = enroll_directly(relay.db, relay.service.box, "P-02")
    seen: list[AgentUpdates] = []
    factory = lambda: RelayClient(live.url, agent.id, agent.secret)
    outbox = AlertOutbox(tmp_path / "outbox.sqlite3")
    sender = OutboxSender(outbox, factory)
    sender.start()
    panic = outbox.put("panic.test", {"trigger": "menu"})
    assert sender.flush(5)
    alert_id = relay.db.call(lambda s: store.list_alerts(s))[0]["id"]
    relay.db.call(lambda s: store.acknowledge_alert(s, alert_id, "lead", relay.service.clock()))
    reporter = PresenceReporter(factory, lambda: "active", "1", on_updates=seen.append)
    reporter.expect_ack(60)
    assert reporter._next_interval() == 5.0
    reporter.tick()
    assert seen[0].acknowledged[0].event_id == panic
    assert seen[0].acknowledged[0].alert_id == alert_id
    reporter.stop()
    sender.stop()
    outbox.close()


def test_send_stopping_marks_the_agent_stopped(relay: Relay, live: LiveRelay,
                                               tmp_path: Path) -> None:
    agent = enroll_directly(relay.db, relay.service.box, "P-03")
    factory = lambda: RelayClient(live.url, agent.id, agent.secret)
    outbox = AlertOutbox(tmp_path / "outbox.sqlite3")
    sender = OutboxSender(outbox, factory)
    sender.start()
    reporter = PresenceReporter(factory, lambda: "active", "1", outbox=outbox, sender=sender)
    reporter.start()
    assert reporter.send_stopping(flush_timeout_s=5)
    reporter.stop()
    sender.stop()
    outbox.close()
    rows = relay.db.call(lambda s: store.list_agents(s, relay.service.clock(), 90))
    assert rows[0]["status"] == "stopped"

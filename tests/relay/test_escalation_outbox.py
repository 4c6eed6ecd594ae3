"""Fault tests of the durable escalation outbox: a real relay process, a real local webhook.

The relay is ``python -m relay.cli serve`` over HTTP with a TOML config; the webhook is a
local HTTP server that records what arrives and can answer 503 for a while.
"""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from relay.db import Database, make_engine, utcnow
from relay.models import Alert, EscalationDelivery
from tests.relay.postgres_cluster import DATABASES, on_both_databases
from tests.relay.support import (
    ROOT,
    SUPERVISOR_PASSWORD,
    EnrolledAgent,
    RelayFiles,
    RelayProcess,
    add_supervisor,
    enroll_directly,
    free_port,
    signed,
    wait_until,
)

SECRET_TOKEN = "tok-SECRET-0123456789"


class Webhook:
    """Records (time, alert id, status answered); answers 503 until ``fail_until``."""

    def __init__(self) -> None:
        self.received: list[tuple[float, str, int]] = []
        self.fail_until = 0.0
        self.lock = threading.Lock()
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))))
                status = 503 if time.monotonic() < owner.fail_until else 200
                with owner.lock:
                    owner.received.append((time.monotonic(), body["alert"]["id"], status))
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook/{SECRET_TOKEN}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def delivered(self) -> list[str]:
        with self.lock:
            return [alert for _, alert, status in self.received if status == 200]

    def attempts(self, alert_id: str) -> int:
        with self.lock:
            return sum(1 for _, alert, _ in self.received if alert == alert_id)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def webhook() -> Iterator[Webhook]:
    hook = Webhook()
    yield hook
    hook.close()


@pytest.fixture(params=DATABASES)
def relay_db_url(request: pytest.FixtureRequest) -> str | None:
    return on_both_databases(request)


def setup_relay(tmp_path: Path, hook: Webhook, database: str | None, rate_per_minute: int = 0
                ) -> tuple[RelayFiles, EnrolledAgent, Path]:
    files = RelayFiles(tmp_path / "relay", database)
    files.root.mkdir()
    db = Database(make_engine(files.db_url))
    agent = enroll_directly(db, files.box(), "E-01")
    add_supervisor(db, "lead")
    db.close()
    config = tmp_path / "relay.toml"
    config.write_text(
        "escalate_after_s = 3600\n[[escalation.channels]]\ntype = \"webhook\"\n"
        f"name = \"duty-hook\"\nurl = \"{hook.url}\"\nrate_per_minute = {rate_per_minute}\n",
        encoding="utf-8")
    return files, agent, config


def start(files: RelayFiles, port: int, config: Path) -> RelayProcess:
    return RelayProcess(files, port, ["--config", str(config)]).start()


def raise_panic(url: str, agent: EnrolledAgent) -> str:
    import uuid

    event = {"id": str(uuid.uuid4()), "kind": "panic.alert",
             "time": utcnow().isoformat().replace("+00:00", "Z"), "priority": 0,
             "payload": {"trigger": "hotkey"}}
    body, headers = signed(agent, "POST", "/api/v1/events", {"events": [event]})
    response = httpx.post(url + "/api/v1/events", content=body, headers=headers, timeout=10)
    assert response.status_code == 200, response.text
    return str(event["id"])


def alert_id_of(files: RelayFiles, event_id: str) -> str:
    db = Database(make_engine(files.db_url))
    try:
        return str(db.call(lambda s: s.scalar(select(Alert.id).where(Alert.event_id == event_id))))
    finally:
        db.close()


def deliveries(files: RelayFiles) -> dict[str, tuple[str, int, bool]]:
    """alert id -> (delivery state, attempts, alert marked escalated)."""
    db = Database(make_engine(files.db_url))
    try:
        rows = db.call(lambda s: s.execute(
            select(EscalationDelivery.alert_id, EscalationDelivery.state,
                   EscalationDelivery.attempts, Alert.escalated_at)
            .join(Alert, Alert.id == EscalationDelivery.alert_id)).all())
    finally:
        db.close()
    return {r[0]: (r[1], r[2], r[3] is not None) for r in rows}


def cli_alerts(files: RelayFiles, *extra: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "relay.cli", "--db", files.db_url, "alerts", *extra],
        cwd=ROOT, capture_output=True, text=True, timeout=60, check=True)
    return result.stdout


@pytest.mark.slow
def test_rate_limited_escalations_survive_a_sigkill(tmp_path: Path, webhook: Webhook,
                                                    relay_db_url: str | None) -> None:
    """1 message a minute, 3 panics, no console, SIGKILL 3 s later: all 3 arrive after restart."""
    files, agent, config = setup_relay(tmp_path, webhook, relay_db_url, rate_per_minute=1)
    port = free_port()
    relay = start(files, port, config)
    try:
        events = [raise_panic(relay.url, agent) for _ in range(3)]
        time.sleep(3)  # the scenario: the relay dies 3 s after the alarms
        relay.kill()
        alerts = [alert_id_of(files, e) for e in events]
        before = deliveries(files)
        assert len(before) == 3  # every escalation is in the outbox
        delivered_before = [a for a, (state, _, _) in before.items() if state == "delivered"]
        assert len(delivered_before) <= 1  # the rate limit held the others back ...
        for alert in alerts:  # ... and the database does not call them escalated
            state, _, escalated = before[alert]
            assert escalated == (state == "delivered")
        restarted = time.monotonic()
        relay = start(files, port, config)
        wait_until(lambda: set(webhook.delivered()) == set(alerts), 200,
                   f"not all escalations arrived: {webhook.delivered()}")
        took = time.monotonic() - restarted
        print(f"all 3 escalations delivered {took:.1f} s after the restart")
    finally:
        relay.stop()
    assert sorted(webhook.delivered()) == sorted(alerts)  # each exactly once
    sends = sorted(t for t, _, status in webhook.received if status == 200)
    assert all(b - a >= 59.0 for a, b in itertools.pairwise(sends))  # 1 a minute
    after = deliveries(files)
    assert all(after[a][0] == "delivered" and after[a][2] for a in alerts)


def test_escalation_arrives_after_the_webhook_comes_back(tmp_path: Path, webhook: Webhook,
                                                         relay_db_url: str | None) -> None:
    files, agent, config = setup_relay(tmp_path, webhook, relay_db_url)
    relay = start(files, free_port(), config)
    try:
        webhook.fail_until = time.monotonic() + 15.0
        alert = alert_id_of(files, raise_panic(relay.url, agent))
        wait_until(lambda: webhook.attempts(alert) >= 2, 20, "the relay did not retry")
        state, attempts, escalated = deliveries(files)[alert]
        assert state == "pending" and attempts >= 1 and not escalated  # not "sent" yet
        listing = cli_alerts(files)
        assert "duty-hook not reachable since" in listing and "HTTP 503" in listing
        assert SECRET_TOKEN not in listing
        wait_until(lambda: alert in webhook.delivered(), 90, "escalation never arrived")
        recovered_after = webhook.received[-1][0] - webhook.fail_until
        print(f"delivered {recovered_after:.1f} s after the webhook came back, "
              f"after {webhook.attempts(alert)} attempts")
        wait_until(lambda: deliveries(files)[alert][0] == "delivered", 10)
        assert deliveries(files)[alert][2]  # escalated only now
        row = json.loads(cli_alerts(files, "--json").splitlines()[0])
        assert row["escalation"][0]["channel"] == "duty-hook"
        assert row["escalation"][0]["state"] == "delivered"
        assert "not reachable" not in cli_alerts(files)
    finally:
        relay.stop()
    assert webhook.delivered() == [alert]


def test_acknowledged_before_delivery_is_not_sent_any_more(tmp_path: Path, webhook: Webhook,
                                                           relay_db_url: str | None) -> None:
    files, agent, config = setup_relay(tmp_path, webhook, relay_db_url)
    relay = start(files, free_port(), config)
    try:
        webhook.fail_until = time.monotonic() + 3600
        alert = alert_id_of(files, raise_panic(relay.url, agent))
        wait_until(lambda: webhook.attempts(alert) >= 1, 20, "no first attempt")
        token = httpx.post(relay.url + "/api/v1/auth/login", timeout=10, json={
            "name": "lead", "password": SUPERVISOR_PASSWORD}).json()["token"]
        answer = httpx.post(f"{relay.url}/api/v1/alerts/{alert}/ack", timeout=10,
                            headers={"Authorization": f"Bearer {token}"})
        assert answer.status_code == 200, answer.text
        wait_until(lambda: deliveries(files)[alert][0] == "settled", 10)
        attempts_at_ack = webhook.attempts(alert)
        webhook.fail_until = 0.0  # the webhook works again: a retry would now get through
        db = Database(make_engine(files.db_url))
        due = db.call(lambda s: s.scalar(select(EscalationDelivery.next_attempt_at)
                                         .where(EscalationDelivery.alert_id == alert)))
        db.close()
        assert due is not None
        wait_until(lambda: utcnow() > due, 70)  # the retry it had planned is past
        second = alert_id_of(files, raise_panic(relay.url, agent))
        wait_until(lambda: second in webhook.delivered(), 20, "second alarm not escalated")
    finally:
        relay.stop()
    assert webhook.attempts(alert) == attempts_at_ack
    assert webhook.delivered() == [second]

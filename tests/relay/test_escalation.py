"""Escalation: when it happens, what the robots receive (signed), SMTP, and the rate limit."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
import threading
import urllib.parse
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Self

import pytest
from aiosmtpd.controller import Controller
from fastapi.testclient import TestClient

from protocol.states import ChannelKind
from relay import store
from relay.config import ChannelConfig, RelayConfig
from relay.escalation.channels import (
    DingTalkChannel,
    FeishuChannel,
    WebhookChannel,
    WeComChannel,
    feishu_sign,
)
from relay.escalation.message import EscalationMessage, build_message
from relay.escalation.ratelimit import ChannelError, ChannelWorker, SlidingWindowLimiter
from tests.relay.postgres_cluster import DATABASES, on_both_databases
from tests.relay.support import (
    EnrolledAgent,
    Relay,
    add_supervisor,
    enroll_directly,
    free_port,
    make_relay,
    signed,
    wire_event,
)

DING_SECRET = "SECtest0123456789"
ALERT = {
    "id": "5c7a0e4e-0000-4000-8000-000000000001", "kind": "panic.alert", "test": False,
    "seat": "A-01", "agent_name": "张三", "workstation": "WS-01",
    "raised_at": "2030-01-01T08:00:00Z", "trigger": "hotkey",
}


class RecordingChannel:
    label = "recording"

    def __init__(self) -> None:
        self.messages: list[EscalationMessage] = []
        self.arrived = threading.Event()

    async def send(self, message: EscalationMessage) -> None:
        self.messages.append(message)
        self.arrived.set()

    async def aclose(self) -> None:
        return None


# -- a local robot server ----------------------------------------------------------------
class RobotServer:
    """Plays WeCom/DingTalk/Feishu/webhook: records bodies, checks DingTalk 加签."""

    def __init__(self) -> None:
        self.requests: list[tuple[str, dict[str, Any]]] = []
        self.arrived = threading.Event()
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", 0))
                body = json.loads(self.rfile.read(length))
                owner.requests.append((self.path, body))
                answer: dict[str, Any] = {"errcode": 0, "errmsg": "ok"}
                if self.path.startswith("/dingtalk"):
                    query = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query)
                    timestamp = query.get("timestamp", [""])[0]
                    sign = query.get("sign", [""])[0]  # parse_qs already url-decoded it
                    expected = base64.b64encode(hmac.new(
                        DING_SECRET.encode(), f"{timestamp}\n{DING_SECRET}".encode(),
                        hashlib.sha256).digest()).decode()
                    if not hmac.compare_digest(sign, expected):
                        answer = {"errcode": 310000, "errmsg": "sign not match"}
                owner.arrived.set()
                data = json.dumps(answer).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, format: str, *args: Any) -> None:
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> Self:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def robot() -> Iterator[RobotServer]:
    with RobotServer() as server:
        yield server


def send_with(channel: Any, message: EscalationMessage) -> None:
    async def go() -> None:
        try:
            await channel.send(message)
        finally:
            await channel.aclose()

    asyncio.run(go())


#: make_relay on the database of this parametrization (SQLite, then PostgreSQL)
NewRelay = Callable[..., Relay]


@pytest.fixture(params=DATABASES)
def new_relay(request: pytest.FixtureRequest, tmp_path: Path) -> NewRelay:
    url = on_both_databases(request)

    def new(config: RelayConfig | None = None,
            workers: list[ChannelWorker] | None = None) -> Relay:
        return make_relay(tmp_path, config, workers, db_url=url)

    return new


def test_message_is_bilingual_and_marks_tests() -> None:
    text = build_message(ALERT, "no_console").text
    assert "座席 Seat: A-01" in text and "张三" in text and "WS-01" in text
    assert "紧急求助 Panic alarm (hotkey)" in text and "No supervisor console online" in text
    test_message = build_message(dict(ALERT, kind="panic.test", test=True), "unacknowledged")
    assert test_message.title.startswith("[TEST 测试]")


def test_dingtalk_signature_is_accepted(robot: RobotServer) -> None:
    config = ChannelConfig(ChannelKind.DINGTALK, url=robot.url + "/dingtalk?access_token=t",
                           secret=DING_SECRET)
    send_with(DingTalkChannel(config), build_message(ALERT, "duress"))
    path, body = robot.requests[0]
    assert "access_token=t&timestamp=" in path and "&sign=" in path
    assert body["msgtype"] == "text" and "A-01" in body["text"]["content"]


def test_dingtalk_bad_signature_is_rejected(robot: RobotServer) -> None:
    config = ChannelConfig(ChannelKind.DINGTALK, url=robot.url + "/dingtalk?access_token=t",
                           secret="SECwrong")
    with pytest.raises(ChannelError, match="310000"):
        send_with(DingTalkChannel(config), build_message(ALERT, "duress"))


def test_wecom_feishu_and_webhook_bodies(robot: RobotServer) -> None:
    message = build_message(ALERT, "unacknowledged")
    send_with(WeComChannel(ChannelConfig(ChannelKind.WECOM, url=robot.url + "/wecom")), message)
    feishu = ChannelConfig(ChannelKind.FEISHU, url=robot.url + "/feishu", secret="fs")
    send_with(FeishuChannel(feishu), message)
    send_with(WebhookChannel(ChannelConfig(ChannelKind.WEBHOOK, url=robot.url + "/hook")),
              message)
    bodies = dict(robot.requests)
    assert bodies["/wecom"] == {"msgtype": "text", "text": {"content": message.text}}
    fs = bodies["/feishu"]
    assert fs["msg_type"] == "text" and fs["content"]["text"] == message.text
    assert fs["sign"] == feishu_sign("fs", int(fs["timestamp"]))
    assert bodies["/hook"]["alert"]["id"] == ALERT["id"]
    assert bodies["/hook"]["reason"] == "unacknowledged"


def test_config_parses_channels(tmp_path: Path) -> None:
    path = tmp_path / "relay.toml"
    path.write_text(
        'escalate_after_s = 0\n'
        '[[escalation.channels]]\ntype = "dingtalk"\nurl = "https://x/robot?access_token=1"\n'
        'secret = "SEC1"\n'
        '[[escalation.channels]]\ntype = "email"\nhost = "mail"\nport = 587\nstarttls = true\n'
        'from = "relay@x"\nto = ["a@x", "b@x"]\n',
        encoding="utf-8",
    )
    config = RelayConfig.load(path)
    assert config.escalate_after_s == 0
    ding, mail = config.channels
    assert ding.rate_per_minute == 20 and mail.rate_per_minute == 0
    assert mail.to == ("a@x", "b@x") and mail.starttls
    assert "SEC1" not in repr(ding)


def test_rate_limit_20_per_minute_delays_the_21st_escalation(new_relay: NewRelay) -> None:
    """21 duress alarms through the durable delivery loop: 20 go out in the first minute
    (of the limiter's clock), the 21st waits for the next one and is not dropped."""
    now = [0.0]
    sent_at: list[float] = []
    all_sent = threading.Event()

    class Clocked(RecordingChannel):
        async def send(self, message: EscalationMessage) -> None:
            sent_at.append(now[0])
            await super().send(message)
            if len(sent_at) == 21:
                all_sent.set()

    async def fake_sleep(seconds: float) -> None:
        now[0] += seconds

    limiter = SlidingWindowLimiter(20, 60.0, clock=lambda: now[0])
    channel = Clocked()
    relay = new_relay(RelayConfig(escalate_after_s=3600),
                       workers=[ChannelWorker(channel, limiter, sleep=fake_sleep)])
    agent = enroll_directly(relay.db, relay.service.box, "L-01")
    with TestClient(relay.app) as client:
        for _ in range(21):
            raise_alert(client, agent, "panic.duress")
        assert all_sent.wait(30), f"only {len(sent_at)} of 21 escalations were sent"
    relay.close()
    assert sum(1 for t in sent_at if t < 60.0) == 20  # never more than 20 in the minute
    assert sent_at[20] >= 60.0  # the 21st waited, it was not dropped
    assert len({m.alert["id"] for m in channel.messages}) == 21  # each alarm exactly once


def test_sliding_window_never_exceeds_limit() -> None:
    now = [0.0]
    limiter = SlidingWindowLimiter(3, 10.0, clock=lambda: now[0])
    times = []
    for _ in range(10):
        wait = limiter.wait_time()
        now[0] += wait
        limiter.record()
        times.append(now[0])
        now[0] += 1.0
    for t in times:
        assert sum(1 for other in times if t <= other < t + 10.0) <= 3


# -- decisions inside the relay ----------------------------------------------------------
def relay_with_recorder(new_relay: NewRelay, **config: Any) -> tuple[Relay, RecordingChannel]:
    channel = RecordingChannel()
    relay = new_relay(RelayConfig(**config), workers=[ChannelWorker(channel)])
    return relay, channel


def raise_alert(client: TestClient, agent: EnrolledAgent, kind: str) -> str:
    payload = {"reason": "idle"} if kind == "lock.failed" else {"trigger": "hotkey"}
    event = wire_event(kind, payload, 0)
    body, headers = signed(agent, "POST", "/api/v1/events", {"events": [event]})
    assert client.post("/api/v1/events", content=body, headers=headers).status_code == 200
    return str(event["id"])


def test_panic_with_no_console_escalates_at_once(new_relay: NewRelay) -> None:
    relay, channel = relay_with_recorder(new_relay, escalate_after_s=3600)
    agent = enroll_directly(relay.db, relay.service.box, "A-01")
    with TestClient(relay.app) as client:
        raise_alert(client, agent, "panic.alert")
        assert channel.arrived.wait(5)
    assert channel.messages[0].reason == "no_console"
    relay.close()


def test_duress_escalates_at_once_even_with_a_console(new_relay: NewRelay) -> None:
    relay, channel = relay_with_recorder(new_relay, escalate_after_s=3600)
    agent = enroll_directly(relay.db, relay.service.box, "A-01")
    add_supervisor(relay.db, "lead")
    with TestClient(relay.app) as client:
        token = client.post("/api/v1/auth/login", json={
            "name": "lead", "password": "correct horse battery"}).json()["token"]
        with client.websocket_connect(f"/api/v1/stream?token={token}") as ws:
            ws.receive_json()
            raise_alert(client, agent, "panic.duress")
            assert channel.arrived.wait(5)
            alerts = client.get("/api/v1/alerts",
                                headers={"Authorization": f"Bearer {token}"}).json()
            assert alerts[0]["escalated_at"] is not None or channel.messages
    assert channel.messages[0].reason == "duress"
    relay.close()


def test_unacknowledged_alert_escalates_after_the_delay(new_relay: NewRelay) -> None:
    relay, channel = relay_with_recorder(new_relay, escalate_after_s=0.2)
    agent = enroll_directly(relay.db, relay.service.box, "A-01")
    add_supervisor(relay.db, "lead")
    with TestClient(relay.app) as client:
        token = client.post("/api/v1/auth/login", json={
            "name": "lead", "password": "correct horse battery"}).json()["token"]
        auth = {"Authorization": f"Bearer {token}"}
        with client.websocket_connect(f"/api/v1/stream?token={token}") as ws:
            ws.receive_json()
            raise_alert(client, agent, "lock.failed")  # console on duty: waits 0.2 s
            assert channel.arrived.wait(5)
            assert channel.messages[0].reason == "unacknowledged"
            channel.arrived.clear()
            raise_alert(client, agent, "panic.alert")
            alert = client.get("/api/v1/alerts?state=open", headers=auth).json()[0]
            client.post(f"/api/v1/alerts/{alert['id']}/ack", headers=auth)
            assert not channel.arrived.wait(0.6)  # acknowledged in time: not escalated
    assert len(channel.messages) == 1
    relay.close()


def test_test_alarms_are_not_escalated_unless_configured(new_relay: NewRelay) -> None:
    relay, channel = relay_with_recorder(new_relay, escalate_after_s=0)
    agent = enroll_directly(relay.db, relay.service.box, "A-01")
    with TestClient(relay.app) as client:
        raise_alert(client, agent, "panic.test")
        assert not channel.arrived.wait(0.5)
    relay.close()
    relay.service.config = RelayConfig(escalate_after_s=0, escalate_tests=True)
    relay.service.escalator.config = relay.service.config
    assert relay.service.escalator.decide(dict(ALERT, kind="panic.test")) == (0.0, "immediate")


def test_escalation_by_email(new_relay: NewRelay) -> None:
    received: list[bytes] = []
    arrived = threading.Event()

    class Handler:
        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
            received.append(envelope.content)
            arrived.set()
            return "250 OK"

    port = free_port()
    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        channel = ChannelConfig(ChannelKind.EMAIL, host="127.0.0.1", port=port,
                                sender="relay@example.com", to=("duty@example.com",))
        relay = new_relay(RelayConfig(escalate_after_s=0, channels=(channel,)))
        agent = enroll_directly(relay.db, relay.service.box, "C-03", "王五")
        with TestClient(relay.app) as client:
            raise_alert(client, agent, "panic.alert")
            assert arrived.wait(10)
        relay.close()
    finally:
        controller.stop()
    mail = received[0].decode("utf-8", errors="replace")
    assert "duty@example.com" in mail
    assert "Subject:" in mail


def test_escalation_to_dingtalk_end_to_end(new_relay: NewRelay, robot: RobotServer) -> None:
    channel = ChannelConfig(ChannelKind.DINGTALK, url=robot.url + "/dingtalk?access_token=x",
                            secret=DING_SECRET, rate_per_minute=20)
    relay = new_relay(RelayConfig(escalate_after_s=0, channels=(channel,)))
    agent = enroll_directly(relay.db, relay.service.box, "D-04")
    with TestClient(relay.app) as client:
        raise_alert(client, agent, "panic.duress")
        assert robot.arrived.wait(10)
        escalator = relay.service.escalator
        assert escalator.health[escalator.workers[0].label].ok
    relay.close()
    assert "胁迫报警 Duress alarm" in robot.requests[0][1]["text"]["content"]


def test_pending_escalation_resumes_after_a_restart(new_relay: NewRelay) -> None:
    relay, channel = relay_with_recorder(new_relay, escalate_after_s=3600)
    agent = enroll_directly(relay.db, relay.service.box, "R-01")
    event = wire_event("panic.alert", {"trigger": "hotkey"}, 0)
    event["time"] = relay.service.clock()
    now = relay.service.clock()
    relay.db.call(lambda s: store.ingest_events(s, agent.id, [event], now, 90))  # relay "down"
    with TestClient(relay.app):  # startup finds the open alert; no console: escalate now
        assert channel.arrived.wait(5)
    relay.close()
    assert channel.messages[0].alert["event_id"] == event["id"]


def test_failing_channel_is_reported_to_consoles(new_relay: NewRelay) -> None:
    class Refusing(RecordingChannel):
        label = "wecom-duty"

        async def send(self, message: EscalationMessage) -> None:
            raise ChannelError("HTTP 503 from https://qyapi.example")

    relay = new_relay(RelayConfig(escalate_after_s=3600),
                       workers=[ChannelWorker(Refusing())])
    agent = enroll_directly(relay.db, relay.service.box, "H-01")
    add_supervisor(relay.db, "lead")
    with TestClient(relay.app) as client:
        token = client.post("/api/v1/auth/login", json={
            "name": "lead", "password": "correct horse battery"}).json()["token"]
        with client.websocket_connect(f"/api/v1/stream?token={token}") as ws:
            snapshot = ws.receive_json()
            assert snapshot["data"]["channels"] == [{
                "name": "wecom-duty", "kind": "custom", "ok": True, "failing_since": None,
                "last_error": "", "pending": 0}]
            raise_alert(client, agent, "panic.duress")
            while True:
                message = ws.receive_json()
                if message["type"] == "channels" and not message["data"]["channels"][0]["ok"]:
                    break
    channel = message["data"]["channels"][0]
    assert channel["failing_since"] and channel["pending"] == 1
    assert channel["last_error"] == "HTTP 503 from https://qyapi.example"
    relay.close()

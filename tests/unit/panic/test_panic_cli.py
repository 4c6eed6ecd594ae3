"""``safety-assistant panic`` without the tray app (direct delivery to a real relay over HTTP,
or kept in the outbox when the relay is down) and with it (handed over the instance channel)."""

from __future__ import annotations

import io
import json
import socket
import threading
from pathlib import Path
from typing import Any

from assistant import cli
from assistant.alerts.enrollment import secret_key_name
from assistant.alerts.outbox import AlertOutbox, OutboxStatus
from assistant.alerts.relay_client import RelayClient
from assistant.alerts.sender import OutboxSender
from assistant.context import AppContext
from assistant.panic import cli as panic_cli
from assistant.panic.kinds import PinCheck
from assistant.panic.pins import PinStore
from assistant.paths import AppPaths
from relay import store
from tests.fixtures_relay import MemoryKeyring
from tests.relay.support import LiveRelay, Relay, enroll_directly, free_port, wait_until


class Agent:
    def __init__(self, tmp_path: Path, keyring: MemoryKeyring, relay: Relay, url: str,
                 policy: str = "") -> None:
        self.base = tmp_path / "agent"
        self.policy = tmp_path / "policy.toml"
        self.policy.write_text(policy, encoding="utf-8")
        enrolled = enroll_directly(relay.db, relay.files.box(), "A-12", "Li Na")
        keyring.set_password("AgentDeskSafetyAssistant", secret_key_name(enrolled.id), enrolled.secret)
        (self.base / "config").mkdir(parents=True)
        (self.base / "config" / "settings.toml").write_text(
            f'[relay]\nurl = "{url}"\nagent_id = "{enrolled.id}"\nseat = "A-12"\n', encoding="utf-8")
        self.agent_id, self.secret = enrolled.id, enrolled.secret

    def args(self, *extra: str) -> list[str]:
        return ["panic", *extra, "--basedir", str(self.base), "--policy", str(self.policy)]

    def context(self) -> AppContext:
        return AppContext.create(str(self.base), str(self.policy))

    def pins(self) -> PinStore:
        return PinStore.for_paths(AppPaths.from_basedir(self.base))

    def outbox(self) -> AlertOutbox:
        return AlertOutbox(self.base / "data" / "outbox.sqlite3")


def relay_alerts(relay: Relay) -> list[dict[str, Any]]:
    return relay.db.call(lambda s: store.list_alerts(s))


def test_without_the_app_the_alarm_goes_straight_to_the_relay(tmp_path, memory_keyring, relay, capsys) -> None:  # type: ignore[no-untyped-def]
    with _live(relay) as live:
        agent = Agent(tmp_path, memory_keyring, relay, live.url)
        assert cli.main(agent.args()) == 0
    assert "Delivered to the relay" in capsys.readouterr().out
    [alert] = relay_alerts(relay)
    assert alert["kind"] == "panic.alert" and alert["trigger"] == "cli" and alert["seat"] == "A-12"
    with agent.outbox() as outbox:
        assert outbox.pending_count() == 0 and outbox.count(OutboxStatus.DELIVERED) == 1
    ctx = agent.context()
    assert [(e.kind, e.details) for e in ctx.audit.query(kinds=["panic.triggered"])] == [
        ("panic.triggered", {"trigger": "cli"})]
    ctx.audit.close()


def test_test_flag_sends_a_test_alarm(tmp_path, memory_keyring, relay) -> None:  # type: ignore[no-untyped-def]
    with _live(relay) as live:
        agent = Agent(tmp_path, memory_keyring, relay, live.url)
        assert cli.main(agent.args("--test")) == 0
    [alert] = relay_alerts(relay)
    assert alert["kind"] == "panic.test" and alert["test"] is True


def test_relay_down_keeps_the_alarm_and_the_app_sender_delivers_it_later(tmp_path, memory_keyring, relay, capsys) -> None:  # type: ignore[no-untyped-def]
    port = free_port()
    agent = Agent(tmp_path, memory_keyring, relay, f"http://127.0.0.1:{port}")
    ctx = agent.context()
    code = panic_cli.trigger_command(ctx, False, io.StringIO(), err := io.StringIO(), budget_s=1.0)
    ctx.audit.close()
    assert code == panic_cli.EXIT_QUEUED
    assert "kept on this computer" in err.getvalue()
    assert relay_alerts(relay) == []
    with agent.outbox() as outbox:
        [event] = outbox.next_batch()
        assert event.kind == "panic.alert" and event.priority == 0
        with _live(relay, port):
            sender = OutboxSender(outbox, lambda: RelayClient(f"http://127.0.0.1:{port}",
                                                              agent.agent_id, agent.secret))
            sender.start()
            try:
                wait_until(lambda: outbox.pending_count() == 0, 20, "the sender did not deliver")
            finally:
                sender.stop()
    [alert] = relay_alerts(relay)
    assert alert["event_id"] == event.id and alert["trigger"] == "cli"


def test_not_enrolled_keeps_the_alarm_on_this_computer(tmp_path, memory_keyring, relay) -> None:  # type: ignore[no-untyped-def]
    agent = Agent(tmp_path, memory_keyring, relay, "http://127.0.0.1:9")
    memory_keyring.items.clear()
    assert cli.main(agent.args()) == panic_cli.EXIT_QUEUED
    with agent.outbox() as outbox:
        assert outbox.pending_count() == 1


def test_policy_can_switch_the_command_off(tmp_path, memory_keyring, relay) -> None:  # type: ignore[no-untyped-def]
    agent = Agent(tmp_path, memory_keyring, relay, "http://127.0.0.1:9",
                  policy="[panic]\ncli_enabled = false\n")
    assert cli.main(agent.args()) == panic_cli.EXIT_USAGE
    assert not (agent.base / "data" / "outbox.sqlite3").exists()


class FakeRunningApp:
    """A process answering on the app's instance socket, as the tray app does."""

    def __init__(self, address: str, reply: dict[str, Any]) -> None:
        self.commands: list[dict[str, Any]] = []
        self._sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self._sock.bind(address)
        self._sock.listen()
        self._reply = reply
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        conn, _ = self._sock.accept()
        with conn:
            data = b""
            while not data.endswith(b"\n"):
                data += conn.recv(4096)
            self.commands.append(json.loads(data))
            conn.sendall((json.dumps(self._reply) + "\n").encode())

    def close(self) -> None:
        self._thread.join(5)
        self._sock.close()


def test_with_the_app_running_the_alarm_is_handed_over(tmp_path, memory_keyring, relay, capsys) -> None:  # type: ignore[no-untyped-def]
    agent = Agent(tmp_path, memory_keyring, relay, "http://127.0.0.1:9")
    ctx = agent.context()
    app = FakeRunningApp(ctx.paths.instance_address, {"ok": True, "event_id": "e-1"})
    ctx.audit.close()
    try:
        assert cli.main(agent.args()) == 0
    finally:
        app.close()
    assert app.commands == [{"cmd": "panic.trigger", "trigger": "cli", "test": False}]
    assert "Handed to the running Safety Assistant" in capsys.readouterr().out
    assert not (agent.base / "data" / "outbox.sqlite3").exists()  # the app sends it


def test_set_pin_reads_standard_input(tmp_path, memory_keyring, relay, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    agent = Agent(tmp_path, memory_keyring, relay, "http://127.0.0.1:9")
    monkeypatch.setattr("sys.stdin", io.StringIO("2468\n1357\n"))
    assert cli.main(agent.args("--set-pin")) == 0
    assert agent.pins().check("2468") is PinCheck.CANCEL and agent.pins().check("1357") is PinCheck.DURESS
    monkeypatch.setattr("sys.stdin", io.StringIO("8642\n"))
    assert cli.main(agent.args("--set-pin")) == panic_cli.EXIT_USAGE  # current PIN missing
    monkeypatch.setattr("sys.stdin", io.StringIO("1357\n8642\n"))
    assert cli.main(agent.args("--set-pin")) == panic_cli.EXIT_FAILED  # the duress PIN is no key
    monkeypatch.setattr("sys.stdin", io.StringIO("2468\n8642\n"))
    assert cli.main(agent.args("--set-pin")) == 0
    assert agent.pins().check("8642") is PinCheck.CANCEL
    assert agent.pins().check("1357") is PinCheck.WRONG  # no duress PIN given this time
    log = (agent.base / "logs" / "safety-assistant.log").read_text(encoding="utf-8")
    assert "2468" not in log and "8642" not in log and "1357" not in log


class _live:
    def __init__(self, relay: Relay, port: int | None = None) -> None:
        self.server = LiveRelay(relay, port)

    def __enter__(self) -> LiveRelay:
        return self.server.start()

    def __exit__(self, *exc: object) -> None:
        self.server.stop()

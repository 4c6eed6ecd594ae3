"""A running app that accepts the instance channel and never answers (hung GUI thread, stuck
in a modal loop): ``panic`` gives up on it after the channel's 2 s and sends the alarm itself;
``lock`` locks without it."""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

from assistant import cli
from assistant.alerts.outbox import OutboxStatus
from assistant.instance_channel import DEFAULT_TIMEOUT_S, send_command
from assistant.panic import cli as panic_cli
from tests.relay.support import free_port
from tests.unit.panic.test_panic_cli import Agent, _live, relay_alerts

# Not a speed target: only a bound that a hang for ever (the defect) cannot meet, generous
# enough for a loaded 2-core machine.
HANG_BOUND_S = DEFAULT_TIMEOUT_S + 10


class SilentRunningApp:
    """Listens on the app's instance socket, reads what comes and never finishes a reply."""

    def __init__(self, address: str) -> None:
        self.received = b""
        self.client_gave_up = threading.Event()
        self._sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self._sock.bind(address)
        self._sock.listen()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        conn, _ = self._sock.accept()
        conn.settimeout(0.5)
        stop = time.monotonic() + 60
        with conn:
            while time.monotonic() < stop:
                try:
                    chunk = conn.recv(4096)
                except TimeoutError:
                    # A space now and then, never the newline that ends a reply: a client that
                    # only times out each read separately waits as long as this goes on.
                    try:
                        conn.sendall(b" ")
                    except OSError:
                        break
                    continue
                if not chunk:  # the client closed its end
                    break
                self.received += chunk
            self.client_gave_up.set()

    def close(self) -> None:
        self._sock.close()
        self._thread.join(5)


def test_send_command_gives_up_on_an_app_that_never_answers(tmp_path: Path) -> None:
    address = str(tmp_path / "app.sock")
    app = SilentRunningApp(address)
    try:
        started = time.monotonic()
        assert send_command(address, {"cmd": "ping"}) is None
        elapsed = time.monotonic() - started
        assert app.client_gave_up.wait(10)
    finally:
        app.close()
    assert app.received == b'{"cmd": "ping"}\n'
    assert elapsed < HANG_BOUND_S, elapsed


def test_panic_sends_the_alarm_itself_when_the_app_never_answers(tmp_path, memory_keyring, relay, capsys) -> None:  # type: ignore[no-untyped-def]
    with _live(relay) as live:
        agent = Agent(tmp_path, memory_keyring, relay, live.url)
        ctx = agent.context()
        app = SilentRunningApp(ctx.paths.instance_address)
        ctx.audit.close()
        try:
            started = time.monotonic()
            assert cli.main(agent.args()) == panic_cli.EXIT_OK
            elapsed = time.monotonic() - started
        finally:
            app.close()
    assert b'"cmd": "panic.trigger"' in app.received  # it did try the app first
    assert "Delivered to the relay" in capsys.readouterr().out
    [alert] = relay_alerts(relay)
    assert alert["kind"] == "panic.alert" and alert["trigger"] == "cli"
    with agent.outbox() as outbox:
        assert outbox.count(OutboxStatus.DELIVERED) == 1
    assert elapsed < HANG_BOUND_S + 10, elapsed  # plus the direct delivery itself


def test_panic_keeps_the_alarm_with_exit_3_when_app_and_relay_are_silent(tmp_path, memory_keyring, relay) -> None:  # type: ignore[no-untyped-def]
    agent = Agent(tmp_path, memory_keyring, relay, f"http://127.0.0.1:{free_port()}")
    ctx = agent.context()
    app = SilentRunningApp(ctx.paths.instance_address)
    ctx.audit.close()
    try:
        assert cli.main(agent.args()) == panic_cli.EXIT_QUEUED
    finally:
        app.close()
    with agent.outbox() as outbox:
        [event] = outbox.next_batch()
        assert event.kind == "panic.alert"


def test_lock_locks_without_an_app_that_never_answers(tmp_path: Path) -> None:
    record = tmp_path / "locked.txt"
    policy = tmp_path / "policy.toml"
    policy.write_text(f'[autolock]\nlock_command = "sh -c \'echo locked >> {record}\'"\n', encoding="utf-8")
    base = tmp_path / "base"
    from assistant.paths import AppPaths

    paths = AppPaths.from_basedir(base)
    Path(paths.instance_address).parent.mkdir(parents=True, exist_ok=True)
    app = SilentRunningApp(paths.instance_address)
    try:
        assert cli.main(["lock", "--basedir", str(base), "--policy", str(policy)]) == 0
    finally:
        app.close()
    assert b'"cmd": "autolock.lock"' in app.received
    assert record.read_text() == "locked\n"

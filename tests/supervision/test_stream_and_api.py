"""The console's relay client and live stream against a real relay over real sockets."""

from __future__ import annotations

import queue
from collections.abc import Iterator
from typing import Any

import pytest

from assistant.alerts import relay_client
from assistant.alerts.relay_client import RelayClient, RelayRejected
from assistant.supervision.api import (
    ConsoleError,
    LoginRefused,
    RelayUnreachable,
    RequestRefused,
    SessionExpired,
    SupervisorApi,
    stream_url,
)
from assistant.supervision.remembered import (
    forget_password,
    remember_password,
    remembered_password,
)
from assistant.supervision.stream import ConsoleStream, StreamState, TokenRenewal
from tests.fixtures_relay import MemoryKeyring
from tests.relay.support import (
    SUPERVISOR_PASSWORD,
    LiveRelay,
    Relay,
    add_supervisor,
    enroll_directly,
    free_port,
    wire_event,
)

WAIT_S = 20.0


class StreamLog:
    def __init__(self) -> None:
        self.messages: queue.Queue[dict[str, Any]] = queue.Queue()
        self.states: queue.Queue[StreamState] = queue.Queue()

    def next_message(self, kind: str) -> dict[str, Any]:
        while True:
            message = self.messages.get(timeout=WAIT_S)
            if message["type"] == kind:
                return dict(message["data"])

    def wait_state(self, state: StreamState) -> None:
        while self.states.get(timeout=WAIT_S) is not state:
            pass


@pytest.fixture
def api(relay: Relay, live: LiveRelay) -> Iterator[SupervisorApi]:
    add_supervisor(relay.db, "wang")
    client = SupervisorApi(live.url)
    client.login("wang", SUPERVISOR_PASSWORD)
    yield client
    client.close()


def test_stream_url_follows_the_relay_scheme() -> None:
    assert stream_url("https://relay.example.com:8443/", "a b") == \
        "wss://relay.example.com:8443/api/v1/stream?token=a%20b"
    assert stream_url("127.0.0.1:8765", "t") == "ws://127.0.0.1:8765/api/v1/stream?token=t"


def test_login_errors_say_what_is_wrong(relay: Relay, live: LiveRelay) -> None:
    add_supervisor(relay.db, "wang")
    with SupervisorApi(live.url) as api:
        with pytest.raises(LoginRefused):
            api.login("wang", "not the password")
        with pytest.raises(SessionExpired):
            api.alerts()
    with (SupervisorApi(f"http://127.0.0.1:{free_port()}", timeout=2) as api,
          pytest.raises(RelayUnreachable) as unreachable):
        api.login("wang", SUPERVISOR_PASSWORD)
    assert isinstance(unreachable.value, relay_client.RelayUnreachable)


def test_a_refused_request_is_the_agent_side_relay_error_in_the_console_s_words(
        api: SupervisorApi) -> None:
    with pytest.raises(RequestRefused) as refused:
        api.alert("00000000-0000-0000-0000-000000000000")
    error = refused.value
    assert isinstance(error, ConsoleError) and isinstance(error, RelayRejected)
    assert error.status == 404 and error.detail
    assert str(error) == f"the relay refused (404): {error.detail}"


def test_acknowledge_resolve_and_shown(relay: Relay, live: LiveRelay, api: SupervisorApi) -> None:
    agent = enroll_directly(relay.db, relay.service.box, "S-01", "王五")
    with RelayClient(live.url, agent.id, agent.secret) as client:
        client.send_events([wire_event("panic.alert", {"trigger": "pedal"}, 0)])
    [alert] = api.alerts()
    assert alert["seat"] == "S-01" and alert["state"] == "open"
    assert api.mark_shown(alert["id"])["first_shown_at"]
    assert api.acknowledge(alert["id"])["acknowledged_by"] == "wang"
    resolved = api.resolve(alert["id"], "客户情绪平复，保安已到场")
    assert resolved["state"] == "resolved" and resolved["resolution_note"] == "客户情绪平复，保安已到场"
    assert [a["seat"] for a in api.agents()] == ["S-01"]


def test_stream_gets_snapshot_and_live_alerts_then_reconnects_after_a_relay_restart(
        relay: Relay, live: LiveRelay, api: SupervisorApi) -> None:
    agent = enroll_directly(relay.db, relay.service.box, "S-02")
    log = StreamLog()
    stream = ConsoleStream(api.stream_url, log.messages.put, log.states.put)
    stream.start()
    try:
        log.wait_state(StreamState.CONNECTED)
        assert log.next_message("snapshot")["agents"][0]["seat"] == "S-02"
        with RelayClient(live.url, agent.id, agent.secret) as client:
            event = wire_event("panic.duress", {"trigger": "code_word"}, 0)
            client.send_events([event])
        assert log.next_message("alert")["event_id"] == event["id"]

        live.stop()
        log.wait_state(StreamState.RECONNECTING)
        restarted = LiveRelay(relay, port=live.port).start()
        try:
            log.wait_state(StreamState.CONNECTED)
            snapshot = log.next_message("snapshot")
            assert [a["event_id"] for a in snapshot["alerts"]] == [event["id"]]
        finally:
            stream.stop()
            restarted.stop()
    finally:
        stream.stop()
    assert stream.state is StreamState.STOPPED


def test_a_refused_token_is_renewed_or_asks_to_log_in_again(
        relay: Relay, live: LiveRelay, api: SupervisorApi) -> None:
    log = StreamLog()
    renewals: list[str] = []

    def renew() -> TokenRenewal:
        renewals.append("renew")
        api.login("wang", SUPERVISOR_PASSWORD)
        return TokenRenewal.RENEWED

    api.logout()
    api.token = "expired-token"
    stream = ConsoleStream(api.stream_url, log.messages.put, log.states.put, renew)
    stream.start()
    try:
        log.wait_state(StreamState.CONNECTED)
        assert renewals == ["renew"]
    finally:
        stream.stop()

    refused = StreamLog()
    stream = ConsoleStream(lambda: stream_url(live.url, "bad"), refused.messages.put,
                           refused.states.put, lambda: TokenRenewal.REFUSED)
    stream.start()
    try:
        refused.wait_state(StreamState.LOGIN_NEEDED)
    finally:
        stream.stop()


def test_remembered_password_lives_in_the_keyring(memory_keyring: MemoryKeyring) -> None:
    assert remembered_password("http://relay:8443/", "wang") is None
    assert remember_password("http://relay:8443", "wang", "s3cret-pass")
    assert remembered_password("http://relay:8443/", "wang") == "s3cret-pass"
    assert remembered_password("http://other:8443", "wang") is None
    assert list(memory_keyring.items.values()) == ["s3cret-pass"]
    forget_password("http://relay:8443", "wang")
    forget_password("http://relay:8443", "wang")  # twice is fine
    assert remembered_password("http://relay:8443", "wang") is None

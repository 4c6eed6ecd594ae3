"""Every way a signed agent request is refused, each with its status and a clear detail."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from relay import store
from tests.relay.postgres_cluster import DATABASES, on_both_databases
from tests.relay.support import EnrolledAgent, Relay, make_relay, signed, wire_event

HEARTBEAT = "/api/v1/heartbeat"
EVENTS = "/api/v1/events"
BEAT = {"state": "active", "app_version": "1.0"}


@pytest.fixture(params=DATABASES)
def relay_db_url(request: pytest.FixtureRequest) -> str | None:
    """Every test here runs on SQLite and on PostgreSQL."""
    return on_both_databases(request)


def post_signed(client: TestClient, agent: EnrolledAgent, path: str, payload: object = None,
                **kwargs: object) -> tuple[int, object]:
    body, headers = signed(agent, "POST", path, payload, **kwargs)  # type: ignore[arg-type]
    response = client.post(path, content=body, headers=headers)
    return response.status_code, response.json()


def test_valid_signature_is_accepted(client: TestClient, agent: EnrolledAgent) -> None:
    status, body = post_signed(client, agent, HEARTBEAT, BEAT)
    assert status == 200, body
    assert body["supervisors_online"] == 0  # type: ignore[index]


def test_forged_signature_is_refused(client: TestClient, agent: EnrolledAgent) -> None:
    body, headers = signed(agent, "POST", HEARTBEAT, BEAT)
    headers["X-Signature"] = "0" * 64
    response = client.post(HEARTBEAT, content=body, headers=headers)
    assert response.status_code == 401
    assert response.json()["detail"] == "bad signature"


def test_signature_made_with_another_secret_is_refused(client: TestClient,
                                                       agent: EnrolledAgent) -> None:
    impostor = EnrolledAgent(agent.id, "A" * 43, agent.seat)
    status, body = post_signed(client, impostor, HEARTBEAT, BEAT)
    assert status == 401
    assert body == {"detail": "bad signature"}


def test_body_changed_after_signing_is_refused(client: TestClient, agent: EnrolledAgent) -> None:
    _, headers = signed(agent, "POST", HEARTBEAT, BEAT)
    tampered = b'{"state": "idle", "app_version": "1.0"}'
    response = client.post(HEARTBEAT, content=tampered, headers=headers)
    assert response.status_code == 401
    assert response.json()["detail"] == "bad signature"


def test_signature_for_another_path_is_refused(client: TestClient, agent: EnrolledAgent) -> None:
    body, headers = signed(agent, "POST", EVENTS, BEAT)
    response = client.post(HEARTBEAT, content=body, headers=headers)
    assert response.status_code == 401


def test_replayed_nonce_is_refused(client: TestClient, agent: EnrolledAgent) -> None:
    body, headers = signed(agent, "POST", HEARTBEAT, BEAT, nonce="same-nonce")
    assert client.post(HEARTBEAT, content=body, headers=headers).status_code == 200
    replay = client.post(HEARTBEAT, content=body, headers=headers)
    assert replay.status_code == 409
    assert "replayed" in replay.json()["detail"]


def test_replay_is_refused_after_a_relay_restart(tmp_path: Path,
                                                 relay_db_url: str | None) -> None:
    first = make_relay(tmp_path, db_url=relay_db_url)
    from tests.relay.support import enroll_directly

    agent = enroll_directly(first.db, first.service.box, "A-02")
    body, headers = signed(agent, "POST", HEARTBEAT, BEAT, nonce="restart-nonce")
    with TestClient(first.app) as client:
        assert client.post(HEARTBEAT, content=body, headers=headers).status_code == 200
    first.close()

    # same database and relay key, fresh process state
    second = make_relay(tmp_path, db_url=relay_db_url)
    try:
        with TestClient(second.app) as client:
            replay = client.post(HEARTBEAT, content=body, headers=headers)
        assert replay.status_code == 409
        assert "replayed" in replay.json()["detail"]
    finally:
        second.close()


def test_stale_timestamp_is_refused(client: TestClient, agent: EnrolledAgent) -> None:
    status, body = post_signed(client, agent, HEARTBEAT, BEAT, now=time.time() - 120)
    assert status == 401
    detail = body["detail"]  # type: ignore[index]
    assert detail["reason"] == "clock_skew"
    assert "clock skew" in detail["message"] and "behind" in detail["message"]
    assert abs(detail["server_timestamp"] - time.time()) < 30


def test_future_timestamp_is_refused(client: TestClient, agent: EnrolledAgent) -> None:
    status, body = post_signed(client, agent, HEARTBEAT, BEAT, now=time.time() + 120)
    assert status == 401
    detail = body["detail"]  # type: ignore[index]
    assert detail["reason"] == "clock_skew"
    assert "clock skew" in detail["message"] and "ahead" in detail["message"]
    assert abs(detail["server_timestamp"] - time.time()) < 30


def test_timestamp_within_a_minute_is_accepted(client: TestClient, agent: EnrolledAgent) -> None:
    status, _ = post_signed(client, agent, HEARTBEAT, BEAT, now=time.time() - 50)
    assert status == 200


def test_non_numeric_timestamp_is_refused(client: TestClient, agent: EnrolledAgent) -> None:
    body, headers = signed(agent, "POST", HEARTBEAT, BEAT)
    headers["X-Timestamp"] = "yesterday"
    response = client.post(HEARTBEAT, content=body, headers=headers)
    assert response.status_code == 401
    assert "unix seconds" in response.json()["detail"]


def test_unknown_agent_is_refused(client: TestClient, agent: EnrolledAgent) -> None:
    stranger = EnrolledAgent("00000000-0000-4000-8000-000000000000", agent.secret, "X")
    status, body = post_signed(client, stranger, HEARTBEAT, BEAT)
    assert status == 401
    assert body == {"detail": "unknown agent"}


def test_revoked_agent_is_forbidden(relay: Relay, client: TestClient,
                                    agent: EnrolledAgent) -> None:
    relay.db.call(lambda s: store.revoke_agent(s, agent.seat))
    status, body = post_signed(client, agent, HEARTBEAT, BEAT)
    assert status == 403
    assert "revoked" in body["detail"]  # type: ignore[index]


def test_missing_signature_headers_are_refused(client: TestClient) -> None:
    response = client.post(HEARTBEAT, json=BEAT)
    assert response.status_code == 401
    assert "missing header" in response.json()["detail"]


def test_overlong_nonce_is_refused(client: TestClient, agent: EnrolledAgent) -> None:
    body, headers = signed(agent, "POST", HEARTBEAT, BEAT)
    headers["X-Nonce"] = "n" * 65
    response = client.post(HEARTBEAT, content=body, headers=headers)
    assert response.status_code == 401
    assert "X-Nonce" in response.json()["detail"]


def test_oversized_body_is_refused(client: TestClient, agent: EnrolledAgent) -> None:
    big = {"events": [wire_event("selfcheck.completed", {"blob": "x" * 70_000})]}
    status, body = post_signed(client, agent, EVENTS, big)
    assert status == 413
    assert "larger than 65536 bytes" in body["detail"]  # type: ignore[index]


def test_oversized_chunked_body_is_refused(client: TestClient, agent: EnrolledAgent) -> None:
    _, headers = signed(agent, "POST", EVENTS, {})

    def chunks() -> Iterator[bytes]:  # no Content-Length: the relay has to count
        for _ in range(20):
            yield b"x" * 8192

    response = client.post(EVENTS, content=chunks(), headers=headers)
    assert response.status_code == 413


def test_malformed_json_is_refused(client: TestClient, agent: EnrolledAgent) -> None:
    status, body = post_signed(client, agent, EVENTS, body=b'{"events": [')
    assert status == 422
    assert "JSON" in str(body)


def test_schema_violation_is_refused(client: TestClient, agent: EnrolledAgent) -> None:
    too_many = {"events": [wire_event("selfcheck.completed") for _ in range(101)]}
    status, _ = post_signed(client, agent, EVENTS, too_many)
    assert status == 422
    bad_state = {"state": "sleeping", "app_version": "1"}
    status, _body = post_signed(client, agent, HEARTBEAT, bad_state)
    assert status == 422
    bad_uuid = {"events": [wire_event("panic.alert", event_id="not-a-uuid")]}
    status, _ = post_signed(client, agent, EVENTS, bad_uuid)
    assert status == 422


def test_supervisor_endpoints_need_a_valid_token(client: TestClient) -> None:
    assert client.get("/api/v1/alerts").status_code == 401
    response = client.get("/api/v1/alerts", headers={"Authorization": "Bearer nope"})
    assert response.status_code == 401
    assert "invalid or expired token" in response.json()["detail"]
    assert response.headers["www-authenticate"] == "Bearer"


def test_wrong_password_is_refused(relay: Relay, client: TestClient) -> None:
    from tests.relay.support import add_supervisor

    add_supervisor(relay.db, "lead")
    response = client.post("/api/v1/auth/login", json={"name": "lead", "password": "wrong!!"})
    assert response.status_code == 401
    assert response.json()["detail"] == "wrong name or password"
    response = client.post("/api/v1/auth/login", json={"name": "ghost", "password": "wrong!!"})
    assert response.status_code == 401


def test_logout_ends_the_token(client: TestClient, auth: dict[str, str]) -> None:
    assert client.get("/api/v1/alerts", headers=auth).status_code == 200
    assert client.post("/api/v1/auth/logout", headers=auth).status_code == 204
    assert client.get("/api/v1/alerts", headers=auth).status_code == 401


def test_expired_token_is_refused(relay: Relay, client: TestClient, auth: dict[str, str]) -> None:
    from datetime import timedelta

    real_clock = relay.service.clock
    relay.service.clock = lambda: real_clock() + timedelta(hours=13)
    response = client.get("/api/v1/alerts", headers=auth)
    assert response.status_code == 401


def test_heartbeat_whose_body_is_not_utf8_is_a_client_error(
    client: TestClient, agent: EnrolledAgent
) -> None:
    raw = b'{"state": "active", "app_version": "\xff\xfe"}'
    body, headers = signed(agent, "POST", HEARTBEAT, body=raw)
    response = client.post(HEARTBEAT, content=body, headers=headers)
    assert 400 <= response.status_code < 500, response.text
    assert "UTF-8" in response.json()["detail"]


def test_signed_request_sent_as_text_plain_is_refused_with_415(
    client: TestClient, agent: EnrolledAgent
) -> None:
    for path, payload in ((HEARTBEAT, BEAT), (EVENTS, {"events": [wire_event("panic.test")]})):
        body, headers = signed(agent, "POST", path, payload)
        headers["Content-Type"] = "text/plain"
        response = client.post(path, content=body, headers=headers)
        assert response.status_code == 415, (path, response.text)
    body, headers = signed(agent, "POST", HEARTBEAT, BEAT)
    headers["Content-Type"] = "application/json; charset=utf-8"
    assert client.post(HEARTBEAT, content=body, headers=headers).status_code == 200


def test_heartbeats_write_the_clock_offset_only_when_it_moves(
    relay: Relay, client: TestClient, agent: EnrolledAgent, auth: dict[str, str]
) -> None:
    import time

    from relay.models import AgentClock

    def beat(shift_s: float = 0.0) -> None:
        body, headers = signed(agent, "POST", "/api/v1/heartbeat",
                               {"state": "active", "app_version": "1.0"},
                               now=time.time() + shift_s)
        assert client.post("/api/v1/heartbeat", content=body, headers=headers).status_code == 200

    def stored() -> tuple[float, object]:
        row = relay.db.call(lambda s: s.get(AgentClock, agent.id))
        assert row is not None
        return row.offset_s, row.measured_at

    beat()
    first = stored()
    for _ in range(5):
        beat()
    assert stored() == first  # the same clock: no write per heartbeat
    beat(shift_s=30)  # the workstation clock jumped half a minute
    offset, measured_at = stored()
    assert 28 <= offset <= 31 and measured_at != first[1]
    row = client.get("/api/v1/agents", headers=auth).json()[0]
    assert 28 <= row["clock_offset_s"] <= 31

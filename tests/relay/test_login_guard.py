"""Login and enrollment throttling: delay, lockout with Retry-After, unlock from the CLI."""

from __future__ import annotations

import io
from contextlib import redirect_stdout

import pytest
from fastapi.testclient import TestClient

from relay import cli, credentials, store
from relay.config import RelayConfig
from relay.login_guard import MAX_KEYS, LoginGuard
from tests.relay.postgres_cluster import DATABASES, on_both_databases
from tests.relay.support import (
    SUPERVISOR_PASSWORD,
    EnrolledAgent,
    Relay,
    add_supervisor,
    signed,
    wait_until,
)

LOGIN = "/api/v1/auth/login"


@pytest.fixture(params=DATABASES)
def relay_db_url(request: pytest.FixtureRequest) -> str | None:
    return on_both_databases(request)


@pytest.fixture
def relay_config() -> RelayConfig:
    """Refusals answered at once, so these tests can make hundreds of attempts quickly;
    test_a_locked_clients_refusal_is_held_while_agents_go_through keeps the hold."""
    return RelayConfig(refusal_hold_s=0)


def login(client: TestClient, password: str, name: str = "lead") -> tuple[int, dict[str, str]]:
    response = client.post(LOGIN, json={"name": name, "password": password})
    return response.status_code, dict(response.headers)


def test_200_wrong_passwords_lock_the_account_until_the_cli_unlocks_it(
    relay: Relay, client: TestClient, agent: EnrolledAgent
) -> None:
    add_supervisor(relay.db, "lead")
    statuses = [login(client, f"wrong-{i}")[0] for i in range(200)]
    assert set(statuses) <= {401, 429}
    assert statuses[:3] == [401, 401, 401]
    assert statuses[-50:] == [429] * 50
    status, headers = login(client, SUPERVISOR_PASSWORD)
    assert status == 429, "the right password must not work while locked"
    assert int(headers["retry-after"]) >= 60

    # agents' signed requests are not affected by a locked supervisor login
    body, signed_headers = signed(agent, "POST", "/api/v1/heartbeat",
                                  {"state": "active", "app_version": "1.0"})
    assert client.post("/api/v1/heartbeat", content=body,
                       headers=signed_headers).status_code == 200

    out = io.StringIO()
    with redirect_stdout(out):
        assert cli.main(["--db", relay.files.db_url, "unlock", "lead"]) == 0
        assert cli.main(["--db", relay.files.db_url, "unlock", "testclient"]) == 0
    assert "unlocked account:lead" in out.getvalue()
    assert "unlocked address:testclient" in out.getvalue()  # TestClient's client address
    wait_until(lambda: login(client, SUPERVISOR_PASSWORD)[0] == 200, 20,
               "the relay did not honour the unlock")


def test_unlock_of_an_unknown_name_says_so(relay: Relay) -> None:
    out = io.StringIO()
    with redirect_stdout(out):
        assert cli.main(["--db", relay.files.db_url, "unlock", "nobody"]) == 0
    assert "not locked" in out.getvalue()


def test_guessing_enrollment_codes_is_locked_out(client: TestClient) -> None:
    statuses = []
    for i in range(40):
        response = client.post("/api/v1/enroll", json={
            "code": f"AAAA-BBBB-CCCC-{i:04d}", "workstation": "WS", "app_version": "1.0"})
        statuses.append(response.status_code)
    assert statuses[0] in (401, 410)
    assert statuses[-20:] == [429] * 20


def test_memory_stays_bounded_under_many_names() -> None:
    now = [0.0]
    guard = LoginGuard(monotonic=lambda: now[0])
    for i in range(MAX_KEYS * 3):
        guard.failed([f"account:user{i}", f"address:10.0.{i // 250}.{i % 250}"])
    assert guard.tracked() == MAX_KEYS
    guard.close()


def test_delay_grows_then_locks() -> None:
    now = [0.0]
    guard = LoginGuard(monotonic=lambda: now[0])
    keys = ["account:lead"]
    waits = []
    for _ in range(9):
        guard.failed(keys)
        waits.append(guard.retry_after(keys))
        assert not guard.locked(keys)
    assert waits[:3] == [0, 0, 0] and waits[3] == 2 and waits[4] == 4
    guard.failed(keys)
    assert guard.locked(keys) and guard.retry_after(keys) > 800
    now[0] += 15 * 60 + 1
    assert not guard.locked(keys)
    guard.succeeded(keys)
    assert guard.retry_after(keys) == 0
    guard.close()


def test_a_locked_clients_refusal_is_held_while_agents_go_through(
    relay: Relay, client: TestClient, agent: EnrolledAgent
) -> None:
    import threading

    add_supervisor(relay.db, "lead")
    for _ in range(20):
        login(client, "wrong")
    assert relay.service.login_guard.locked(["address:testclient"])
    guard = relay.service.login_guard
    guard.hold_s = 600.0  # held until the test lets go
    answers: list[int] = []
    flood = threading.Thread(target=lambda: answers.append(login(client, "wrong")[0]))
    flood.start()
    wait_until(lambda: guard.holding() == 1, 10, "the locked client's refusal was not held")
    body, headers = signed(agent, "POST", "/api/v1/heartbeat",
                           {"state": "active", "app_version": "1.0"})
    assert client.post("/api/v1/heartbeat", content=body, headers=headers).status_code == 200
    assert answers == [] and guard.holding() == 1  # still held while the agent was answered
    guard.release_held()
    flood.join(timeout=30)
    assert answers == [429]


def test_an_old_argon2_hash_is_replaced_at_the_next_login(relay: Relay,
                                                          client: TestClient) -> None:
    from argon2 import PasswordHasher

    old_hash = PasswordHasher(memory_cost=65536, time_cost=3, parallelism=4).hash(
        SUPERVISOR_PASSWORD)
    relay.db.call(lambda s: store.create_supervisor(s, "veteran", old_hash))
    assert credentials.needs_rehash(old_hash)
    assert login(client, SUPERVISOR_PASSWORD, name="veteran")[0] == 200
    found = relay.db.call(lambda s: store.supervisor_credentials(s, "veteran"))
    assert found is not None
    new_hash = found[1]
    assert new_hash != old_hash and "m=19456,t=2,p=1" in new_hash
    assert not credentials.needs_rehash(new_hash)
    assert login(client, SUPERVISOR_PASSWORD, name="veteran")[0] == 200
    assert login(client, "wrong", name="veteran")[0] == 401

"""Fuzz the OpenAPI schema against the ASGI app: bad input never yields a 5xx."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from relay import store
from relay.config import RelayConfig
from relay.db import utcnow
from tests.relay.postgres_cluster import DATABASES, PostgresServer, on_both_databases
from tests.relay.support import (
    SUPERVISOR_PASSWORD,
    EnrolledAgent,
    Relay,
    add_supervisor,
    enroll_directly,
    make_relay,
    signed,
)

# schemathesis 4 wants the schema at import time (its lazy fixture loader does not work with
# pytest 9), so the schema comes from a relay made at import, on SQLite in its own temporary
# folder (removed after the module). The OpenAPI document does not depend on the database:
# each fuzzing run sends its cases to the app of ``fuzzing.relay`` (``app=``), which is this
# relay on SQLite and a relay on a PostgreSQL database made when the fixture first runs.
_ROOT = Path(tempfile.mkdtemp(prefix="relay-fuzz-"))
_CONFIG = RelayConfig(refusal_hold_s=0)  # locked logins answered at once
_RELAY = make_relay(_ROOT, _CONFIG)
schema = schemathesis.openapi.from_asgi("/openapi.json", _RELAY.app)


SIGNED_PATHS = {"/api/v1/events", "/api/v1/heartbeat", "/api/v1/agent/updates"}
LOGOUT = "/api/v1/auth/logout"
#: every (method, path) of the relay's OpenAPI document
OPERATIONS = sorted((method.upper(), path) for path, item in _RELAY.app.openapi()["paths"].items()
                    for method in item)


def teardown_module() -> None:
    _RELAY.close()
    shutil.rmtree(_ROOT, ignore_errors=True)


@pytest.fixture(params=DATABASES)
def relay_db_url(request: pytest.FixtureRequest) -> str | None:
    """For the tests that make a relay of their own."""
    return on_both_databases(request)


@dataclass(frozen=True)
class Fuzzing:
    relay: Relay
    token: str
    agent: EnrolledAgent
    client: TestClient


@contextmanager
def fuzzed_relay(database: str, request: pytest.FixtureRequest) -> Iterator[Relay]:
    """The import-time relay on SQLite; on PostgreSQL one on a database of its own."""
    if database == "sqlite":
        yield _RELAY
        return
    server: PostgresServer = request.getfixturevalue("postgres_server")
    name = server.new_database()
    folder = Path(tempfile.mkdtemp(prefix="relay-fuzz-pg-"))
    relay = make_relay(folder, _CONFIG, db_url=server.database_url(name))
    try:
        yield relay
    finally:
        relay.close()
        server.drop_database(name)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module", params=DATABASES)
def fuzzing(request: pytest.FixtureRequest) -> Iterator[Fuzzing]:
    """Every fuzzing test runs against a relay on SQLite and one on PostgreSQL."""
    with fuzzed_relay(request.param, request) as relay:
        add_supervisor(relay.db, "lead")
        agent = enroll_directly(relay.db, relay.service.box, "F-01")
        client = TestClient(relay.app)  # no lifespan here: schemathesis' client runs its own
        response = client.post("/api/v1/auth/login",
                               json={"name": "lead", "password": SUPERVISOR_PASSWORD})
        assert response.status_code == 200, response.text
        yield Fuzzing(relay, str(response.json()["token"]), agent, client)


def session_token(operation_path: str, fuzzing: Fuzzing) -> str:
    """The module's token, or for logout (which ends it) a session of its own."""
    if operation_path != LOGOUT:
        return fuzzing.token
    db = fuzzing.relay.db
    found = db.call(lambda s: store.supervisor_credentials(s, "lead"))
    assert found is not None
    supervisor_id = found[0]
    now = utcnow()
    return str(db.call(lambda s: store.create_session(s, supervisor_id, now, 600))[0])


@pytest.mark.slow
@schema.parametrize()  # every operation of the OpenAPI document, logout included
@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
def test_no_server_errors(case: Any, fuzzing: Fuzzing) -> None:
    app = fuzzing.relay.app  # the relay on this run's database, not the schema's own
    case.call_and_validate(checks=[not_a_server_error], app=app)
    headers = dict(case.headers or {})
    headers["Authorization"] = f"Bearer {session_token(case.path, fuzzing)}"
    case.call_and_validate(headers=headers, checks=[not_a_server_error], app=app)
    if case.path in SIGNED_PATHS:
        # the generated body again, this time properly signed, so it reaches validation
        raw = case.body if isinstance(case.body, (dict, list, str, int, float, bool)) else None
        body, signed_headers = signed(fuzzing.agent, case.method, case.path, raw)
        response = fuzzing.client.request(case.method, case.path, content=body,
                                          headers=signed_headers)
        assert response.status_code < 500, (case.body, response.text)


SIGNED_ROUTES = [("POST", "/api/v1/events"), ("POST", "/api/v1/heartbeat"),
                 ("GET", "/api/v1/agent/updates")]


@pytest.mark.slow
@pytest.mark.parametrize(("method", "path"), SIGNED_ROUTES)
@pytest.mark.parametrize("content_type", ["application/json", "application/octet-stream"])
def test_correctly_signed_random_bytes_get_no_server_error(
    tmp_path: Path, method: str, path: str, content_type: str, relay_db_url: str | None
) -> None:
    import random

    from tests.relay.support import enroll_directly, make_relay, signed

    relay = make_relay(tmp_path, db_url=relay_db_url)
    agent = enroll_directly(relay.db, relay.service.box, "F-01")
    chooser = random.Random(f"{method}{path}{content_type}")
    try:
        with TestClient(relay.app) as client:
            for size in [1, 2, 3, 7, 64, 500, 4000] * 6:
                raw = bytes(chooser.randrange(256) for _ in range(size))
                body, headers = signed(agent, method, path, body=raw)
                headers["Content-Type"] = content_type
                response = client.request(method, path, content=body, headers=headers)
                assert response.status_code < 500, (size, raw[:40], response.text)
    finally:
        relay.close()


@pytest.mark.slow
@pytest.mark.parametrize(("method", "path"), OPERATIONS)
def test_random_bytes_to_every_operation_get_no_server_error(
    method: str, path: str, fuzzing: Fuzzing
) -> None:
    """Any bytes, under any content type, with and without a session (and signed, for the
    signed routes): a 4xx at worst."""
    import random

    chooser = random.Random(f"{method}{path}")
    url = path.replace("{alert_id}", "0b7c3f1e-3c2a-4d7e-9a51-2f6a8e4b9c10")
    content_types = ["application/json", "application/octet-stream", "text/plain",
                     "application/x-www-form-urlencoded", "multipart/form-data"]
    for size in [0, 1, 2, 5, 64, 700, 5000]:
        raw = bytes(chooser.randrange(256) for _ in range(size))
        for content_type in content_types:
            attempts = [{"Content-Type": content_type},
                        {"Content-Type": content_type,
                         "Authorization": f"Bearer {session_token(path, fuzzing)}"}]
            if path in SIGNED_PATHS:
                _body, signed_headers = signed(fuzzing.agent, method, path, body=raw)
                attempts.append({**signed_headers, "Content-Type": content_type})
            for headers in attempts:
                response = fuzzing.client.request(method, url, content=raw, headers=headers)
                assert response.status_code < 500, (content_type, raw[:40], response.text)

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from relay.config import RelayConfig
from tests.relay.postgres_cluster import (
    SKIP_FLAG,
    URL_OVERRIDE,
    PostgresServer,
    PostgresUnavailable,
    remove_cluster,
    start_cluster,
)
from tests.relay.support import (
    SUPERVISOR_PASSWORD,
    EnrolledAgent,
    Relay,
    add_supervisor,
    enroll_directly,
    make_relay,
)


@pytest.fixture
def relay_config() -> RelayConfig:
    return RelayConfig()


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """One throwaway PostgreSQL cluster for the whole run (or the server at
    SAFETY_RELAY_PG_URL). Without a server this FAILS, so CI never skips silently; a developer
    without PostgreSQL passes SAFETY_SKIP_POSTGRES=1 to skip instead."""
    if os.environ.get(URL_OVERRIDE):
        yield PostgresServer(os.environ[URL_OVERRIDE])
        return
    try:
        cluster = start_cluster()
    except PostgresUnavailable as error:
        reason = str(error)
    else:
        reason = ""
    if reason:
        if os.environ.get(SKIP_FLAG) == "1":
            pytest.skip(f"PostgreSQL skipped ({SKIP_FLAG}=1): {reason}")
        pytest.fail(f"PostgreSQL tests cannot run: {reason}", pytrace=False)
    try:
        yield cluster.server()
    finally:
        remove_cluster(cluster)


@pytest.fixture
def postgres_url(postgres_server: PostgresServer) -> Iterator[str]:
    """An empty PostgreSQL database for this one test, dropped afterwards."""
    name = postgres_server.new_database()
    yield postgres_server.database_url(name)
    postgres_server.drop_database(name)


@pytest.fixture
def relay_db_url() -> str | None:
    """The relay's database: None is SQLite in tmp_path. A module runs its tests on both
    databases by overriding this with
    ``tests.relay.postgres_cluster.on_both_databases`` (see test_enrollment.py)."""
    return None


@pytest.fixture
def relay(tmp_path: Path, relay_config: RelayConfig, relay_db_url: str | None) -> Iterator[Relay]:
    instance = make_relay(tmp_path, relay_config, db_url=relay_db_url)
    yield instance
    instance.close()


@pytest.fixture
def client(relay: Relay) -> Iterator[TestClient]:
    with TestClient(relay.app) as test_client:
        yield test_client


@pytest.fixture
def agent(relay: Relay) -> EnrolledAgent:
    return enroll_directly(relay.db, relay.service.box, "A-01", "张三")


@pytest.fixture
def token(relay: Relay, client: TestClient) -> str:
    add_supervisor(relay.db, "lead")
    response = client.post("/api/v1/auth/login",
                           json={"name": "lead", "password": SUPERVISOR_PASSWORD})
    assert response.status_code == 200, response.text
    return str(response.json()["token"])


@pytest.fixture
def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}

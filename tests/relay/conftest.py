from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from relay.config import RelayConfig
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


@pytest.fixture
def relay(tmp_path: Path, relay_config: RelayConfig) -> Iterator[Relay]:
    instance = make_relay(tmp_path, relay_config)
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

"""A real relay (uvicorn in a thread, SQLite in tmp) for the agent alert channel."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest

from tests.alerts.conftest import MemoryKeyring
from tests.relay.support import LiveRelay, Relay, make_relay


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def relay(tmp_path: Path) -> Iterator[Relay]:
    instance = make_relay(tmp_path / "relay")
    yield instance
    instance.close()


@pytest.fixture
def live(relay: Relay) -> Iterator[LiveRelay]:
    server = LiveRelay(relay).start()
    yield server
    server.stop()

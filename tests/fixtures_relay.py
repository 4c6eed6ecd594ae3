"""Fixtures for tests that talk to a relay: an in-memory keyring, and a real relay (SQLite in
tmp) served by uvicorn in a thread. Registered for the whole suite in ``tests/conftest.py``;
a folder or module that needs a different relay overrides ``relay`` (``live`` then serves it).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import keyring
import pytest
from keyring.backend import KeyringBackend

if TYPE_CHECKING:
    from tests.relay.support import LiveRelay, Relay


class MemoryKeyring(KeyringBackend):
    """In-memory keyring for unit tests (the e2e tests use the real Secret Service)."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.items.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.items[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        from keyring.errors import PasswordDeleteError

        if self.items.pop((service, username), None) is None:
            raise PasswordDeleteError(username)


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def relay(tmp_path: Path) -> Iterator[Relay]:
    from tests.relay.support import make_relay  # the relay app: only for tests that use it

    instance = make_relay(tmp_path / "relay")
    yield instance
    instance.close()


@pytest.fixture
def live(relay: Relay) -> Iterator[LiveRelay]:
    from tests.relay.support import LiveRelay

    server = LiveRelay(relay).start()
    yield server
    server.stop()

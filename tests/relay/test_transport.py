"""Transport: a plain-HTTP relay on the network warns; its files are private to its user."""

from __future__ import annotations

import stat
from pathlib import Path

import httpx
import pytest

from relay.cli import is_loopback_host
from relay.db import Database, make_engine
from tests.relay.support import (
    RelayFiles,
    RelayProcess,
    add_supervisor,
    enroll_directly,
    free_port,
)

WARNING = "without --tls-cert"


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize("host", ["127.0.0.1", "::1", "localhost", "127.0.0.5"])
def test_loopback_hosts(host: str) -> None:
    assert is_loopback_host(host)


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.20", "relay.example.com"])
def test_non_loopback_hosts(host: str) -> None:
    assert not is_loopback_host(host)


# on SQLite only: the warning depends on the address alone, not on the database
@pytest.mark.slow
@pytest.mark.parametrize(("host", "warns"), [("0.0.0.0", True), ("127.0.0.1", False)])
def test_serve_warns_without_tls_on_a_network_address(
    tmp_path: Path, host: str, warns: bool
) -> None:
    files = RelayFiles(tmp_path / "relay")
    files.root.mkdir()
    relay = RelayProcess(files, free_port(), ["--host", host]).start()
    try:
        assert httpx.get(relay.url + "/healthz", timeout=5).status_code == 200
    finally:
        relay.stop()
    log = relay.log.read_text(errors="replace")
    assert (WARNING in log) is warns, log


# SQLite only by nature: PostgreSQL keeps its data in the server's own files, not the relay's
def test_data_folder_0700_and_database_files_0600(tmp_path: Path) -> None:
    home = tmp_path / "home" / "safety-relay"
    db = Database(make_engine(f"sqlite:///{home / 'relay.sqlite3'}"))
    try:
        files = RelayFiles(home)
        add_supervisor(db)  # a write: the WAL and shared-memory files exist now
        enroll_directly(db, files.box(), "T-01")
        assert mode(home) == 0o700
        created = sorted(p.name for p in home.iterdir())
        assert {"relay.sqlite3", "relay.sqlite3-wal", "relay.sqlite3-shm"} <= set(created)
        for path in home.iterdir():
            assert mode(path) == 0o600, (path.name, oct(mode(path)))
    finally:
        db.close()


# no database at all: the relay's key file
def test_relay_key_in_a_new_folder_is_private(tmp_path: Path) -> None:
    from relay.secretbox import load_or_create_key

    key = tmp_path / "keys" / "relay.key"
    load_or_create_key(key)
    assert mode(key.parent) == 0o700 and mode(key) == 0o600


# SQLite only by nature: the modes of the relay's own database file
def test_loose_modes_from_an_earlier_run_are_tightened(tmp_path: Path) -> None:
    path = tmp_path / "relay.sqlite3"
    Database(make_engine(f"sqlite:///{path}")).close()
    path.chmod(0o644)
    Database(make_engine(f"sqlite:///{path}")).close()
    assert mode(path) == 0o600

"""The same relay code on PostgreSQL: a throwaway cluster, when the machine has one."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from relay import store
from tests.relay.support import (
    SUPERVISOR_PASSWORD,
    add_supervisor,
    enroll_directly,
    free_port,
    make_relay,
    signed,
    wire_event,
)

pytestmark = pytest.mark.slow


def _as_postgres(*argv: str) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *argv] if os.geteuid() == 0 else list(argv)


@pytest.fixture(scope="module")
def pg_url() -> Iterator[str]:
    if os.environ.get("SAFETY_RELAY_PG_URL"):
        yield os.environ["SAFETY_RELAY_PG_URL"]
        return
    pytest.importorskip("psycopg")
    if not shutil.which("initdb") or not shutil.which("pg_ctl"):
        pytest.skip("no PostgreSQL server binaries (initdb, pg_ctl)")
    if os.geteuid() == 0 and not shutil.which("runuser"):
        pytest.skip("running as root without runuser")
    folder = Path(tempfile.mkdtemp(prefix="relay-pg-"))
    folder.chmod(0o755)
    data = folder / "data"
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
    port = free_port()
    subprocess.run(_as_postgres("initdb", "-D", str(data), "-A", "trust", "-U", "relay"),
                   check=True, capture_output=True, timeout=120)
    subprocess.run(_as_postgres(
        "pg_ctl", "-D", str(data), "-w", "-l", str(folder / "log"), "-o",
        f"-p {port} -k {folder} -c listen_addresses='' -c fsync=off", "start"),
        check=True, capture_output=True, timeout=120)
    try:
        yield f"postgresql+psycopg://relay@/postgres?host={folder}&port={port}"
    finally:
        subprocess.run(_as_postgres("pg_ctl", "-D", str(data), "-m", "fast", "stop"),
                       check=False, capture_output=True, timeout=60)
        time.sleep(0.1)
        shutil.rmtree(folder, ignore_errors=True)


def test_relay_on_postgresql(pg_url: str, tmp_path: Path) -> None:
    relay = make_relay(tmp_path, db_url=pg_url)
    try:
        agent = enroll_directly(relay.db, relay.service.box, "PG-01", "钱八")
        add_supervisor(relay.db, "pg-lead")
        with TestClient(relay.app) as client:
            token = client.post("/api/v1/auth/login", json={
                "name": "pg-lead", "password": SUPERVISOR_PASSWORD}).json()["token"]
            auth = {"Authorization": f"Bearer {token}"}
            panic = wire_event("panic.alert", {"trigger": "hotkey"}, 0)
            batch = {"events": [panic, wire_event("selfcheck.completed", {"passed": 2})]}
            for expected in ("stored", "duplicate"):
                body, headers = signed(agent, "POST", "/api/v1/events", batch)
                answer = client.post("/api/v1/events", content=body, headers=headers).json()
                assert len(answer[expected]) == 2
            body, headers = signed(agent, "POST", "/api/v1/heartbeat",
                                   {"state": "idle", "app_version": "9"}, nonce="pg-nonce")
            assert client.post("/api/v1/heartbeat", content=body, headers=headers).status_code \
                == 200
            replay = client.post("/api/v1/heartbeat", content=body, headers=headers)
            assert replay.status_code == 409
            alert = client.get("/api/v1/alerts", headers=auth).json()[0]
            acked = client.post(f"/api/v1/alerts/{alert['id']}/ack", headers=auth).json()
            assert acked["state"] == "acknowledged"
            agents = client.get("/api/v1/agents", headers=auth).json()
            assert agents[0]["state"] == "idle" and agents[0]["selfcheck"]["passed"] == 2
        assert relay.db.call(store.stats)["events"] == 2
    finally:
        relay.close()

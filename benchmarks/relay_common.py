"""Shared set-up for the relay benchmarks: a relay subprocess and agents enrolled in bulk."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import httpx
from sqlalchemy.orm import Session

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from protocol.signing import new_secret
from relay import credentials, store
from relay.db import Database, make_engine, utcnow
from relay.models import Agent
from relay.secretbox import SecretBox, load_or_create_key

SUPERVISOR = ("bench", "benchmark-password")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def db_url(root: Path, url: str | None = None) -> str:
    """``url`` (e.g. a PostgreSQL database) or the SQLite file in ``root``."""
    return url or f"sqlite:///{root / 'relay.sqlite3'}"


def bulk_enroll(root: Path, count: int, url: str | None = None) -> list[tuple[str, str]]:
    """Create ``count`` enrolled agents in one transaction; returns (agent_id, secret)."""
    box = SecretBox(load_or_create_key(root / "relay.key"))
    db = Database(make_engine(db_url(root, url)))
    agents: list[tuple[str, str]] = []
    now = utcnow()

    def create(session: Session) -> None:
        for i in range(count):
            agent_id, secret = str(uuid.uuid4()), new_secret()
            session.add(Agent(id=agent_id, seat=f"S-{i:04d}", name=f"agent {i}",
                              enrolled_at=now, workstation=f"WS-{i:04d}",
                              secret_box=box.seal(secret, store.agent_secret_context(agent_id))))
            agents.append((agent_id, secret))

    db.call(create)
    password_hash = credentials.hash_password(SUPERVISOR[1])
    db.call(lambda s: store.create_supervisor(s, SUPERVISOR[0], password_hash))
    db.close()
    return agents


def start_relay(root: Path, port: int, url: str | None = None,
                command: list[str] | None = None) -> subprocess.Popen[bytes]:
    """The relay (or ``command``, another server answering /healthz) on ``port``."""
    env = dict(os.environ, SAFETY_RELAY_HOME=str(root / "home"))
    log = (root / "relay.log").open("ab")
    proc = subprocess.Popen(
        command or [sys.executable, "-m", "relay.cli", "--db", db_url(root, url), "serve",
                    "--port", str(port), "--key-file", str(root / "relay.key"),
                    "--log-level", "WARNING"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError((root / "relay.log").read_text(errors="replace"))
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.05)
    proc.kill()
    raise RuntimeError("relay did not start")


def stop_relay(proc: subprocess.Popen[bytes]) -> None:
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()


def login(port: int) -> str:
    response = httpx.post(f"http://127.0.0.1:{port}/api/v1/auth/login",
                          json={"name": SUPERVISOR[0], "password": SUPERVISOR[1]}, timeout=10)
    response.raise_for_status()
    return str(response.json()["token"])


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))
    return ordered[index]

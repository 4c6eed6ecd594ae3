"""Helpers shared by the relay and agent-side tests: in-process relays, signing, subprocesses."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import uvicorn
from fastapi import FastAPI

from protocol.signing import sign_headers
from relay import credentials, store
from relay.app import create_app
from relay.config import RelayConfig
from relay.db import Database, make_engine
from relay.escalation.ratelimit import ChannelWorker
from relay.secretbox import SecretBox, load_or_create_key
from relay.service import RelayService

ROOT = Path(__file__).resolve().parents[2]
SUPERVISOR_PASSWORD = "correct horse battery"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class RelayFiles:
    """Where one test relay keeps its database and key."""

    root: Path
    #: another database (PostgreSQL) instead of the SQLite file in ``root``
    database: str | None = None

    @property
    def db_url(self) -> str:
        return self.database or f"sqlite:///{self.root / 'relay.sqlite3'}"

    @property
    def key_file(self) -> Path:
        return self.root / "relay.key"

    def box(self) -> SecretBox:
        return SecretBox(load_or_create_key(self.key_file))


@dataclass
class Relay:
    """An in-process relay: its service, app and files."""

    files: RelayFiles
    service: RelayService
    app: FastAPI
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def db(self) -> Database:
        return self.service.db

    def close(self) -> None:
        self.service.db.close()


def make_relay(
    root: Path,
    config: RelayConfig | None = None,
    workers: list[ChannelWorker] | None = None,
    db_url: str | None = None,
) -> Relay:
    files = RelayFiles(root, db_url)
    db = Database(make_engine(files.db_url))
    service = RelayService(config or RelayConfig(), db, files.box(), workers=workers)
    return Relay(files, service, create_app(service))


def add_supervisor(db: Database, name: str = "lead", password: str = SUPERVISOR_PASSWORD) -> int:
    password_hash = credentials.hash_password(password)
    return db.call(lambda s: store.create_supervisor(s, name, password_hash))


@dataclass(frozen=True)
class EnrolledAgent:
    id: str
    secret: str
    seat: str


def enroll_directly(db: Database, box: SecretBox, seat: str, name: str = "") -> EnrolledAgent:
    """Create and enroll an agent straight in the DB (no HTTP)."""
    from protocol.signing import new_secret

    view, code, _ = db.call(lambda s: store.create_agent(s, seat, name))
    secret = new_secret()
    db.call(lambda s: store.redeem_enrollment_code(s, code, "WS-" + seat, "1.0", secret, box))
    return EnrolledAgent(view["id"], secret, seat)


def signed(
    agent: EnrolledAgent,
    method: str,
    path: str,
    payload: Any = None,
    *,
    body: bytes | None = None,
    now: float | None = None,
    nonce: str | None = None,
) -> tuple[bytes, dict[str, str]]:
    """(body, headers) of a request signed by ``agent``."""
    if body is None:
        body = b"" if payload is None else json.dumps(payload).encode()
    headers = sign_headers(agent.id, agent.secret, method, path, body, now=now, nonce=nonce)
    headers["Content-Type"] = "application/json"
    return body, headers


def wire_event(kind: str, payload: dict[str, Any] | None = None, priority: int = 5,
               event_id: str | None = None) -> dict[str, Any]:
    import uuid

    return {
        "id": event_id or str(uuid.uuid4()),
        "kind": kind,
        "time": "2030-01-01T08:00:00Z",
        "priority": priority,
        "payload": payload or {},
    }


class LiveRelay:
    """A real uvicorn server in a thread, for agent-side tests that use real HTTP."""

    def __init__(self, relay: Relay, port: int | None = None, host: str = "127.0.0.1",
                 **uvicorn_kwargs: Any) -> None:
        self.relay = relay
        self.host = host
        self.port = port or free_port()
        self._kwargs = uvicorn_kwargs
        self.server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        scheme = "https" if self._kwargs.get("ssl_certfile") else "http"
        return f"{scheme}://{self.host}:{self.port}"

    def start(self, timeout: float = 10.0) -> LiveRelay:
        config = uvicorn.Config(self.relay.app, host=self.host, port=self.port,
                                log_level="warning", lifespan="on", **self._kwargs)
        self.server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self.server.run, daemon=True)
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self.server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("relay did not start")
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        if self.server is not None and self._thread is not None:
            self.server.should_exit = True
            self._thread.join(10)
            self.server = None


@contextmanager
def live_relay(relay: Relay, port: int | None = None, **kwargs: Any) -> Iterator[LiveRelay]:
    live = LiveRelay(relay, port, **kwargs).start()
    try:
        yield live
    finally:
        live.stop()


class RelayProcess:
    """``python -m relay.cli serve`` as a subprocess on a fixed port and SQLite file."""

    def __init__(self, files: RelayFiles, port: int, extra_args: list[str] | None = None,
                 prefix: list[str] | None = None, *, db_url: str | None = None,
                 env: dict[str, str] | None = None) -> None:
        self.files = files
        self.port = port
        self.db_url = db_url or files.db_url
        self.env = env or {}
        self.extra_args = extra_args or []
        #: e.g. ``["faketime", "-f", "+600s"]``: run the relay with a shifted clock
        self.prefix = prefix or []
        self.proc: subprocess.Popen[bytes] | None = None
        self.log = files.root / "relay-process.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 20.0) -> RelayProcess:
        env = dict(os.environ, SAFETY_RELAY_HOME=str(self.files.root / "home"), **self.env)
        with self.log.open("ab") as log:
            self.proc = subprocess.Popen(
                [*self.prefix, sys.executable, "-m", "relay.cli", "--db", self.db_url, "serve",
                 "--port", str(self.port), "--key-file", str(self.files.key_file),
                 "--log-level", "WARNING", *self.extra_args],
                cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True,  # a group of its own: stop() reaches faketime's child
            )
        wait_until(self.ready, timeout, "relay subprocess did not become ready")
        return self

    def ready(self) -> bool:
        if self.proc is not None and self.proc.poll() is not None:
            raise RuntimeError(f"relay exited with {self.proc.returncode}: "
                               f"{self.log.read_text(errors='replace')[-2000:]}")
        try:
            return httpx.get(self.url + "/healthz", timeout=1.0).status_code == 200
        except httpx.HTTPError:
            return False

    def _signal_group(self, number: int) -> None:
        """``number`` to the relay and, under a prefix such as faketime, to its child too."""
        assert self.proc is not None
        try:
            os.killpg(self.proc.pid, number)
        except ProcessLookupError:
            pass

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self._signal_group(signal.SIGKILL)
            self.proc.wait(10)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self._signal_group(signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()
        if self.proc is not None:
            self._signal_group(signal.SIGKILL)  # whatever of the group is left


def wait_until(predicate: Callable[[], bool], timeout: float = 10.0,
               message: str = "condition not met in time") -> None:
    """Poll ``predicate`` (for things with no event to wait on, e.g. another process)."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(message)
        time.sleep(0.02)

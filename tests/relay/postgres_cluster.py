"""A throwaway PostgreSQL cluster for the relay tests, started the way the virtual desktop is:
a fresh data folder, a free port, a Unix socket in that folder, stopped and removed afterwards.

Debian keeps the server programs (initdb, pg_ctl) in /usr/lib/postgresql/<version>/bin, off
PATH; they are found there, on PATH, or through ``pg_config --bindir``. As root the cluster runs
as the ``postgres`` user (the server refuses to run as root).
"""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from sqlalchemy import create_engine, make_url, text

from tests.relay.support import free_port

SKIP_FLAG = "SAFETY_SKIP_POSTGRES"  # =1: a developer without PostgreSQL skips these tests
URL_OVERRIDE = "SAFETY_RELAY_PG_URL"  # an existing server to use instead of a throwaway one
_SERVER_PROGRAMS = ("initdb", "pg_ctl", "postgres")


class PostgresUnavailable(RuntimeError):
    """The machine cannot run a throwaway PostgreSQL cluster; the message says why."""


def _has_server(folder: Path) -> bool:
    return all((folder / name).is_file() for name in _SERVER_PROGRAMS)


def _version_key(folder: Path) -> tuple[int, ...]:
    digits = folder.parent.name.split(".")
    return tuple(int(part) for part in digits if part.isdigit())


def server_bindir() -> Path:
    """The folder holding initdb, pg_ctl and postgres (the newest installed version)."""
    candidates: list[Path] = []
    on_path = shutil.which("initdb")
    if on_path:
        candidates.append(Path(on_path).resolve().parent)
    candidates += sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=_version_key,
                         reverse=True)
    pg_config = shutil.which("pg_config")
    if pg_config:
        answer = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True,
                                check=False, timeout=30)
        if answer.returncode == 0 and answer.stdout.strip():
            candidates.append(Path(answer.stdout.strip()))
    for folder in candidates:
        if _has_server(folder):
            return folder
    raise PostgresUnavailable(
        "no PostgreSQL server programs (initdb, pg_ctl) on PATH, in /usr/lib/postgresql/*/bin "
        "or at `pg_config --bindir`: run scripts/install-system-packages --test "
        f"(or set {SKIP_FLAG}=1 to skip the PostgreSQL tests)")


@dataclass
class PostgresServer:
    """A PostgreSQL server reached at ``url``; ``new_database()`` gives each test an empty
    database of its own (dropped again by ``drop_database``)."""

    url: str
    _names: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def database_url(self, name: str) -> str:
        return make_url(self.url).set(database=name).render_as_string(hide_password=False)

    def _admin(self, sql: str) -> None:
        engine = create_engine(self.url, isolation_level="AUTOCOMMIT")
        try:
            with engine.connect() as connection:
                connection.execute(text(sql))
        finally:
            engine.dispose()

    def new_database(self) -> str:
        name = f"relay_test_{os.getpid()}_{next(self._names)}"
        self._admin(f'CREATE DATABASE "{name}"')
        return name

    def drop_database(self, name: str) -> None:
        self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@dataclass
class PostgresCluster:
    """One throwaway cluster in ``folder``, listening only on a Unix socket there."""

    bindir: Path
    folder: Path
    port: int
    user: str = "relay"
    #: off for the tests (a throwaway cluster need not survive a power cut); on for benchmarks
    fsync: bool = False

    @property
    def data(self) -> Path:
        return self.folder / "data"

    @property
    def log(self) -> Path:
        return self.folder / "log"

    def server(self) -> PostgresServer:
        return PostgresServer(f"postgresql+psycopg://{self.user}@/postgres"
                              f"?host={self.folder}&port={self.port}")

    def _run(self, program: str, *args: str, timeout: float = 120) -> None:
        argv = [str(self.bindir / program), *args]
        if os.geteuid() == 0:
            argv = ["runuser", "-u", "postgres", "--", *argv]
        answer = subprocess.run(argv, capture_output=True, text=True, check=False,
                                timeout=timeout)
        if answer.returncode != 0:
            log = self.log.read_text(errors="replace")[-2000:] if self.log.exists() else ""
            raise PostgresUnavailable(
                f"{program} failed ({answer.returncode}): {answer.stderr.strip()}\n{log}")

    def start(self) -> None:
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", self.user, "-E", "UTF8",
                  "--no-sync")
        self.start_server()

    def start_server(self) -> None:
        """Start the server of an initialised cluster (again, after ``stop``)."""
        fsync = "on" if self.fsync else "off"
        self._run("pg_ctl", "-D", str(self.data), "-w", "-t", "120", "-l", str(self.log), "-o",
                  f"-p {self.port} -k {self.folder} -c listen_addresses='' -c fsync={fsync}",
                  "start")

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self._run("pg_ctl", "-D", str(self.data), "-w", "-m", "fast", "stop", timeout=60)


def start_cluster(fsync: bool = False) -> PostgresCluster:
    """Start a throwaway cluster; raises PostgresUnavailable with the reason when it cannot."""
    try:
        import psycopg  # noqa: F401
    except ImportError as error:
        raise PostgresUnavailable(f"psycopg is not installed ({error})") from error
    bindir = server_bindir()
    if os.geteuid() == 0 and not shutil.which("runuser"):
        raise PostgresUnavailable("running as root without runuser to become postgres")
    folder = Path(tempfile.mkdtemp(prefix="relay-pg-"))
    folder.chmod(0o755)
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
    cluster = PostgresCluster(bindir, folder, free_port(), fsync=fsync)
    try:
        cluster.start()
    except BaseException:
        remove_cluster(cluster)
        raise
    return cluster


def remove_cluster(cluster: PostgresCluster) -> None:
    try:
        cluster.stop()
    finally:
        shutil.rmtree(cluster.folder, ignore_errors=True)


def on_both_databases(request: pytest.FixtureRequest) -> str | None:
    """Body of a ``relay_db_url`` override parametrized with DATABASES."""
    if request.param == "sqlite":
        return None
    return str(request.getfixturevalue("postgres_url"))


DATABASES = ["sqlite", "postgresql"]  # params for a relay_db_url override

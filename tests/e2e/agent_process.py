"""The real agent app as a subprocess in a temporary base directory (qutebrowser's quteprocess)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Self

from tests.e2e.desktop import tray_icon, wait_for

REPO = Path(__file__).resolve().parents[2]


def app_command() -> list[str]:
    """How to start the app: the frozen build when SAFETY_ASSISTANT_BIN is set, else source."""
    binary = os.environ.get("SAFETY_ASSISTANT_BIN")
    return [binary] if binary else [sys.executable, "-m", "assistant"]


def stop_process(proc: subprocess.Popen[str] | None, timeout: float) -> int | None:
    """SIGTERM (a clean quit, as at logout), SIGKILL after ``timeout``; the exit status."""
    if proc is None:
        return None
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)
    return proc.returncode


class AgentProcess:
    def __init__(self, basedir: Path, policy: str | None = None, settings: str | None = None) -> None:
        self.basedir = basedir
        self.policy_file = basedir / "policy.toml"
        self.policy_file.write_text(policy or "", encoding="utf-8")
        if settings is not None:
            (basedir / "config").mkdir(parents=True, exist_ok=True)
            (basedir / "config" / "settings.toml").write_text(settings, encoding="utf-8")
        self.proc: subprocess.Popen[str] | None = None
        self.stderr_path = basedir / "stderr.txt"
        self.stdout_path = basedir / "stdout.txt"

    @property
    def base_args(self) -> list[str]:
        return ["--basedir", str(self.basedir), "--policy", str(self.policy_file)]

    def cli(self, *args: str, input: str | None = None, timeout: float = 60) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*app_command(), *args, *self.base_args], input=input, capture_output=True, check=False,
                              text=True, timeout=timeout, cwd=REPO)

    def start(self, wait_tray: bool = True, extra_env: dict[str, str] | None = None) -> AgentProcess:
        env = {**os.environ, **(extra_env or {})}
        env.pop("QT_QPA_PLATFORM", None)
        with self.stdout_path.open("w") as out, self.stderr_path.open("w") as err:
            self.proc = subprocess.Popen([*app_command(), *self.base_args], cwd=REPO, env=env,
                                         text=True, stdout=out, stderr=err)
        if wait_tray:
            self.wait_log("tray icon shown", timeout=30)
        return self

    def log_text(self) -> str:
        log = self.basedir / "logs" / "safety-assistant.log"
        return log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""

    def wait_log(self, needle: str, timeout: float = 20.0) -> None:
        def seen() -> bool:
            if self.proc is not None and self.proc.poll() is not None:
                raise RuntimeError(f"the app exited with {self.proc.returncode}: {self.stderr()}")
            return needle in self.log_text()

        wait_for(seen, timeout, what=f"{needle!r} in the app log")

    def stderr(self) -> str:
        return self.stderr_path.read_text(errors="replace") if self.stderr_path.exists() else ""

    def audit(self, *kinds: str) -> list[dict[str, Any]]:
        result = self.cli("audit", "--json")
        assert result.returncode == 0, result.stderr
        events = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
        return [e for e in events if not kinds or e["kind"] in kinds]

    def wait_audit(self, kind: str, timeout: float = 20.0) -> list[dict[str, Any]]:
        return wait_for(lambda: self.audit(kind), timeout, interval=0.3, what=f"audit event {kind}")

    def tray(self) -> dict[str, object]:
        return wait_for(tray_icon, 10, what="the tray icon")

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def stop(self, timeout: float = 10.0) -> int | None:
        return stop_process(self.proc, timeout)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
        time.sleep(0.1)

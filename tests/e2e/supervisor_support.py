"""The whole alert path as separate programs: relay subprocess, agent app, supervisor consoles."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from assistant.instance_channel import send_command
from assistant.paths import AppPaths
from tests.e2e.agent_process import REPO, AgentProcess, stop_process
from tests.e2e.desktop import run, wait_for
from tests.relay.support import SUPERVISOR_PASSWORD, RelayFiles, RelayProcess, free_port

CONSOLE_LOG = "supervisor-console.log"


class RelayAdmin:
    """A relay subprocess on SQLite plus its admin CLI (``python -m relay.cli``)."""

    def __init__(self, root: Path) -> None:
        root.mkdir(parents=True, exist_ok=True)
        self.files = RelayFiles(root)
        self.process = RelayProcess(self.files, free_port())

    @property
    def url(self) -> str:
        return self.process.url

    def start(self) -> RelayAdmin:
        self.process.start()
        return self

    def cli(self, *args: str, input: str | None = None) -> str:
        result = subprocess.run([sys.executable, "-m", "relay.cli", "--db", self.files.db_url,
                                 *args], input=input, capture_output=True, text=True,
                                timeout=60, cwd=REPO, check=False)
        assert result.returncode == 0, result.stderr
        return result.stdout

    def add_supervisor(self, name: str) -> None:
        self.cli("add-supervisor", name, "--password-stdin", input=SUPERVISOR_PASSWORD + "\n")

    def add_agent(self, seat: str, name: str = "") -> dict[str, Any]:
        return dict(json.loads(self.cli("add-agent", "--seat", seat, "--name", name, "--json")))

    def json_lines(self, command: str) -> list[dict[str, Any]]:
        return [json.loads(line) for line in self.cli(command, "--json").splitlines() if line]

    def agents(self) -> list[dict[str, Any]]:
        return self.json_lines("agents")

    def alerts(self) -> list[dict[str, Any]]:
        return self.json_lines("alerts")

    def stop(self) -> None:
        self.process.stop()


class ConsoleProcess:
    """``safety-assistant supervisor`` as a subprocess, logged in with ``--password-stdin``."""

    def __init__(self, basedir: Path, relay_url: str, user: str) -> None:
        self.basedir = basedir
        self.relay_url = relay_url
        self.user = user
        self.proc: subprocess.Popen[str] | None = None
        basedir.mkdir(parents=True, exist_ok=True)
        self.output = basedir / "console-output.txt"

    def start(self) -> ConsoleProcess:
        env = {**os.environ}
        env.pop("QT_QPA_PLATFORM", None)
        with self.output.open("w") as out:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "assistant", "supervisor", "--relay", self.relay_url,
                 "--user", self.user, "--password-stdin", "--basedir", str(self.basedir),
                 "--language", "en"],
                stdin=subprocess.PIPE, stdout=out, stderr=subprocess.STDOUT, text=True,
                cwd=REPO, env=env)
        assert self.proc.stdin is not None
        self.proc.stdin.write(SUPERVISOR_PASSWORD + "\n")
        self.proc.stdin.close()
        self.wait_log("console connected")
        return self

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def log_text(self) -> str:
        log = self.basedir / "logs" / CONSOLE_LOG
        return log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""

    def wait_log(self, needle: str, timeout: float = 30.0, count: int = 1) -> None:
        def seen() -> bool:
            if self.proc is not None and self.proc.poll() is not None:
                raise RuntimeError(f"the console exited with {self.proc.returncode}: "
                                   f"{self.output.read_text(errors='replace')[-2000:]}")
            return self.log_text().count(needle) >= count

        wait_for(seen, timeout, interval=0.2, what=f"{needle!r} in the {self.user} console log")

    def window_ids(self, name: str) -> list[str]:
        """Visible top-level windows of this console whose title contains ``name``."""
        return visible_windows(self.pid, name)

    def activate(self, window_name: str) -> str:
        """Bring this console's window titled ``window_name`` to the front; its id."""
        window = wait_for(lambda: self.window_ids(window_name), 20,
                          what=f"a {window_name!r} window of the {self.user} console")[0]
        run("xdotool", "windowactivate", "--sync", window)
        return str(window)

    def press(self, window_name: str, *keys: str) -> None:
        """Activate this console's window titled ``window_name`` and press ``keys`` there."""
        window = self.activate(window_name)
        run("xdotool", "key", "--window", window, "--clearmodifiers", *keys)

    def stop(self, timeout: float = 15.0) -> int | None:
        return stop_process(self.proc, timeout)


def visible_windows(pid: int, name: str) -> list[str]:
    """Visible windows of process ``pid`` whose title contains ``name`` (all must match)."""
    result = subprocess.run(["xdotool", "search", "--all", "--onlyvisible", "--pid", str(pid),
                             "--name", name], capture_output=True, text=True, timeout=10,
                            check=False)
    return result.stdout.split()


def uncover_screen(agent: AgentProcess) -> None:
    """Move the mouse like someone back at the desk until the agent's privacy curtain lifts."""
    assert agent.proc is not None
    pid = agent.proc.pid

    def nudged_and_gone() -> bool:
        run("xdotool", "mousemove_relative", "--", "4", "3")
        run("xdotool", "mousemove_relative", "--", "-4", "-3")
        return not visible_windows(pid, "Screen covered")

    wait_for(nudged_and_gone, 30, interval=0.5, what="the privacy curtain to lift")


def agent_command(agent: AgentProcess, command: str, **extra: Any) -> dict[str, Any] | None:
    address = AppPaths.from_basedir(agent.basedir).instance_address
    return send_command(address, {"cmd": command, **extra}, timeout=10)


def wm_state(window: str) -> str:
    return run("xprop", "-id", window, "_NET_WM_STATE")

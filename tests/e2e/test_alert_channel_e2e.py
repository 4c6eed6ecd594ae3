"""The agent app's alert channel with a real relay subprocess: outages, enrollment, quitting.

Everything is a separate program: ``python -m relay.cli serve`` on SQLite, the tray app,
``safety-assistant enroll`` (its key in the desktop's gnome-keyring) and a supervisor console.
The alert is a real one: the administrator's lock command fails, so ``lock.failed`` is
recorded and forwarded.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.e2e.agent_process import AgentProcess
from tests.e2e.desktop import wait_for
from tests.e2e.supervisor_support import ConsoleProcess, RelayAdmin, agent_command

pytestmark = [pytest.mark.e2e, pytest.mark.linux]

LOCK_FAILS = '[autolock]\nlock_command = "false"\n'
SETTINGS = '[general]\nlanguage = "en"\n'


@pytest.fixture
def relay(tmp_path: Path) -> Iterator[RelayAdmin]:
    admin = RelayAdmin(tmp_path / "relay").start()
    admin.add_supervisor("wang")
    yield admin
    admin.stop()


@pytest.fixture
def console(tmp_path: Path, relay: RelayAdmin) -> Iterator[ConsoleProcess]:
    made = ConsoleProcess(tmp_path / "console", relay.url, "wang").start()
    yield made
    made.stop()


def enroll(agent: AgentProcess, relay: RelayAdmin, seat: str = "A-01") -> str:
    code = relay.add_agent(seat, "张三")["code"]
    result = agent.cli("enroll", relay.url, code)
    assert result.returncode == 0, result.stderr
    return result.stdout


def lock_fails(agent: AgentProcess, count: int) -> None:
    assert agent_command(agent, "autolock.lock") == {"ok": True}
    wait_for(lambda: len(agent.audit("lock.failed")) >= count, 30, interval=0.3,
             what=f"lock failure #{count}")


def unlock(agent: AgentProcess) -> None:
    from tests.e2e.supervisor_support import uncover_screen

    uncover_screen(agent)


def lock_failed_alerts(relay: RelayAdmin) -> list[dict]:  # type: ignore[type-arg]
    return [a for a in relay.alerts() if a["kind"] == "lock.failed"]


# Short test names: the app's command socket lives under tmp_path (Unix socket path limit).
def test_relay_restart(agent_factory: Callable[..., AgentProcess], relay: RelayAdmin, console: ConsoleProcess) -> None:  # type: ignore[no-untyped-def]
    """An alert raised while the relay is down arrives once it is back: once, not twice."""
    agent: AgentProcess = agent_factory(policy=LOCK_FAILS, settings=SETTINGS, start=False)
    enroll(agent, relay)
    agent.start()
    agent.wait_log("relay link connected (1 supervisor(s) on duty)")

    relay.process.kill()
    console.wait_log("console not connected (reconnecting)")
    lock_fails(agent, 1)
    agent.wait_log("delivery failed")
    unlock(agent)

    relay.process.start()  # same port, same database
    wait_for(lambda: lock_failed_alerts(relay), 60, interval=0.5, what="the alert at the relay")
    console.wait_log("console connected", count=2)
    console.wait_log("lock.failed seat A-01 (open)", timeout=60)

    lock_fails(agent, 2)  # a fresh one goes straight through, onto the seat's open item
    console.wait_log("lock.failed seat A-01: 2 occurrences")
    [alert] = lock_failed_alerts(relay)
    assert alert["occurrences"] == 2  # each failure counted once, none twice
    assert console.log_text().count("lock.failed seat A-01 (open)") == 1


def test_enroll_later(agent_factory: Callable[..., AgentProcess], relay: RelayAdmin, console: ConsoleProcess) -> None:  # type: ignore[no-untyped-def]
    """An alert raised before enrollment waits on the computer and goes out on enrollment."""
    agent: AgentProcess = agent_factory(policy=LOCK_FAILS, settings=SETTINGS)
    agent.wait_log("not connected to a relay")
    lock_fails(agent, 1)
    unlock(agent)
    assert lock_failed_alerts(relay) == []

    out = enroll(agent, relay, "C-03")
    assert "The running Safety Assistant now reports to this relay." in out
    console.wait_log("lock.failed seat C-03 (open)")
    [alert] = lock_failed_alerts(relay)
    assert alert["seat"] == "C-03"


def test_agent_stopped(agent_factory: Callable[..., AgentProcess], relay: RelayAdmin) -> None:  # type: ignore[no-untyped-def]
    """``safety-relay agents`` shows the agent online, then stopped after a clean quit."""
    agent: AgentProcess = agent_factory(policy=LOCK_FAILS, settings=SETTINGS, start=False)
    enroll(agent, relay, "D-04")
    agent.start()
    agent.wait_log("relay link connected")
    [row] = relay.agents()
    assert (row["seat"], row["status"], row["online"]) == ("D-04", "online", True)
    assert row["state"] == "active" and row["workstation"]

    assert agent.stop() == 0
    assert "stopping notice delivered" in agent.log_text()
    [row] = relay.agents()
    assert (row["status"], row["online"]) == ("stopped", False)

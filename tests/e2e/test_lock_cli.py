"""`safety-assistant lock` asks the running app to lock (for desktop shortcuts on Wayland)."""

from __future__ import annotations

import pytest

from tests.e2e.desktop import wait_for

pytestmark = [pytest.mark.e2e, pytest.mark.linux]


def test_lock_command_locks_through_the_running_app(agent_factory, tmp_path) -> None:  # type: ignore[no-untyped-def]
    record = tmp_path / "locked.txt"
    policy = f'[autolock]\nlock_command = "sh -c \'echo locked >> {record}\'"\n'
    agent = agent_factory(policy=policy)
    result = agent.cli("lock")
    assert result.returncode == 0, result.stderr
    wait_for(lambda: record.exists() and record.read_text().count("locked") == 1, 10,
             what="the lock command to run")
    [event] = agent.wait_audit("lock.locked")
    assert event["details"]["backend"] == "lock_command"


def test_lock_command_without_a_running_app_says_so(agent_factory) -> None:  # type: ignore[no-untyped-def]
    agent = agent_factory(start=False)
    result = agent.cli("lock")
    assert result.returncode == 1
    assert "not running" in result.stderr

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.agent_process import AgentProcess


@pytest.fixture
def agent_factory(tmp_path: Path) -> Iterator:  # type: ignore[type-arg]
    """Start the real app: ``agent_factory(policy=..., settings=...)``; stopped afterwards."""
    started: list[AgentProcess] = []

    def make(policy: str | None = None, settings: str | None = None, start: bool = True,
             name: str = "agent") -> AgentProcess:
        base = tmp_path / name
        base.mkdir(exist_ok=True)
        agent = AgentProcess(base, policy, settings)
        started.append(agent)
        return agent.start() if start else agent

    yield make
    for agent in started:
        agent.stop()

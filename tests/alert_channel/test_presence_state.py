"""What the floor list is told: lock and idle from the session, on-call/break from features."""

from __future__ import annotations

import pytest

from assistant.alert_channel.presence_state import AgentStateTracker
from protocol.states import AgentState


def test_follows_lock_idle_and_hints_in_order_of_what_a_supervisor_needs() -> None:
    tracker = AgentStateTracker()
    assert tracker.current() is AgentState.ACTIVE
    assert tracker.set_idle(True) and tracker.current() is AgentState.IDLE
    assert tracker.set_hint("on_call") and tracker.current() is AgentState.ON_CALL  # quiet call
    assert tracker.set_locked(True) and tracker.current() is AgentState.LOCKED
    assert tracker.set_hint("on_break") and tracker.current() is AgentState.ON_BREAK
    assert not tracker.set_locked(False)  # still on a break: nothing to report
    assert tracker.set_hint(None) and tracker.current() is AgentState.IDLE
    assert tracker.set_idle(False) and tracker.current() is AgentState.ACTIVE
    assert not tracker.set_idle(False)


@pytest.mark.parametrize("hint", ["locked", "idle", "active", "lunch"])
def test_only_call_and_break_can_be_hinted(hint: str) -> None:
    with pytest.raises(ValueError):
        AgentStateTracker().set_hint(hint)

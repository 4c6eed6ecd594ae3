"""The console's board: messages in, what to show and what must sound the alarm out."""

from __future__ import annotations

from typing import Any

from assistant.supervision.board import ChangeKind, MessageType, SupervisionBoard
from protocol.states import AgentStatus, AlertState
from protocol.views import AlertCategory


def alert(alert_id: str = "a1", kind: str = "panic.alert", state: str = "open",
          **extra: Any) -> dict[str, Any]:
    return {
        "id": alert_id, "event_id": "e-" + alert_id, "agent_id": "ag1", "seat": "A-01",
        "agent_name": "张三", "workstation": "WS-1", "kind": kind, "test": kind == "panic.test",
        "trigger": "hotkey", "state": state, "raised_at": "2030-01-01T08:00:00Z",
        "received_at": extra.pop("received_at", "2030-01-01T08:00:01Z"),
        "acknowledged_at": None, "acknowledged_by": None, "resolved_at": None,
        "resolved_by": None, "resolution_note": "", "cancelled_at": None,
        "first_shown_at": None, "escalated_at": None, "notes": [], **extra,
    }


def agent(agent_id: str = "ag1", status: str = "online", **extra: Any) -> dict[str, Any]:
    return {"id": agent_id, "seat": "A-01", "name": "张三", "workstation": "WS-1",
            "app_version": "1", "state": "active", "status": status,
            "online": status == "online", "last_seen": "2030-01-01T08:00:00Z",
            "enrolled_at": None, "revoked": False, "selfcheck": None, **extra}


def message(kind: MessageType, data: dict[str, Any]) -> dict[str, Any]:
    return {"type": kind.value, "data": data}


def test_message_types_match_the_relay() -> None:
    from protocol.messages import MessageType as RelayMessageType

    console, relay = {m.value for m in MessageType}, {m.value for m in RelayMessageType}
    assert console == relay


def test_snapshot_then_a_panic_sounds_until_acknowledged() -> None:
    board = SupervisionBoard()
    changes = board.apply(message(MessageType.SNAPSHOT, {
        "alerts": [], "agents": [agent()], "supervisors": {"online": 2, "names": ["wang", "zhao"]}}))
    assert [c.kind for c in changes] == [ChangeKind.RESET]
    assert board.supervisors_online == 2 and board.floor()[0].status is AgentStatus.ONLINE

    [added] = board.apply(message(MessageType.ALERT, alert()))
    assert added.kind is ChangeKind.ALERT_ADDED and added.alert is not None
    assert added.alert.category is AlertCategory.PANIC
    assert [a.id for a in board.alarming()] == ["a1"]

    acked = alert(state="acknowledged", acknowledged_by="wang",
                  acknowledged_at="2030-01-01T08:00:09Z")
    [changed] = board.apply(message(MessageType.ALERT_UPDATED, acked))
    assert changed.kind is ChangeKind.ALERT_CHANGED and changed.previous is not None
    assert changed.previous.state is AlertState.OPEN
    assert board.alarming() == [] and board.active_alerts()[0].acknowledged_by == "wang"


def test_an_older_view_never_takes_an_alert_back() -> None:
    board = SupervisionBoard()
    board.apply(message(MessageType.ALERT, alert(state="resolved", resolved_by="wang")))
    assert board.merge_history([alert(state="open")]) == []
    assert board.apply(message(MessageType.ALERT_UPDATED, alert(state="acknowledged"))) == []
    assert board.alerts["a1"].state is AlertState.RESOLVED
    assert board.active_alerts() == [] and len(board.history()) == 1


def test_history_fills_in_alerts_handled_while_disconnected() -> None:
    board = SupervisionBoard()
    board.apply(message(MessageType.ALERT, alert("a1")))
    changes = board.apply(message(MessageType.SNAPSHOT, {"alerts": [alert("a2")], "agents": []}))
    assert [c.kind for c in changes] == [ChangeKind.RESET, ChangeKind.ALERT_ADDED]
    assert {a.id for a in board.alarming()} == {"a1", "a2"}  # the snapshot lists active alerts
    board.apply(message(MessageType.ALERT_UPDATED, alert("a2", state="resolved")))
    changes = board.merge_history([alert("a1", state="cancelled",
                                         cancelled_at="2030-01-01T08:01:00Z"),
                                   alert("a0", kind="lock.failed", state="resolved",
                                         received_at="2030-01-01T07:00:00Z")])
    assert {c.kind for c in changes} == {ChangeKind.ALERT_CHANGED, ChangeKind.ALERT_ADDED}
    assert board.alarming() == []
    assert [a.id for a in board.history()] == ["a1", "a2", "a0"]


def test_test_duress_and_lock_failures_are_told_apart() -> None:
    board = SupervisionBoard()
    board.apply(message(MessageType.ALERT, alert("t", kind="panic.test")))
    board.apply(message(MessageType.ALERT, alert("d", kind="panic.duress")))
    board.apply(message(MessageType.ALERT, alert("l", kind="lock.failed")))
    categories = {a.id: a.category for a in board.active_alerts()}
    assert categories == {"t": AlertCategory.TEST, "d": AlertCategory.DURESS,
                          "l": AlertCategory.LOCK_FAILED}
    assert {a.id for a in board.alarming()} == {"t", "d"}  # a lock failure is no alarm


def test_events_agents_and_malformed_messages() -> None:
    board = SupervisionBoard(feed_limit=2)
    for n in range(3):
        board.apply(message(MessageType.EVENT, {"id": f"e{n}", "agent_id": "ag1", "seat": "A-01",
                                                "kind": "selfcheck.completed",
                                                "time": "2030-01-01T08:00:00Z",
                                                "payload": {"passed": n}}))
    assert [e.id for e in board.feed] == ["e2", "e1"]
    check = {"at": "2030-01-01T08:00:00Z", "passed": 5, "failed": 1, "failed_items": ["usb"]}
    [change] = board.apply(message(MessageType.AGENT_UPDATED, agent(status="stopped",
                                                                     selfcheck=check)))
    assert change.agent is not None and change.agent.status is AgentStatus.STOPPED
    assert change.agent.selfcheck is not None and change.agent.selfcheck.failed_items == ("usb",)
    assert board.apply({"type": "alert", "data": {"no": "id"}}) == []
    assert board.apply({"type": "pong", "data": {}}) == []
    assert board.apply({"type": "alert"}) == []


def test_a_seat_shows_its_most_urgent_unresolved_alarm() -> None:
    board = SupervisionBoard()
    board.apply(message(MessageType.ALERT, alert("t1", "panic.test", received_at="2030-01-01T08:00:05Z")))
    board.apply(message(MessageType.ALERT, alert("p1", "panic.alert", state="acknowledged")))
    board.apply(message(MessageType.ALERT, alert("d1", "panic.duress", received_at="2030-01-01T08:00:03Z")))
    board.apply(message(MessageType.ALERT, alert("l1", "lock.failed", agent_id="ag2")))
    alarms = board.seat_alarms()
    assert set(alarms) == {"ag1"}  # a lock failure is no alarm
    assert alarms["ag1"].id == "d1"  # waiting beats acknowledged; duress beats TEST
    board.apply(message(MessageType.ALERT_UPDATED, alert("d1", "panic.duress", state="resolved")))
    assert board.seat_alarms()["ag1"].id == "t1"
    for alert_id, kind in (("t1", "panic.test"), ("p1", "panic.alert")):
        board.apply(message(MessageType.ALERT_UPDATED, alert(alert_id, kind, state="resolved")))
    assert board.seat_alarms() == {}


def test_channel_health_comes_with_the_snapshot_and_its_own_message() -> None:
    board = SupervisionBoard()
    board.apply(message(MessageType.SNAPSHOT, {"agents": [], "alerts": []}))
    assert board.channels == [] and board.failing_channels() == []  # an older relay
    down = {"name": "wecom", "kind": "wecom", "ok": False,
            "failing_since": "2030-01-01T10:02:00Z", "last_error": "503", "pending": 2}
    board.apply(message(MessageType.SNAPSHOT, {"agents": [], "alerts": [], "channels": [down]}))
    [channel] = board.failing_channels()
    assert (channel.name, channel.pending, channel.failing_since is not None) == ("wecom", 2, True)
    changes = board.apply(message(MessageType.CHANNELS, {"channels": [
        {**down, "ok": True, "pending": 0}, {"name": "x", "kind": "sms", "pending": "many"}]}))
    assert [c.kind for c in changes] == [ChangeKind.CHANNELS]
    assert board.failing_channels() == [] and board.channels[1].pending == 0


def test_merged_lock_failures_and_clock_offsets_are_read() -> None:
    board = SupervisionBoard()
    board.apply(message(MessageType.ALERT, alert("l1", "lock.failed", occurrences=7,
                                                 last_at="2030-01-01T10:32:00Z")))
    merged = board.alerts["l1"]
    assert merged.occurrences == 7 and merged.last_at is not None and merged.last_at.minute == 32
    board.apply(message(MessageType.ALERT, alert("l2", "lock.failed", occurrences="7")))
    assert board.alerts["l2"].occurrences == 1 and board.alerts["l2"].last_at == \
        board.alerts["l2"].raised_at
    board.apply(message(MessageType.AGENT_UPDATED, agent(clock_offset_s=-600.5)))
    board.apply(message(MessageType.AGENT_UPDATED, agent("ag2", clock_offset_s=True)))
    assert board.agents["ag1"].clock_off() and board.agents["ag1"].clock_offset_s == -600.5
    assert board.agents["ag2"].clock_offset_s is None and not board.agents["ag2"].clock_off()

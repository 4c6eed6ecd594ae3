"""The main window drawn from the relay's messages: merged lock failures, channel health,
agents whose clock is off. (Fed the messages as the relay sends them over the websocket.)"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QTableWidget
from pytestqt.qtbot import QtBot

from assistant.supervision.board import MessageType, SupervisionBoard
from tests.ui.test_translations import _load_tool
from ui.i18n import install_translator
from ui.supervisor.main_window import SupervisorWindow

TODAY_1032 = datetime.now().astimezone().replace(hour=10, minute=32, second=0, microsecond=0)
TODAY_1002 = TODAY_1032 - timedelta(minutes=30)


def cell(table: QTableWidget, row: int, column: int) -> str:
    item = table.item(row, column)
    return item.text() if item is not None else ""


def agent_view(**extra: Any) -> dict[str, Any]:
    return {"id": "ag1", "seat": "A-01", "name": "张三", "workstation": "WS-1",
            "status": "online", "online": True, "state": "active", **extra}


def lock_failed_view(**extra: Any) -> dict[str, Any]:
    return {"id": "al1", "event_id": "e1", "agent_id": "ag1", "seat": "A-01",
            "agent_name": "张三", "kind": "lock.failed", "state": "open",
            "raised_at": TODAY_1002.isoformat(), "received_at": TODAY_1002.isoformat(), **extra}


WECOM_DOWN = {"name": "wecom", "kind": "wecom", "ok": False,
              "failing_since": TODAY_1002.isoformat(), "last_error": "HTTP 503", "pending": 2}


@pytest.fixture
def window(qtbot: QtBot) -> SupervisorWindow:
    made = SupervisorWindow("http://127.0.0.1:8765", "wang")
    qtbot.addWidget(made)
    return made


def show(window: SupervisorWindow, *messages: dict[str, Any]) -> SupervisionBoard:
    board = SupervisionBoard()
    for message in messages:
        board.apply(message)
    window.refresh(board)
    return board


def test_a_merged_lock_failure_says_how_often_and_when_last(window: SupervisorWindow) -> None:
    board = show(window, {"type": "alert", "data": lock_failed_view(
        occurrences=7, last_at=TODAY_1032.isoformat())})
    assert window.active.rowCount() == 1
    assert cell(window.active, 0, 1) == "Screen lock failed ×7, last 10:32"
    assert cell(window.history, 0, 1) == "Screen lock failed ×7, last 10:32"
    # a fresher count fetched over HTTP is taken even though the state did not move
    board.merge_history([lock_failed_view(occurrences=8, last_at=TODAY_1032.isoformat())])
    window.refresh(board)
    assert cell(window.active, 0, 1) == "Screen lock failed ×8, last 10:32"


def test_a_lock_failure_without_the_merge_fields_reads_as_one(window: SupervisorWindow) -> None:
    board = show(window, {"type": "alert", "data": lock_failed_view()})
    assert cell(window.active, 0, 1) == "Screen lock failed"
    [alert] = board.alerts.values()
    assert alert.occurrences == 1 and alert.last_at == TODAY_1002


def test_a_failing_channel_shows_a_banner_until_it_recovers(window: SupervisorWindow) -> None:
    assert MessageType.CHANNELS == "channels"
    board = show(window, {"type": "snapshot", "data": {"agents": [], "alerts": [],
                                                       "channels": [WECOM_DOWN]}})
    assert not window.channel_banner.isHidden()
    assert window.channel_banner.text() == "WeCom not reachable since 10:02, 2 escalations waiting"
    assert window.channel_banner.toolTip() == "HTTP 503"
    board.apply({"type": "channels", "data": {"channels": [
        {**WECOM_DOWN, "ok": True, "failing_since": None, "pending": 0},
        {"name": "值班邮箱", "kind": "email", "ok": False, "failing_since": None,
         "last_error": "", "pending": 1}]}})
    window.refresh(board)
    assert window.channel_banner.text() == "值班邮箱 not reachable, 1 escalation waiting"
    board.apply({"type": "channels", "data": {"channels": []}})
    window.refresh(board)
    assert window.channel_banner.isHidden()


def test_no_channel_health_from_the_relay_means_no_banner(window: SupervisorWindow) -> None:
    board = show(window, {"type": "snapshot", "data": {"agents": [agent_view()], "alerts": []}},
                 {"type": "channels", "data": {"channels": "garbage"}},
                 {"type": "channels", "data": {}})
    assert board.channels == [] and window.channel_banner.isHidden()
    assert window.floor.rowCount() == 1


def test_the_banner_in_chinese(window: SupervisorWindow, qapp: QApplication) -> None:
    _load_tool().compile_all()
    assert install_translator(qapp, "zh_CN") == "zh_CN"
    try:
        show(window, {"type": "channels", "data": {"channels": [WECOM_DOWN]}})
        assert window.channel_banner.text() == "企业微信不可达（自 10:02 起），2 条升级待发送"
        show(window, {"type": "alert", "data": lock_failed_view(
            occurrences=7, last_at=TODAY_1032.isoformat())})
        assert cell(window.active, 0, 1) == "锁屏失败 ×7，最近 10:32"
        show(window, {"type": "agent.updated", "data": agent_view(clock_offset_s=600.0)})
        assert cell(window.floor, 0, 3) == "在线 · 时钟偏差 +600 秒"
    finally:
        install_translator(qapp, "en")


def test_the_floor_marks_agents_whose_clock_is_more_than_a_minute_off(
        window: SupervisorWindow) -> None:
    show(window, {"type": "snapshot", "data": {"alerts": [], "agents": [
        agent_view(id="ag1", seat="A-01", clock_offset_s=600.4),
        agent_view(id="ag2", seat="A-02", clock_offset_s=-75),
        agent_view(id="ag3", seat="A-03", clock_offset_s=59.0),
        agent_view(id="ag4", seat="A-04", clock_offset_s=None),
        agent_view(id="ag5", seat="A-05")]}})
    column = [cell(window.floor, row, 3) for row in range(window.floor.rowCount())]
    assert column == ["online · clock off by +600 s", "online · clock off by -75 s",
                      "online", "online", "online"]
    item = window.floor.item(0, 3)
    assert item is not None and item.foreground().color().name() == "#e65100"
    assert "clock" in item.toolTip()


def test_the_live_feed_reads_as_words_with_local_times(window: SupervisorWindow) -> None:
    raised = TODAY_1002.astimezone(tz=None)
    show(window, {"type": "event", "data": {
        "id": "ev1", "agent_id": "ag1", "seat": "A-01", "kind": "panic.alert",
        "time": TODAY_1002.isoformat(),
        "payload": {"trigger": "hotkey", "workstation": "WS-1", "raised_at": TODAY_1002.isoformat(),
                    "agent_id": "ag1"}}},
         {"type": "event", "data": {
             "id": "ev2", "agent_id": "ag1", "seat": "A-01", "kind": "selfcheck.completed",
             "time": TODAY_1032.isoformat(),
             "payload": {"passed": 5, "failed": 1, "failed_items": ["printouts_collected"],
                         "items": [{"name": "clipboard", "ok": True}], "end_of_shift": True}}})
    feed = window.feed
    details = {cell(feed, row, 2): cell(feed, row, 3) for row in range(feed.rowCount())}
    local = raised.strftime("%Y-%m-%d %H:%M:%S")
    assert details["Emergency help"] == f"Triggered by: hotkey · Workstation: WS-1 · Time: {local}"
    assert details["Desk self-check done"] == "5 passed, 1 failed (Printouts collected) · end of shift"
    assert not any("{" in text or "ag1" in text for text in details.values())
    assert window.feed.horizontalScrollBarPolicy().name == "ScrollBarAlwaysOff"


@pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints")
def test_history_fits_the_window_and_a_long_note_can_be_read(qtbot: QtBot, window: SupervisorWindow) -> None:
    note = "客户辱骂后离开，已安抚坐席。\n之后主管回电确认，客户已道歉。"
    resolved = lock_failed_view(state="resolved", resolved_by="wang", resolved_at=TODAY_1032.isoformat(),
                                resolution_note=note)
    board = SupervisionBoard()
    board.merge_history([resolved])
    window.refresh(board)
    history = window.history
    assert history.horizontalScrollBarPolicy().name == "ScrollBarAlwaysOff"
    item = history.item(0, 7)
    assert item.text() == "客户辱骂后离开，已安抚坐席。 …" and item.toolTip() == note
    history.itemDoubleClicked.emit(item)
    assert window.note_viewer is not None and window.note_viewer.text.toPlainText() == note
    window.note_viewer.close()

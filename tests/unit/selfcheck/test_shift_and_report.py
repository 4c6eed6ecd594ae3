from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.audit import AuditLog
from assistant.selfcheck.items import ChecklistState, ItemResult, Outcome, Reason, checklist
from assistant.selfcheck.report import Ending, SelfCheckReport, Trigger, record_selfcheck
from assistant.selfcheck.shift import next_shift_end
from tests.unit.selfcheck.fakes import resident_id


@pytest.fixture
def shanghai(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def local(*args: int) -> dt.datetime:
    return dt.datetime(*args).astimezone()  # type: ignore[misc]


def test_next_shift_end_same_day_next_day_and_after_the_weekend(shanghai: None) -> None:
    weekdays = [1, 2, 3, 4, 5]
    assert next_shift_end(local(2026, 11, 26, 9, 0), "18:00", weekdays) == local(2026, 11, 26, 18, 0)
    assert next_shift_end(local(2026, 11, 26, 18, 0), "18:00", weekdays) == local(2026, 11, 27, 18, 0)
    # Friday evening → Monday
    assert next_shift_end(local(2026, 11, 27, 18, 30), "18:00", weekdays) == local(2026, 11, 30, 18, 0)
    assert next_shift_end(local(2026, 11, 28, 10, 0), "17:30", [6]) == local(2026, 11, 28, 17, 30)


def test_no_weekdays_or_bad_time_means_no_reminder(shanghai: None) -> None:
    assert next_shift_end(local(2026, 11, 26, 9, 0), "18:00", []) is None
    assert next_shift_end(local(2026, 11, 26, 9, 0), "6 pm", [1]) is None


def test_daylight_saving_change_keeps_the_wall_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    try:
        before = local(2026, 3, 28, 19, 0)  # Saturday; clocks go forward on Sunday night
        at = next_shift_end(before, "18:00", [1])
        assert at is not None and (at.hour, at.minute) == (18, 0) and at.date() == dt.date(2026, 3, 30)
        assert at - before == dt.timedelta(hours=46)  # one hour less than 47
    finally:
        monkeypatch.undo()
        time.tzset()


def finished_state(confirm: bool) -> ChecklistState:
    state = ChecklistState(checklist(True, ["门禁卡已收好"]))
    state.set_result(ItemResult("clipboard", Outcome.FAILED, Reason.CLIPBOARD_HAS_IDENTIFIER,
                                "the clipboard holds a customer identifier (cn_resident_id)",
                                ("cn_resident_id",)))
    for name in ("removable_storage", "print_queue", "customer_apps"):
        state.set_result(ItemResult(name, Outcome.PASSED, Reason.CONFIRMED, "ok"))
    for item in state.items:
        if item.kind.value == "manual":
            state.confirm(item.name, confirm)
    return state


def test_report_payload_matches_what_the_relay_keeps(tmp_path: Path) -> None:
    report = SelfCheckReport(True, Trigger.REMINDER, finished_state(True).final_results(),
                             Ending.LOCKED, "custom-command")
    payload = report.payload()
    assert payload["failed_items"] == ["clipboard"] and payload["failed"] == 1
    assert payload["passed"] == len(payload["items"]) - 1
    assert payload["items"][-1] == {"name": "screen_locked", "ok": True,
                                    "detail": "locked by custom-command"}
    assert payload["end_of_shift"] is True and payload["locked"] is True and payload["completed"] is False
    assert {"name", "ok", "detail"} == set(payload["items"][0])
    audit = AuditLog(tmp_path / "audit.db")
    event = record_selfcheck(audit, report)
    stored = audit.query(kinds=["selfcheck.completed"])[0]
    assert stored.details == event.details and stored.details["trigger"] == "reminder"
    audit.close()


def test_closing_without_locking_is_recorded_as_incomplete() -> None:
    report = SelfCheckReport(False, Trigger.TRAY, finished_state(False).final_results(), Ending.CLOSED)
    payload = report.payload()
    assert payload["locked"] is False and payload["completed"] is False and payload["ending"] == "closed"
    assert "screen_locked" in payload["failed_items"] and "paper_away" in payload["failed_items"]


def test_no_raw_identifier_reaches_the_audit_store(tmp_path: Path) -> None:
    audit = AuditLog(tmp_path / "audit.db")
    number = resident_id()
    leaky = ItemResult("extra:x", Outcome.FAILED, Reason.NOT_CONFIRMED, f"note {number}")
    record_selfcheck(audit, SelfCheckReport(False, Trigger.HOTKEY, [leaky], Ending.CLOSED))
    audit.close()
    assert number.encode() not in (tmp_path / "audit.db").read_bytes()
    wal = tmp_path / "audit.db-wal"
    assert not wal.exists() or number.encode() not in wal.read_bytes()

"""The drill reminder's timing against a real audit log and a clock the test moves."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.audit import AuditLog
from assistant.clock import FakeClock
from assistant.panic.drill import MAX_WAIT_S, DrillReminder
from assistant.panic.kinds import AuditKind


@pytest.fixture
def audit(tmp_path: Path) -> Iterator[AuditLog]:
    log = AuditLog(tmp_path / "audit.sqlite3")
    yield log
    log.close()


def reminded(audit: AuditLog) -> list[dict[str, object]]:
    return [dict(e.details) for e in audit.query(kinds=[AuditKind.TEST_REMINDED])]


def test_never_tested_the_first_reminder_comes_ten_minutes_after_start(audit: AuditLog) -> None:
    clock = FakeClock(wall=time.time())  # the audit log stamps with the real time
    drills = DrillReminder(audit, clock)
    assert drills.wait_s(7) == 600
    assert not drills.wake(7) and reminded(audit) == []  # woke too early: nothing shown
    clock.advance(600)
    assert drills.wake(7)
    assert reminded(audit) == [{"every_days": 7}]
    # Again a day after the reminder (stamped with the real time, 10 min behind this clock).
    assert drills.wait_s(7) == pytest.approx(MAX_WAIT_S - 600, abs=5)


def test_no_reminder_when_the_policy_asks_for_no_drills(audit: AuditLog) -> None:
    drills = DrillReminder(audit, FakeClock(wall=time.time()))
    assert drills.wait_s(0) is None and not drills.wake(0)
    assert reminded(audit) == []


def test_a_confirmed_test_puts_the_next_reminder_days_away(audit: AuditLog) -> None:
    clock = FakeClock(wall=time.time())
    drills = DrillReminder(audit, clock)
    audit.record(AuditKind.TEST_CONFIRMED)
    assert drills.wait_s(7) == MAX_WAIT_S  # a day at most, then it looks again
    clock.advance(MAX_WAIT_S)
    assert not drills.wake(7) and reminded(audit) == []


def test_an_overdue_drill_never_loops_faster_than_the_minimum_wait(audit: AuditLog) -> None:
    clock = FakeClock(wall=time.time())
    drills = DrillReminder(audit, clock)
    clock.advance(3600)
    assert drills.wait_s(7) <= 0  # overdue
    assert drills.wait_s(7, minimum_s=60) == 60

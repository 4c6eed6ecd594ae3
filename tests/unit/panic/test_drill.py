"""When to remind the agent of the next alarm drill."""

from __future__ import annotations

import datetime as dt

from assistant.panic.drill import FIRST_REMINDER_DELAY, REMIND_AGAIN_AFTER, next_drill_due

START = dt.datetime(2027, 3, 1, 9, 0, tzinfo=dt.UTC)


def test_no_drills_required() -> None:
    assert next_drill_due(0, None, None, START) is None


def test_never_tested_reminds_soon_after_start() -> None:
    assert next_drill_due(30, None, None, START) == START + FIRST_REMINDER_DELAY


def test_due_every_n_days_after_the_last_confirmed_test() -> None:
    last = START - dt.timedelta(days=10)
    assert next_drill_due(30, last, None, START) == last + dt.timedelta(days=30)
    assert next_drill_due(7, last, None, START) == last + dt.timedelta(days=7)  # overdue: now


def test_reminders_repeat_daily_until_a_test_is_confirmed() -> None:
    last = START - dt.timedelta(days=40)
    reminded = START - dt.timedelta(hours=3)
    assert next_drill_due(30, last, reminded, START) == reminded + REMIND_AGAIN_AFTER


def test_a_reminder_before_the_last_test_does_not_count() -> None:
    last = START - dt.timedelta(days=1)
    reminded = START - dt.timedelta(days=2)
    assert next_drill_due(30, last, reminded, START) == last + dt.timedelta(days=30)

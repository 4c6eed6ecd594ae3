"""The acknowledgement mark's state: shown for a minute when the policy asks for it."""

from __future__ import annotations

from assistant.clock import FakeClock
from assistant.panic.acknowledgement import SHOW_FOR_S, AcknowledgementMark


def test_shown_for_a_minute_then_it_goes() -> None:
    clock = FakeClock()
    mark = AcknowledgementMark(clock)
    assert mark.acknowledged("tray_mark") and mark.shown
    assert mark.remaining_s() == SHOW_FOR_S == 60
    clock.advance(59)
    assert not mark.expire() and mark.shown and mark.remaining_s() == 1  # a timer woke early
    clock.advance(1)
    assert mark.expire() and not mark.shown and mark.remaining_s() == 0
    assert not mark.expire()


def test_a_second_acknowledgement_starts_the_minute_again() -> None:
    clock = FakeClock()
    mark = AcknowledgementMark(clock)
    mark.acknowledged("tray_mark")
    clock.advance(50)
    mark.acknowledged("tray_mark")
    assert mark.remaining_s() == 60


def test_nothing_shows_when_the_policy_says_none() -> None:
    mark = AcknowledgementMark(FakeClock())
    assert not mark.acknowledged("none") and not mark.shown


def test_calling_the_alarm_off_or_a_policy_change_takes_it_away() -> None:
    mark = AcknowledgementMark(FakeClock())
    mark.acknowledged("tray_mark")
    assert not mark.policy_changed("tray_mark") and mark.shown
    assert mark.policy_changed("none") and not mark.shown
    mark.acknowledged("tray_mark")
    assert mark.hide() and not mark.shown
    assert not mark.hide()

"""The break scheduler's rules, driven by a fake clock and a fake user."""

from __future__ import annotations

import datetime as dt

import pytest

from assistant.breaks import (
    Blocker,
    BreakConfig,
    BreakEnded,
    BreakKind,
    BreakMode,
    EndReason,
    GiveNotice,
    OnCallEnded,
    Phase,
    StartBreak,
    Waiting,
)
from assistant.breaks.scheduler import ACTIVE_POLL_S, RESUME_GRACE_S, BreakScheduler
from assistant.clock import FakeClock
from tests.unit.breaks.harness import Desk, eye_only

# -- the 20-20-20 rhythm --------------------------------------------------------------------


def test_eye_break_after_twenty_minutes_of_work_with_a_notice_first() -> None:
    desk = Desk(eye_only())
    desk.run(1189)
    assert desk.actions == []
    desk.run(2)  # 1191 s: the notice came 10 s ahead
    notice = desk.actions_of(GiveNotice)
    assert notice == [GiveNotice(BreakKind.EYE, 10.0)]
    assert desk.scheduler.phase is Phase.NOTICE
    desk.run(10)  # 1201 s
    assert desk.actions_of(StartBreak) == [StartBreak(BreakKind.EYE, 20.0, 2, True)]
    assert desk.kinds() == ["break.due", "break.started"]
    desk.run(20)
    assert desk.actions_of(BreakEnded) == [BreakEnded(BreakKind.EYE, EndReason.COMPLETED)]
    completed = desk.events_of("break.completed")[0]
    assert completed["kind"] == "eye" and completed["duration_s"] == 20
    assert desk.scheduler.status().today.completed == 1
    assert desk.scheduler.worked(BreakKind.EYE) < 5  # the timer started over


def test_timer_pauses_while_idle() -> None:
    desk = Desk(eye_only(eye_duration_s=120))  # short absences stay below a natural break
    desk.run(600)
    desk.user.walk_away()
    desk.run(100)  # idle: does not count
    desk.user.come_back()
    assert desk.scheduler.worked(BreakKind.EYE) == pytest.approx(600, abs=1)
    desk.run(589)
    assert desk.actions_of(GiveNotice) == []
    desk.run(12)
    assert desk.actions_of(GiveNotice)  # 1190 s of work, 1290 s on the clock


def test_active_time_from_sparse_ticks_ends_where_the_idle_time_begins() -> None:
    clock = FakeClock()
    idle = {"s": 0.0}
    scheduler = BreakScheduler(eye_only(eye_duration_s=300), clock, lambda: idle["s"])
    clock.advance(100)
    idle["s"] = 30  # last input 30 s ago: active for 70 s of the 100
    scheduler.tick()
    assert scheduler.worked(BreakKind.EYE) == pytest.approx(70)
    clock.advance(50)
    idle["s"] = 80  # idle over the whole interval: nothing
    scheduler.tick()
    assert scheduler.worked(BreakKind.EYE) == pytest.approx(70)
    assert scheduler.status().today.active_s == pytest.approx(70)


# -- natural breaks -------------------------------------------------------------------------


def test_idle_as_long_as_an_eye_break_resets_the_eye_timer_only() -> None:
    desk = Desk(BreakConfig())
    desk.run(900)
    desk.user.walk_away()
    desk.run(25)
    desk.user.come_back()
    assert desk.events_of("break.natural") == [{"kind": "eye", "away_s": 20, "reason": "idle"}]
    assert desk.scheduler.worked(BreakKind.EYE) == 0
    assert desk.scheduler.worked(BreakKind.REST) == pytest.approx(900, abs=1)
    desk.run(1100)
    assert desk.actions_of(StartBreak) == []  # the eye timer began again after the absence


def test_idle_as_long_as_a_rest_break_resets_both_timers_once() -> None:
    desk = Desk(BreakConfig())
    desk.run(3000)
    desk.user.walk_away()
    desk.run(1800)
    naturals = desk.events_of("break.natural")
    assert [n["kind"] for n in naturals] == ["eye", "rest"]  # at 20 s away, then at 600 s
    assert naturals[1]["away_s"] == 600
    assert desk.scheduler.worked(BreakKind.REST) == 0 and desk.scheduler.worked(BreakKind.EYE) == 0
    assert desk.scheduler.status().today.natural == 2


def test_short_idle_is_not_a_break() -> None:
    desk = Desk(eye_only())
    desk.run(500)
    desk.user.walk_away()
    desk.run(15)
    desk.user.come_back()
    desk.run(10)
    assert desk.events_of("break.natural") == []
    assert desk.scheduler.worked(BreakKind.EYE) == pytest.approx(510, abs=1)


def test_natural_break_settles_a_waiting_break() -> None:
    desk = Desk(eye_only())
    desk.blocker = Blocker.FULLSCREEN
    desk.run(1210)
    assert desk.scheduler.phase is Phase.WAITING
    desk.user.walk_away()  # watching the full-screen video without touching anything
    desk.run(25)
    assert desk.scheduler.phase is Phase.WORKING
    assert desk.events_of("break.natural")[0]["kind"] == "eye"
    desk.blocker = None
    desk.user.come_back()
    desk.run(60)
    assert desk.actions_of(StartBreak) == []


# -- lock and sleep -------------------------------------------------------------------------


def test_locked_screen_counts_as_a_break() -> None:
    desk = Desk(BreakConfig())
    desk.run(1000)
    desk.take(desk.scheduler.on_locked())
    desk.user.walk_away()
    desk.run(30)
    desk.user.come_back()
    desk.take(desk.scheduler.on_unlocked())
    assert desk.events_of("break.natural") == [{"kind": "eye", "away_s": 20, "reason": "locked"}]
    desk.run(1000)
    desk.take(desk.scheduler.on_locked())
    desk.user.walk_away()
    desk.run(700)
    desk.take(desk.scheduler.on_unlocked())
    assert [n["kind"] for n in desk.events_of("break.natural")] == ["eye", "eye", "rest"]
    assert desk.scheduler.worked(BreakKind.REST) == 0


def test_lock_counts_from_the_idle_that_led_to_it() -> None:
    desk = Desk(eye_only(eye_duration_s=120))
    desk.run(600)
    desk.user.walk_away()
    desk.run(100)  # the auto-lock locks after 100 s idle
    desk.take(desk.scheduler.on_locked())
    desk.user.come_back()  # the mouse moves on the lock screen: idle resets, still locked
    desk.run(25)
    assert desk.events_of("break.natural") == [{"kind": "eye", "away_s": 120, "reason": "locked"}]


def test_no_break_while_locked_even_when_due() -> None:
    desk = Desk(eye_only(eye_duration_s=600))
    desk.run(1100)
    desk.take(desk.scheduler.on_locked())  # locked by a hotkey while the user keeps ... nothing
    desk.run(300)
    assert desk.actions_of(StartBreak) == []


def test_resume_from_sleep_never_starts_a_break_at_once() -> None:
    desk = Desk(eye_only(eye_duration_s=60))
    desk.run(1185)  # the eye break would come in 15 s
    desk.clock.jump_wall(30)  # asleep 30 s: shorter than the break, so no natural break
    desk.take(desk.scheduler.tick())
    desk.run(RESUME_GRACE_S - 1)
    assert desk.actions_of(StartBreak) == [] and desk.actions_of(GiveNotice) == []
    assert desk.events_of("break.due")[0]["blocked_by"] == "just_resumed"
    desk.run(15)
    assert [type(a) for a in desk.actions if not isinstance(a, Waiting)] == [GiveNotice, StartBreak]


def test_sleep_as_long_as_a_rest_break_is_a_rest_break() -> None:
    desk = Desk(BreakConfig())
    desk.run(3590)
    starts = len(desk.actions_of(StartBreak))
    desk.clock.jump_wall(8 * 3600)  # overnight
    desk.take(desk.scheduler.tick())
    assert desk.events_of("break.natural")[-1] == {"kind": "rest", "away_s": 8 * 3600, "reason": "sleep"}
    desk.run(600)
    assert len(desk.actions_of(StartBreak)) == starts


def test_resume_reported_by_the_os_when_the_monotonic_clock_counted_the_sleep() -> None:
    desk = Desk(eye_only(eye_duration_s=600))
    desk.run(1195)
    desk.user.walk_away()
    desk.clock.advance(300)  # both clocks moved; the idle time covers the sleep
    desk.user.come_back()
    desk.take(desk.scheduler.on_resumed(300))
    desk.run(RESUME_GRACE_S - 5)
    assert desk.actions_of(StartBreak) == []
    assert desk.scheduler.status().blocker is Blocker.JUST_RESUMED


# -- postpone and skip ----------------------------------------------------------------------


def _on_rest_break(desk: Desk) -> StartBreak:
    desk.run(desk.config.rest_interval_s + 1)
    starts = desk.actions_of(StartBreak)
    assert starts and starts[-1].kind is BreakKind.REST
    return starts[-1]


def test_postpone_is_limited() -> None:
    desk = Desk(BreakConfig(eye_interval_s=7200, rest_interval_s=600, postpone_s=120, max_postpones=2))
    assert _on_rest_break(desk).postpones_left == 2
    desk.take(desk.scheduler.postpone())
    assert desk.actions[-1] == BreakEnded(BreakKind.REST, EndReason.POSTPONED)
    desk.run(100)
    assert len(desk.actions_of(StartBreak)) == 1  # postponed by 120 s of work
    desk.run(30)
    starts = desk.actions_of(StartBreak)
    assert len(starts) == 2 and starts[-1].postpones_left == 1
    desk.take(desk.scheduler.postpone())
    desk.run(130)
    starts = desk.actions_of(StartBreak)
    assert len(starts) == 3 and starts[-1].postpones_left == 0
    assert not desk.scheduler.can_postpone()
    desk.take(desk.scheduler.postpone())  # refused
    assert desk.scheduler.phase is Phase.ON_BREAK
    assert [e["postponed"] for e in desk.events_of("break.postponed")] == [1, 2]
    desk.run(600)
    assert desk.events_of("break.completed")
    assert desk.scheduler.status().today.postponed == 2
    desk.run(601)  # the next rest break may be postponed again
    assert desk.actions_of(StartBreak)[-1].postpones_left == 2


def test_postponing_the_rest_break_does_not_bring_an_eye_break_instead() -> None:
    desk = Desk(BreakConfig(postpone_s=300))
    desk.run(3650)  # 20-20-20: eye breaks at 20 and 40 min of work, then the rest break at 60
    assert desk.actions_of(StartBreak)[-1].kind is BreakKind.REST
    before = len(desk.actions_of(StartBreak))
    desk.take(desk.scheduler.postpone())
    desk.run(280)
    assert len(desk.actions_of(StartBreak)) == before


def test_strict_hides_skip_and_refuses_it() -> None:
    desk = Desk(eye_only(strict=True))
    desk.run(1201)
    start = desk.actions_of(StartBreak)[-1]
    assert start.can_skip is False and not desk.scheduler.can_skip()
    desk.take(desk.scheduler.skip())
    assert desk.scheduler.phase is Phase.ON_BREAK
    assert "break.skipped" not in desk.kinds()


def test_skip_ends_the_break_and_starts_the_timer_over() -> None:
    desk = Desk(eye_only())
    desk.run(1201)
    desk.run(5)
    desk.take(desk.scheduler.skip())
    assert desk.actions[-1] == BreakEnded(BreakKind.EYE, EndReason.SKIPPED)
    assert desk.events_of("break.skipped")[0]["kind"] == "eye"
    assert desk.scheduler.status().today.skipped == 1
    assert desk.scheduler.worked(BreakKind.EYE) == 0


def test_take_a_break_now_can_be_ended_even_when_strict() -> None:
    desk = Desk(BreakConfig(strict=True))
    desk.run(100)
    result = desk.take(desk.scheduler.take_break_now())
    start = result.actions[-1]
    assert isinstance(start, StartBreak) and start.kind is BreakKind.REST and start.manual
    assert start.can_skip and start.postpones_left == 0
    desk.take(desk.scheduler.skip())
    assert desk.events_of("break.skipped")[0]["manual"] is True


# -- do not interrupt -----------------------------------------------------------------------


@pytest.mark.parametrize("blocker", [Blocker.FULLSCREEN, Blocker.DO_NOT_DISTURB])
def test_a_due_break_waits_while_something_is_in_the_way(blocker: Blocker) -> None:
    desk = Desk(eye_only())
    desk.blocker = blocker
    desk.run(1500)
    assert desk.actions_of(StartBreak) == [] and desk.actions_of(GiveNotice) == []
    assert desk.actions_of(Waiting) == [Waiting(BreakKind.EYE, blocker)]  # said once
    assert desk.events_of("break.due") == [{"kind": "eye", "worked_s": 1200, "blocked_by": blocker.value}]
    assert desk.scheduler.status().phase is Phase.WAITING
    desk.blocker = None
    desk.run(5)
    assert desk.actions_of(GiveNotice) and not desk.actions_of(StartBreak)  # announced first
    desk.run(10)
    assert desk.actions_of(StartBreak)[0].kind is BreakKind.EYE
    assert desk.kinds().count("break.due") == 1


def test_on_a_call_holds_breaks_and_ends_by_itself() -> None:
    desk = Desk(eye_only(on_call_max_s=1800, notice_s=0))
    desk.take(desk.scheduler.set_on_call(True))
    assert desk.scheduler.on_call
    desk.run(1500)
    assert desk.actions_of(Waiting) == [Waiting(BreakKind.EYE, Blocker.ON_CALL)]
    assert desk.actions_of(StartBreak) == []
    desk.run(301)  # 1800 s after switching on
    assert desk.actions_of(OnCallEnded) == [OnCallEnded(expired=True)]
    assert not desk.scheduler.on_call
    assert desk.actions_of(StartBreak)[0].kind is BreakKind.EYE


def test_switching_on_a_call_off_offers_the_waiting_break() -> None:
    desk = Desk(eye_only(notice_s=0))
    desk.take(desk.scheduler.set_on_call(True))
    desk.run(1300)
    desk.take(desk.scheduler.set_on_call(False))
    assert desk.actions_of(StartBreak)
    assert desk.actions_of(OnCallEnded) == []


def test_no_notice_while_blocked_and_a_fresh_notice_after_the_wait() -> None:
    desk = Desk(eye_only(notice_s=10))
    desk.run(1185)
    desk.blocker = Blocker.FULLSCREEN
    desk.run(100)
    assert desk.actions_of(GiveNotice) == []
    desk.blocker = None
    desk.run(4)
    assert desk.actions_of(GiveNotice) == [GiveNotice(BreakKind.EYE, 10)]


# -- rest and pomodoro ----------------------------------------------------------------------


def test_rest_break_after_an_hour_covers_the_eye_break() -> None:
    desk = Desk(BreakConfig())
    desk.run(3601 + 60)
    kinds = [a.kind for a in desk.actions_of(StartBreak)]
    assert kinds == [BreakKind.EYE, BreakKind.EYE, BreakKind.REST]
    desk.run(580)  # the rest break (started at about 3641 s) has ended
    assert desk.scheduler.worked(BreakKind.EYE) < 10 and desk.scheduler.worked(BreakKind.REST) < 10
    assert desk.events_of("break.completed")[-1] == {"kind": "rest", "duration_s": 600,
                                                     "active_during_s": 600, "manual": False}


def test_pomodoro_mode() -> None:
    desk = Desk(BreakConfig(mode=BreakMode.POMODORO))
    desk.run(1501)
    assert [a.kind for a in desk.actions_of(StartBreak)] == [BreakKind.POMODORO]
    assert desk.actions_of(StartBreak)[0].duration_s == 300
    desk.run(300)
    assert desk.events_of("break.completed")[0]["kind"] == "pomodoro"
    desk.run(1000)
    desk.user.walk_away()
    desk.run(300)  # five minutes away: the Pomodoro break was taken
    assert desk.events_of("break.natural") == [{"kind": "pomodoro", "away_s": 300, "reason": "idle"}]
    assert desk.scheduler.worked(BreakKind.POMODORO) == 0


# -- the day, the cost, the settings --------------------------------------------------------


def test_daily_counters_reset_at_local_midnight() -> None:
    start = dt.datetime.now().replace(hour=23, minute=0, second=0, microsecond=0)
    clock = FakeClock(wall=start.timestamp())
    desk = Desk(eye_only(), clock=clock)
    desk.run(1221)
    assert desk.scheduler.status().today.completed == 1
    assert desk.scheduler.status().today.active_s > 1000
    desk.run(3600)  # past midnight
    today = desk.scheduler.status().today
    assert today.day == (start + dt.timedelta(days=1)).date()
    assert today.active_s < 3600 and today.completed <= 2


def test_idle_machine_ticks_rarely_and_working_ticks_are_bounded() -> None:
    desk = Desk(BreakConfig())
    desk.user.walk_away()
    desk.run(4 * 3600)
    assert desk.ticks < 4 * 3600 / 100  # not 1 Hz: a few per hour while nobody is there
    desk.user.come_back()
    desk.take(desk.scheduler.tick())
    assert desk.next_check is not None and desk.next_check <= ACTIVE_POLL_S
    desk.ticks = 0
    desk.run(600)
    assert desk.ticks <= 600 / 5


def test_next_check_is_exact_near_the_notice() -> None:
    desk = Desk(eye_only(eye_interval_s=1203))
    desk.run(1191)  # ticks every 10 s while working ...
    assert desk.next_check == pytest.approx(3)  # ... but the last one aims at 1193 s: the notice


def test_disabled_scheduler_does_nothing_and_asks_for_no_tick() -> None:
    desk = Desk(BreakConfig(enabled=False))
    assert desk.next_check is None
    desk.clock.advance(5000)
    desk.take(desk.scheduler.tick())
    assert desk.actions == [] and desk.events == []


def test_disabling_closes_a_showing_break() -> None:
    desk = Desk(eye_only())
    desk.run(1201)
    result = desk.take(desk.scheduler.reconfigure(BreakConfig(enabled=False)))
    assert BreakEnded(BreakKind.EYE, EndReason.SKIPPED) in result.actions
    assert desk.scheduler.phase is Phase.OFF


def test_status_tells_the_next_break() -> None:
    desk = Desk(BreakConfig())
    desk.run(300)
    status = desk.scheduler.status()
    assert status.next_kind is BreakKind.EYE and status.next_in_s == pytest.approx(900, abs=1)
    assert status.today.active_s == pytest.approx(300, abs=1)


def test_config_from_settings_model() -> None:
    from assistant.settings.model import BreakSettings

    config = BreakConfig.from_settings(BreakSettings(mode="pomodoro", strict=True))
    assert config.mode is BreakMode.POMODORO and config.strict and config.eye_interval_s == 1200

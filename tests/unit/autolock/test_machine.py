"""The auto-lock state machine with a fake clock and a fake OS idle counter."""

from __future__ import annotations

import math

import pytest

from assistant.autolock import AutoLockMachine, EventKind, IdleLockPolicy, LockState
from assistant.autolock.machine import FAST_POLL_S, SOURCE_RETRY_S
from assistant.clock import FakeClock
from tests.unit.autolock.fakes import FakeIdleSource, FakeLockState, Recorder

Setup = tuple[AutoLockMachine, FakeClock, FakeIdleSource, Recorder]


def make(timeout: float = 300, warning: float = 30, probe: FakeLockState | None = None,
         enabled: bool = True) -> Setup:
    clock = FakeClock()
    source = FakeIdleSource(clock)
    machine = AutoLockMachine(IdleLockPolicy(enabled, timeout, warning), source, clock, probe)
    recorder = Recorder(clock)
    machine.events.connect(recorder)
    return machine, clock, source, recorder


def run_until(machine: AutoLockMachine, clock: FakeClock, until: float) -> int:
    """Tick the way the UI timer does (after each tick, wait the returned delay) up to
    ``until``; the clock ends at ``until``. Returns the number of ticks."""
    ticks = 0
    while True:
        delay = machine.tick()
        ticks += 1
        if math.isinf(delay) or clock.monotonic() + delay > until:
            clock.advance(max(0.0, until - clock.monotonic()))
            return ticks
        clock.advance(delay)


def test_warns_then_locks_exactly_at_the_timeout() -> None:
    machine, clock, _source, rec = make(300, 30)
    start = clock.monotonic()
    assert machine.tick() == pytest.approx(270)  # nothing to do until the warning is due
    run_until(machine, clock, start + 301)
    [(warned_at, warn)] = rec.of(EventKind.WARN)
    [(locked_at, lock)] = rec.of(EventKind.LOCK)
    assert warned_at == pytest.approx(start + 270)
    assert warn.seconds_left == pytest.approx(30)
    assert locked_at == pytest.approx(start + 300, abs=1e-6)
    assert lock.reason == "idle"
    assert machine.state is LockState.LOCKED
    assert rec.kinds()[:3] == [EventKind.IDLE_CHANGED, EventKind.WARN, EventKind.LOCK]


def test_an_idle_machine_is_asked_about_once_per_timeout() -> None:
    machine, clock, source, _rec = make(300, 30)
    ticks = run_until(machine, clock, clock.monotonic() + 269)
    assert ticks == 1 and source.queries == 1


def test_input_during_the_warning_cancels_and_restarts_the_count() -> None:
    machine, clock, source, rec = make(300, 30)
    start = clock.monotonic()
    run_until(machine, clock, start + 280)
    assert machine.state is LockState.WARNING
    source.touch()  # the user moves the mouse at 280 s
    clock.advance(FAST_POLL_S)
    delay = machine.tick()
    assert machine.state is LockState.WATCHING
    [(_, cancel)] = rec.of(EventKind.CANCEL)
    assert cancel.reason == "input"
    assert delay == pytest.approx(270 - FAST_POLL_S)
    run_until(machine, clock, start + 280 + 299)
    assert rec.of(EventKind.LOCK) == []
    run_until(machine, clock, start + 280 + 301)
    [(locked_at, _)] = rec.of(EventKind.LOCK)
    assert locked_at == pytest.approx(start + 280 + 300)


def test_input_just_before_the_warning_moves_it() -> None:
    machine, clock, source, rec = make(300, 30)
    clock.advance(200)
    source.touch()
    clock.advance(69)
    assert machine.tick() == pytest.approx(201)
    assert rec.events == []


def test_warning_zero_locks_at_the_timeout_without_a_countdown() -> None:
    machine, clock, _source, rec = make(300, 0)
    start = clock.monotonic()
    assert machine.tick() == pytest.approx(300)
    run_until(machine, clock, start + 301)
    assert rec.of(EventKind.WARN) == []
    [(locked_at, _)] = rec.of(EventKind.LOCK)
    assert locked_at == pytest.approx(start + 300)


def test_a_late_tick_locks_at_once() -> None:
    machine, clock, _source, rec = make(300, 30)
    clock.advance(900)  # the timer fired far too late (a frozen GUI thread)
    machine.tick()
    assert rec.kinds() == [EventKind.IDLE_CHANGED, EventKind.LOCK]


def test_idle_counts_from_the_start_at_the_earliest() -> None:
    clock = FakeClock()
    source = FakeIdleSource(clock)
    source.last_input -= 3600  # nobody touched the desk for an hour before the app started
    machine = AutoLockMachine(IdleLockPolicy(True, 300, 30), source, clock)
    rec = Recorder(clock)
    machine.events.connect(rec)
    start = clock.monotonic()
    assert machine.tick() == pytest.approx(270)  # no warning at start-up
    run_until(machine, clock, start + 301)
    assert [t - start for t, _ in rec.of(EventKind.LOCK)] == [pytest.approx(300)]


def test_policy_hard_limit_and_warning_bounds() -> None:
    assert IdleLockPolicy(True, 3600, 30).timeout_s == 1800  # "最长 30 分钟", whatever asks
    assert IdleLockPolicy(True, 1, 0).timeout_s == 5
    assert IdleLockPolicy(True, 10, 30).warning_s == 5  # at most half the timeout
    assert IdleLockPolicy(True, 10, -4).warning_s == 0
    assert IdleLockPolicy(True, 300, 30).warn_at_s == 270


def test_policy_from_the_settings_model() -> None:
    from assistant.settings.model import AutolockSettings

    policy = IdleLockPolicy.from_settings(AutolockSettings())
    assert (policy.enabled, policy.timeout_s, policy.warning_s) == (True, 300, 30)


def test_disabled_never_locks_and_disabling_withdraws_a_warning() -> None:
    machine, clock, _, rec = make(enabled=False)
    assert math.isinf(machine.tick())
    clock.advance(5000)
    assert math.isinf(machine.tick()) and rec.events == []

    machine, clock, _source, rec = make(300, 30)
    run_until(machine, clock, clock.monotonic() + 280)
    machine.configure(IdleLockPolicy(False, 300, 30))
    assert [e.reason for _, e in rec.of(EventKind.CANCEL)] == ["disabled"]
    assert machine.state is LockState.DISABLED
    clock.advance(100)
    assert math.isinf(machine.tick())
    assert rec.of(EventKind.LOCK) == []


def test_a_shorter_timeout_applies_at_the_next_tick() -> None:
    machine, clock, _source, rec = make(600, 30)
    clock.advance(400)
    machine.configure(IdleLockPolicy(True, 300, 30))
    machine.tick()
    assert rec.kinds()[-1] is EventKind.LOCK  # already idle past the new timeout


def test_resume_is_not_followed_by_a_warning() -> None:
    machine, clock, _source, rec = make(300, 30)
    clock.advance(200)
    machine.tick()
    clock.jump_wall(3600)  # an hour of suspend: the wall clock moved, the monotonic did not
    clock.advance(100)  # (Linux/X11: the idle counter, monotonic too, says 300 s now)
    delay = machine.tick()
    [(_, resumed)] = rec.of(EventKind.RESUMED)
    assert resumed.gap_s == pytest.approx(3600)
    assert rec.of(EventKind.WARN) == [] and rec.of(EventKind.LOCK) == []
    assert delay == pytest.approx(270)  # idle counts from the resume


def test_resume_where_the_os_idle_counter_includes_the_sleep() -> None:
    machine, clock, source, rec = make(300, 30)
    clock.advance(100)
    machine.tick()
    clock.jump_wall(7200)
    source.last_input -= 7200  # Windows: GetTickCount kept counting while asleep
    assert machine.tick() == pytest.approx(270)
    assert rec.kinds() == [EventKind.RESUMED]


def test_resume_withdraws_a_showing_warning() -> None:
    machine, clock, _source, rec = make(300, 30)
    start = clock.monotonic()
    run_until(machine, clock, start + 285)
    clock.jump_wall(600)
    machine.tick()
    assert [e.reason for _, e in rec.of(EventKind.CANCEL)] == ["resume"]
    run_until(machine, clock, start + 285 + 30)
    assert rec.of(EventKind.LOCK) == []  # not at the old deadline


def test_small_clock_adjustments_are_not_a_resume() -> None:
    machine, clock, _source, rec = make(300, 30)
    machine.tick()
    clock.jump_wall(2)  # NTP
    clock.advance(100)
    machine.tick()
    assert rec.of(EventKind.RESUMED) == []


def test_an_os_lock_made_elsewhere_is_noted_not_repeated() -> None:
    probe = FakeLockState(False)
    machine, clock, source, rec = make(300, 30, probe)
    start = clock.monotonic()
    machine.tick()
    probe.answer = True  # the agent pressed Win+L and left
    run_until(machine, clock, start + 400)
    assert rec.of(EventKind.WARN) == [] and rec.of(EventKind.LOCK) == []
    assert [e.kind for _, e in rec.events] == [EventKind.IDLE_CHANGED, EventKind.EXTERNAL_LOCK]
    source.touch()  # typing the password on the lock screen
    run_until(machine, clock, start + 410)
    assert machine.state is LockState.LOCKED
    probe.answer = False  # unlocked
    source.touch()
    run_until(machine, clock, start + 412)
    assert rec.kinds()[-2:] == [EventKind.RETURNED, EventKind.IDLE_CHANGED]
    assert machine.state is LockState.WATCHING
    assert rec.of(EventKind.LOCK) == []


def test_an_os_lock_during_the_warning_is_not_locked_again() -> None:
    probe = FakeLockState(False)
    machine, clock, _source, rec = make(300, 30, probe)
    start = clock.monotonic()
    run_until(machine, clock, start + 290)
    assert machine.state is LockState.WARNING
    probe.answer = True
    run_until(machine, clock, start + 310)
    assert rec.of(EventKind.LOCK) == []
    assert [e.reason for _, e in rec.of(EventKind.CANCEL)] == ["external_lock"]
    assert len(rec.of(EventKind.EXTERNAL_LOCK)) == 1


def test_the_lock_state_is_not_asked_while_the_user_works() -> None:
    probe = FakeLockState(False)
    machine, clock, source, _rec = make(300, 30, probe)
    for _ in range(20):
        clock.advance(60)
        source.touch()
        machine.tick()
    assert probe.asked == 0


def test_lock_now_then_return() -> None:
    machine, clock, source, rec = make(300, 30)
    machine.tick()
    assert machine.lock_now() is True
    assert machine.lock_now() is False  # already locked: no second lock
    [(_, lock)] = rec.of(EventKind.LOCK)
    assert lock.reason == "manual"
    clock.advance(0.3)
    source.touch()  # releasing the hotkey's keys right after: not a return
    clock.advance(0.3)
    machine.tick()
    assert machine.state is LockState.LOCKED
    clock.advance(60)
    source.touch()
    clock.advance(FAST_POLL_S)
    machine.tick()
    assert machine.state is LockState.WATCHING
    assert EventKind.RETURNED in rec.kinds()


def test_return_after_an_automatic_lock_starts_a_new_count() -> None:
    machine, clock, source, rec = make(300, 30)
    start = clock.monotonic()
    run_until(machine, clock, start + 320)
    source.touch()
    clock.advance(FAST_POLL_S)
    assert machine.tick() == pytest.approx(270 - FAST_POLL_S)
    assert rec.kinds()[-2:] == [EventKind.RETURNED, EventKind.IDLE_CHANGED]
    assert [e.idle for _, e in rec.of(EventKind.IDLE_CHANGED)] == [True, False]


def test_push_notifications_of_os_lock_and_unlock() -> None:
    machine, _clock, _source, rec = make(300, 30)
    machine.tick()
    machine.note_external_lock()
    assert machine.state is LockState.LOCKED
    machine.note_external_unlock()
    assert machine.state is LockState.WATCHING
    assert rec.of(EventKind.LOCK) == []


def test_a_failing_idle_source_is_retried_later_without_locking() -> None:
    machine, clock, source, rec = make(300, 30)
    source.broken = True
    clock.advance(1000)
    assert machine.tick() == SOURCE_RETRY_S
    assert rec.events == []


def test_seconds_left_counts_down_during_the_warning() -> None:
    machine, clock, _source, _rec = make(300, 30)
    assert machine.seconds_left() == 0
    run_until(machine, clock, clock.monotonic() + 280)
    assert machine.seconds_left() == pytest.approx(20)

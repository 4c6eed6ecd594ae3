"""Confirming the help hotkey with a fake clock: at once, double press, hold."""

from __future__ import annotations

from assistant.clock import FakeClock
from assistant.panic.confirm import DOUBLE_WINDOW_S, QUIET_AFTER_FIRE_S, HotkeyConfirmer
from assistant.panic.kinds import ConfirmMode


def make(mode: ConfirmMode, hold_s: float = 1.5) -> tuple[HotkeyConfirmer, FakeClock]:
    clock = FakeClock()
    return HotkeyConfirmer(mode, clock, hold_s=hold_s), clock


def test_none_fires_on_the_first_press() -> None:
    confirmer, _ = make(ConfirmMode.NONE)
    assert confirmer.pressed() is True
    assert not confirmer.watching


def test_one_gesture_raises_one_alarm() -> None:
    confirmer, clock = make(ConfirmMode.NONE)
    assert confirmer.pressed()
    clock.advance(0.5)
    assert confirmer.pressed() is False  # a bounce or a nervous second press
    clock.advance(QUIET_AFTER_FIRE_S)
    assert confirmer.pressed() is True


def test_double_needs_a_second_press_within_the_window() -> None:
    confirmer, clock = make(ConfirmMode.DOUBLE)
    assert confirmer.pressed() is False
    assert confirmer.watching
    clock.advance(0.6)
    assert confirmer.pressed() is True
    assert not confirmer.watching


def test_double_a_single_press_does_nothing_and_expires() -> None:
    confirmer, clock = make(ConfirmMode.DOUBLE)
    assert confirmer.pressed() is False
    clock.advance(DOUBLE_WINDOW_S + 0.1)
    confirmer.expire()
    assert not confirmer.watching
    assert confirmer.pressed() is False  # a new first press, not a second one
    assert confirmer.watching


def test_double_too_slow_counts_as_a_new_first_press() -> None:
    confirmer, clock = make(ConfirmMode.DOUBLE)
    confirmer.pressed()
    clock.advance(DOUBLE_WINDOW_S + 0.5)
    assert confirmer.pressed() is False
    clock.advance(0.3)
    assert confirmer.pressed() is True


def test_double_a_quick_second_tap_seen_only_by_the_key_state_probe_fires() -> None:
    # The X11 service drops a press that follows the last one within 0.4 s (auto-repeat).
    confirmer, clock = make(ConfirmMode.DOUBLE)
    confirmer.pressed()
    clock.advance(0.02)
    assert confirmer.poll(True) is False
    clock.advance(0.08)
    assert confirmer.poll(False) is False  # released
    clock.advance(0.1)
    assert confirmer.poll(True) is True  # pressed again
    clock.advance(0.05)
    assert confirmer.pressed() is False  # the service's late report of the same tap


def test_double_holding_the_key_is_not_a_second_press() -> None:
    confirmer, clock = make(ConfirmMode.DOUBLE)
    confirmer.pressed()
    for _ in range(50):
        clock.advance(0.02)
        assert confirmer.poll(True) is False
    clock.advance(DOUBLE_WINDOW_S)
    assert confirmer.poll(True) is False
    assert not confirmer.watching


def test_hold_fires_after_hold_s_held_down() -> None:
    confirmer, clock = make(ConfirmMode.HOLD, hold_s=1.5)
    assert confirmer.pressed() is False
    fired = []
    for _ in range(100):
        clock.advance(0.02)
        if confirmer.poll(True):
            fired.append(clock.monotonic())
            break
    assert fired and abs(fired[0] - 1000.0 - 1.5) < 0.03
    assert not confirmer.watching


def test_hold_let_go_early_does_nothing() -> None:
    confirmer, clock = make(ConfirmMode.HOLD, hold_s=1.5)
    confirmer.pressed()
    clock.advance(1.0)
    assert confirmer.poll(True) is False
    clock.advance(0.1)
    assert confirmer.poll(False) is False
    assert not confirmer.watching
    clock.advance(1.0)
    assert confirmer.poll(True) is False  # not watching any more


def test_hold_repeated_presses_while_held_do_not_restart_the_hold() -> None:
    confirmer, clock = make(ConfirmMode.HOLD, hold_s=1.0)
    confirmer.pressed()
    clock.advance(0.6)
    confirmer.pressed()  # a repeat the service let through
    clock.advance(0.5)
    assert confirmer.poll(True) is True


def test_configure_switches_mode_and_forgets_half_done_gestures() -> None:
    confirmer, clock = make(ConfirmMode.DOUBLE)
    confirmer.pressed()
    confirmer.configure(ConfirmMode.HOLD, 0.5)
    assert not confirmer.watching
    confirmer.pressed()
    clock.advance(0.5)
    assert confirmer.poll(True) is True

"""The breaks feature in the tray: menu entries, today's numbers, "On a call", windows shown."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMenu

from assistant.breaks import Blocker, BreakKind, Phase
from assistant.clock import FakeClock
from assistant.focus import Busy
from tests.ui.desk import make_desk
from ui.breaks.feature import BreakFeature

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support (propagateSizeHints|raise|grabbing the keyboard)")


class FakeProbe:
    name = "fake"

    def __init__(self) -> None:
        self.value: Busy | None = None

    def busy(self) -> Busy | None:
        return self.value

    def close(self) -> None:
        pass


class FakeIdle:
    name = "fake-idle"

    def __init__(self) -> None:
        self.seconds = 0.0

    def idle_seconds(self) -> float:
        return self.seconds

    def close(self) -> None:
        pass


@pytest.fixture
def feature(qapp, make_ctx):  # type: ignore[no-untyped-def]
    ctx = make_ctx(settings="[breaks]\neye_interval_s = 60\neye_duration_s = 5\nnotice_s = 5\n")
    clock = FakeClock()
    host, services = make_desk(ctx, qapp, idle_source=FakeIdle(), clock=clock)
    notices: list[tuple[str, str]] = []
    host.notify = lambda title, text: notices.append((title, text))  # type: ignore[method-assign]
    probe = FakeProbe()
    feature = BreakFeature(host, services, focus_probe=probe)
    host.add_feature(feature)
    feature.start()
    feature.notices = notices  # type: ignore[attr-defined]
    yield feature
    feature.stop()


def menu_texts(feature: BreakFeature) -> list[str]:
    menu = QMenu()
    feature.add_menu_entries(menu)
    return [a.text() for a in menu.actions()]


def run(feature: BreakFeature, seconds: float, step: float = 1.0) -> None:
    clock: FakeClock = feature.clock  # type: ignore[assignment]
    for _ in range(int(seconds / step)):
        clock.advance(step)
        feature.tick()


def test_menu_offers_breaks_on_a_call_and_breathing(feature) -> None:  # type: ignore[no-untyped-def]
    texts = menu_texts(feature)
    assert texts[0].startswith("Next eye break in 1 min")
    assert texts[1].startswith("Today: 0 s active · breaks 0 taken, 0 postponed, 0 skipped")
    assert texts[2:] == ["Take a break now", "On a call", "Calm down (breathing)"]


def test_eye_break_notice_card_and_today_counts(feature, qtbot) -> None:  # type: ignore[no-untyped-def]
    run(feature, 56)
    assert feature.notices and "Eye break in 5 s" in feature.notices[0][1]
    run(feature, 5)
    assert feature.eye_card is not None and feature.eye_card.isVisible()
    assert feature.status_lines()[0].startswith("Eye break now")
    run(feature, 6)
    assert feature.eye_card is None
    assert "breaks 1 taken" in feature.status_lines()[1]
    kinds = [e.kind for e in feature.host.ctx.audit.query()]
    assert kinds[-3:] == ["break.due", "break.started", "break.completed"]


def test_on_a_call_holds_the_break_and_shows_in_the_menu(feature) -> None:  # type: ignore[no-untyped-def]
    menu = QMenu()
    feature.add_menu_entries(menu)
    on_call = next(a for a in menu.actions() if a.text() == "On a call")
    assert on_call.isCheckable() and not on_call.isChecked()
    on_call.trigger()
    assert feature.scheduler.on_call
    run(feature, 70)
    assert feature.eye_card is None and feature.scheduler.phase is Phase.WAITING
    assert "waiting: you are on a call" in feature.status_lines()[0]
    assert "ends by itself" in feature.status_lines()[0]
    menu = QMenu()
    feature.add_menu_entries(menu)
    assert next(a for a in menu.actions() if a.text() == "On a call").isChecked()


def test_full_screen_window_holds_the_break(feature) -> None:  # type: ignore[no-untyped-def]
    feature.focus_probe.value = Busy.FULLSCREEN
    run(feature, 70)
    assert feature.eye_card is None
    assert feature.scheduler.status().blocker is Blocker.FULLSCREEN
    feature.focus_probe.value = None
    run(feature, 10)
    assert feature.eye_card is not None


def test_take_a_break_now_shows_the_rest_overlays_and_skip_closes_them(feature, qtbot) -> None:  # type: ignore[no-untyped-def]
    feature.take_break_now()
    overlays = feature.rest_overlays
    assert overlays is not None and overlays.kind is BreakKind.REST and overlays.overlays
    overlay = overlays.overlays[0]
    assert overlay.skip_button.isVisible() and overlay.postpone_button.isHidden()
    overlay.skip_button.click()
    assert feature.rest_overlays is None and overlays.closed
    assert feature.host.ctx.audit.query(kinds=["break.skipped"])


def test_locked_screen_counts_as_a_break(feature) -> None:  # type: ignore[no-untyped-def]
    run(feature, 30)
    feature.services.session.locked.emit("test")
    run(feature, 10)
    feature.services.session.unlocked.emit()
    natural = feature.host.ctx.audit.query(kinds=["break.natural"])
    assert natural and natural[0].details == {"kind": "eye", "away_s": 5, "reason": "locked"}


def test_calm_down_opens_the_breathing_window(feature, qtbot) -> None:  # type: ignore[no-untyped-def]
    menu = QMenu()
    feature.add_menu_entries(menu)
    next(a for a in menu.actions() if a.text() == "Calm down (breathing)").trigger()
    window = feature.host._dialogs["breathing"]
    qtbot.waitExposed(window)
    assert window.windowTitle() == "Calm down: 4-7-8 breathing"
    window.close()


def test_on_a_call_and_breaks_reach_the_supervisors_floor_list(feature) -> None:  # type: ignore[no-untyped-def]
    alerts = feature.services.alerts  # what the heartbeat reports to the relay
    feature.set_on_call(True)
    assert alerts.agent_state().value == "on_call"
    feature.set_on_call(False)
    assert alerts.agent_state().value == "active"
    states = set()
    for _ in range(70):  # 60 s of work: the eye break starts
        run(feature, 1)
        states.add(alerts.agent_state().value)
    assert "on_break" in states

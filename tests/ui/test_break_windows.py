"""The eye-break card, the rest overlays and the 4-7-8 breathing window, as a user meets them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QLineEdit

from assistant.breaks import BreakKind, BreathPhase, BreathStep
from ui.breaks.breathing_window import BreathingWindow
from ui.breaks.eye_card import EyeBreakCard
from ui.breaks.rest_overlay import RestOverlaySet
from ui.breaks.stretches import STRETCHES, stretch_for

REPO = Path(__file__).resolve().parents[2]
# The offscreen platform cannot do these; a real desktop (the e2e tests) does.
pytestmark = pytest.mark.qt_log_ignore(
    r"This plugin does not support (propagateSizeHints|raise|grabbing the keyboard)")
NO_FOCUS = (Qt.WindowType.Tool, Qt.WindowType.FramelessWindowHint, Qt.WindowType.WindowStaysOnTopHint,
            Qt.WindowType.WindowDoesNotAcceptFocus)


# -- eye-break card ---------------------------------------------------------------------------


def test_eye_card_never_takes_focus(qtbot) -> None:  # type: ignore[no-untyped-def]
    field = QLineEdit()
    qtbot.addWidget(field)
    field.show()
    field.activateWindow()
    field.setFocus()
    qtbot.waitUntil(lambda: field.hasFocus())
    card = EyeBreakCard(30)
    card.show()
    qtbot.waitExposed(card)
    flags = card.windowFlags()
    for flag in NO_FOCUS:
        assert flags & flag, flag
    assert card.testAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
    assert card.focusPolicy() == Qt.FocusPolicy.NoFocus
    assert field.hasFocus() and QApplication.focusWidget() is field
    assert not card.isActiveWindow()
    qtbot.keyClicks(field, "still typing")
    assert field.text() == "still typing"
    card.close()


def test_eye_card_says_the_interval_this_desk_uses(qtbot) -> None:  # type: ignore[no-untyped-def]
    card = EyeBreakCard(30, interval_s=1800)
    qtbot.addWidget(card)
    texts = " ".join(label.text() for label in card.findChildren(type(card.countdown)))
    assert "Every 30 min, look at something 20 feet (6 m) away for 30 s." in texts


def test_eye_card_shows_the_20_20_20_rule_and_closes_itself(qtbot) -> None:  # type: ignore[no-untyped-def]
    card = EyeBreakCard(0.4)
    texts = " ".join(label.text() for label in card.findChildren(type(card.countdown)))
    assert "20 feet (6 m)" in texts
    with qtbot.waitSignal(card.finished, timeout=5000):
        card.show()
    qtbot.waitUntil(lambda: not card.isVisible())


def test_eye_card_sits_in_the_corner_of_the_screen(qtbot) -> None:  # type: ignore[no-untyped-def]
    card = EyeBreakCard(30)
    card.show()
    qtbot.waitExposed(card)
    area = QGuiApplication.primaryScreen().availableGeometry()
    assert area.contains(card.frameGeometry())
    assert card.x() > area.center().x() and card.y() > area.center().y()
    card.close()


# -- rest overlays ------------------------------------------------------------------------------


def _overlays(qtbot, **kwargs) -> RestOverlaySet:  # type: ignore[no-untyped-def]
    args = {"kind": BreakKind.REST, "duration_s": 600, "postpone_s": 300, "postpones_left": 2,
            "can_skip": True, "stretch": stretch_for(0)}
    args.update(kwargs)
    overlays = RestOverlaySet(**args)
    overlays.show()
    for overlay in overlays.overlays:
        qtbot.waitExposed(overlay)
    return overlays


def test_one_overlay_per_screen_covering_it_and_holding_the_keyboard(qtbot) -> None:  # type: ignore[no-untyped-def]
    field = QLineEdit()  # the program underneath, which had the keyboard
    qtbot.addWidget(field)
    field.show()
    field.activateWindow()
    field.setFocus()
    overlays = _overlays(qtbot)
    screens = QGuiApplication.screens()
    assert len(overlays.overlays) == len(screens)
    for overlay, screen in zip(overlays.overlays, screens):
        assert overlay.geometry() == screen.geometry()
        assert not overlay.windowFlags() & Qt.WindowType.WindowDoesNotAcceptFocus
        assert overlay.postpone_button.focusPolicy() == Qt.FocusPolicy.NoFocus
    first = overlays.overlays[0]
    assert first.holds_keyboard
    qtbot.waitUntil(first.isActiveWindow)
    qtbot.keyClicks(QApplication.focusWidget() or first, "typed during the break")
    assert field.text() == ""  # nothing reached the program underneath
    overlays.close()
    assert all(not o.isVisible() for o in overlays.overlays)
    assert not first.holds_keyboard


def test_escape_skips_only_where_skipping_is_allowed(qtbot) -> None:  # type: ignore[no-untyped-def]
    strict = _overlays(qtbot, can_skip=False)
    with qtbot.assertNotEmitted(strict.skip_requested):
        qtbot.keyClick(strict.overlays[0], Qt.Key.Key_Escape)
    strict.close()
    relaxed = _overlays(qtbot)
    with qtbot.waitSignal(relaxed.skip_requested, timeout=2000):
        qtbot.keyClick(relaxed.overlays[0], Qt.Key.Key_Escape)
    relaxed.close()


def test_a_break_asked_for_has_its_own_words_and_no_postponing(qtbot) -> None:  # type: ignore[no-untyped-def]
    overlays = _overlays(qtbot, manual=True, postpones_left=0)
    overlay = overlays.overlays[0]
    texts = " ".join(label.text() for label in overlay.findChildren(type(overlay.countdown)))
    assert "You asked for a break" in texts and "After 1 h of work" not in texts
    assert overlay.postpone_button.isHidden() and "none left" not in texts
    overlays.close()


def test_overlay_on_every_monitor_of_a_two_monitor_desk() -> None:
    """Two screens via the offscreen platform's screen configuration, in a fresh process."""
    config = {"screens": [
        {"name": "left", "x": 0, "y": 0, "width": 1280, "height": 800, "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1},
        {"name": "right", "x": 1280, "y": 0, "width": 1024, "height": 768, "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1},
    ]}
    script = (
        "import json\n"
        "from PySide6.QtWidgets import QApplication\n"
        "from assistant.breaks import BreakKind\n"
        "from ui.breaks.rest_overlay import RestOverlaySet\n"
        "from ui.breaks.stretches import stretch_for\n"
        "app = QApplication([])\n"
        "s = RestOverlaySet(BreakKind.REST, 600, 300, 2, True, stretch_for(1))\n"
        "s.show()\n"
        "app.processEvents()\n"
        "print(json.dumps({'screens': [x.name() for x in app.screens()],\n"
        "  'overlays': [[o.target_screen.name(), o.geometry().getRect()] for o in s.overlays]}))\n"
        "s.close()\n"
    )
    path = Path(os.environ.get("TMPDIR", "/tmp")) / f"break-screens-{os.getpid()}.json"
    path.write_text(json.dumps(config))
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={path}"}
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env,
                            cwd=REPO, timeout=60, check=False)
    path.unlink()
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["screens"] == ["left", "right"]
    assert seen["overlays"] == [["left", [0, 0, 1280, 800]], ["right", [1280, 0, 1024, 768]]]


def test_postpone_disabled_after_the_limit_and_skip_hidden_when_strict(qtbot) -> None:  # type: ignore[no-untyped-def]
    overlays = _overlays(qtbot, postpones_left=0, can_skip=False)
    for overlay in overlays.overlays:
        assert not overlay.postpone_button.isEnabled()
        assert overlay.skip_button.isHidden()
    overlays.close()


def test_postpone_and_skip_are_clicked_with_the_mouse(qtbot) -> None:  # type: ignore[no-untyped-def]
    overlays = _overlays(qtbot, postpones_left=1)
    overlay = overlays.overlays[0]
    assert overlay.postpone_button.isEnabled() and "1" in overlay.postpone_button.text()
    assert overlay.skip_button.isVisible()
    with qtbot.waitSignal(overlays.postpone_requested, timeout=2000):
        qtbot.mouseClick(overlay.postpone_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(overlays.skip_requested, timeout=2000):
        qtbot.mouseClick(overlay.skip_button, Qt.MouseButton.LeftButton)
    overlays.close()


def test_overlay_counts_down_shows_a_stretch_and_ends(qtbot) -> None:  # type: ignore[no-untyped-def]
    overlays = _overlays(qtbot, duration_s=0.5, stretch=STRETCHES[2])
    overlay = overlays.overlays[0]
    assert overlay.findChild(type(overlay.countdown), "stretch-title").text() == "Wrist and hand stretch"
    with qtbot.waitSignal(overlays.finished, timeout=5000):
        pass
    assert overlays.closed and overlays.overlays == []


def test_pomodoro_overlay_says_pomodoro(qtbot) -> None:  # type: ignore[no-untyped-def]
    overlays = _overlays(qtbot, kind=BreakKind.POMODORO, duration_s=300)
    titles = [label.text() for label in overlays.overlays[0].findChildren(type(overlays.overlays[0].countdown))]
    assert "Pomodoro break" in titles
    overlays.close()


# -- 4-7-8 breathing ---------------------------------------------------------------------------

FAST = (BreathStep(BreathPhase.INHALE, 0.08), BreathStep(BreathPhase.HOLD, 0.14),
        BreathStep(BreathPhase.EXHALE, 0.16))


def test_breathing_phases_in_order_with_the_circle_growing_and_shrinking(qtbot) -> None:  # type: ignore[no-untyped-def]
    window = BreathingWindow(steps=FAST, cycles=2)
    qtbot.addWidget(window)
    seen: list[tuple[BreathPhase, int, str, str]] = []
    scales: list[float] = []
    window.phase_started.connect(lambda phase, cycle: (seen.append(
        (phase, cycle, window.phase_label.text(), window.cycle_label.text())), scales.append(window.circle.scale)))
    with qtbot.waitSignal(window.exercise_finished, timeout=10000):
        window.show()
    assert [(p, c) for p, c, _, _ in seen] == [
        (BreathPhase.INHALE, 1), (BreathPhase.HOLD, 1), (BreathPhase.EXHALE, 1),
        (BreathPhase.INHALE, 2), (BreathPhase.HOLD, 2), (BreathPhase.EXHALE, 2)]
    assert [t for _, _, t, _ in seen[:3]] == ["Breathe in", "Hold", "Breathe out"]
    assert seen[3][3] == "Cycle 2 of 2"
    small, large = scales[0], scales[1]
    assert large > small * 2  # grew while breathing in
    assert scales[2] == pytest.approx(large)  # held
    assert scales[3] < large  # shrank while breathing out


def test_breathing_defaults_to_4_7_8_four_times(qtbot) -> None:  # type: ignore[no-untyped-def]
    window = BreathingWindow()
    qtbot.addWidget(window)
    assert [(s.phase, s.seconds) for s in window.steps] == [
        (BreathPhase.INHALE, 4.0), (BreathPhase.HOLD, 7.0), (BreathPhase.EXHALE, 8.0)]
    assert window.cycles == 4


def test_escape_closes_the_breathing_window(qtbot) -> None:  # type: ignore[no-untyped-def]
    window = BreathingWindow()
    window.show()
    qtbot.waitExposed(window)
    assert window.phase is BreathPhase.INHALE
    with qtbot.waitSignal(window.destroyed, timeout=3000):
        qtbot.keyClick(window, Qt.Key.Key_Escape)


# -- Chinese ------------------------------------------------------------------------------------


def test_break_windows_speak_the_trainings_chinese(qapp, qtbot) -> None:  # type: ignore[no-untyped-def]
    from ui.breaks.texts import duration_text
    from ui.i18n import install_translator

    if install_translator(qapp, "zh_CN") != "zh_CN":
        pytest.skip("no zh_CN catalogue")
    try:
        card = EyeBreakCard(20)
        qtbot.addWidget(card)
        texts = [label.text() for label in card.findChildren(type(card.countdown))]
        assert "每隔 20 分钟，请看 20 英尺（6 米）外的物体 20 秒" in texts
        assert card.windowTitle() == "护眼休息"
        window = BreathingWindow()
        qtbot.addWidget(window)
        assert [window.phase_text(p) for p in BreathPhase] == ["吸气", "屏息", "呼气"]
        assert stretch_for(0).translated_title() == "颈部拉伸"
        assert duration_text(600) == "10 分钟" and duration_text(3900) == "1 小时 5 分钟"
    finally:
        install_translator(qapp, "en")

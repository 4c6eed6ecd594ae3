"""The auto-lock feature in the tray: countdown, lock, curtain, tray entry, self-test.

The OS idle counter is a fake driven by a FakeClock; the lockers are real scripts.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTranslator
from PySide6.QtWidgets import QApplication

from assistant.autolock import LockState
from assistant.clock import FakeClock
from assistant.hotkeys import NullHotkeyService
from assistant.idle import NullIdleSource
from assistant.locking import SessionLocker
from assistant.locking.commands import CustomCommandBackend
from tests.ui.desk import make_desk
from tests.unit.autolock.fakes import FakeIdleSource
from ui.autolock.curtain import LOCKING_TEXT, NOT_LOCKED_TEXT, PrivacyCurtain
from ui.autolock.feature import AutoLockFeature
from ui.autolock.warning import LockWarning
from ui.services import Services
from ui.tray import TrayHost

REPO = Path(__file__).resolve().parents[2]
# The offscreen platform cannot raise windows or pass size hints; it says so as a warning.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")
posix_only = pytest.mark.skipif(sys.platform == "win32", reason="shell-script lockers")


def script(tmp_path: Path, name: str, body: str) -> Path:
    path = tmp_path / name
    path.write_text("#!/bin/sh\n" + body + "\n")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


class Rig:
    def __init__(self, host: TrayHost, services: Services, feature: AutoLockFeature,
                 clock: FakeClock, source: FakeIdleSource) -> None:
        self.host, self.services, self.feature = host, services, feature
        self.clock, self.source = clock, source

    def audit(self, kind: str) -> list[dict[str, object]]:
        return [e.details for e in self.host.ctx.audit.query(kinds=[kind])]


@pytest.fixture
def rig(qapp: QApplication, make_ctx: Callable[..., object], tmp_path: Path) -> Iterator[Callable[..., Rig]]:
    made: list[Rig] = []

    def build(lock_exit: int = 1, policy: str = "", idle_source: object | None = None,
              locker: SessionLocker | None = None) -> Rig:
        ctx = make_ctx(policy=policy)
        clock = FakeClock()
        source = FakeIdleSource(clock)
        record = tmp_path / f"locked{len(made)}.txt"
        locker_script = script(tmp_path, f"lock{len(made)}", f'echo locked >> "{record}"\nexit {lock_exit}')
        host, services = make_desk(
            ctx, qapp, idle_source=idle_source or source, clock=clock, lock_probe=lambda: None,  # type: ignore[arg-type]
            locker=locker if locker is not None else SessionLocker([CustomCommandBackend(str(locker_script), dict(os.environ))]),
            hotkeys=NullHotkeyService("no hotkeys in this test"))
        feature = AutoLockFeature(host, services)
        host.add_feature(feature)
        made.append(Rig(host, services, feature, clock, source))
        return made[-1]

    yield build
    for r in made:
        r.feature.stop()


def test_the_warning_window_never_takes_focus(qtbot, qapp: QApplication) -> None:  # type: ignore[no-untyped-def]
    """What Qt is told; the X11 end-to-end test checks that the focus really stays put."""
    warning = LockWarning()
    qtbot.addWidget(warning)
    flags = warning.windowFlags()
    for flag in (Qt.WindowType.WindowDoesNotAcceptFocus, Qt.WindowType.Tool,
                 Qt.WindowType.FramelessWindowHint, Qt.WindowType.WindowStaysOnTopHint,
                 Qt.WindowType.X11BypassWindowManagerHint):
        assert flags & flag, flag
    assert warning.testAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
    assert warning.testAttribute(Qt.WidgetAttribute.WA_X11DoNotAcceptFocus)
    assert warning.focusPolicy() == Qt.FocusPolicy.NoFocus
    warning.start(30)
    qtbot.waitExposed(warning)
    assert warning.windowHandle().flags() & Qt.WindowType.WindowDoesNotAcceptFocus
    assert warning.label.text() == "Locking in 30 s — move the mouse or press a key to stay"
    assert not warning.isActiveWindow()
    assert QApplication.activeWindow() is not warning
    assert QApplication.focusWidget() is None or QApplication.focusWidget().window() is not warning


def test_the_warning_reads_well_in_chinese(qtbot, qapp: QApplication, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    qm = tmp_path / "autolock_zh_CN.qm"
    lrelease = Path(sys.executable).parent / "pyside6-lrelease"
    subprocess.run([str(lrelease), str(REPO / "resources/translations/autolock_zh_CN.ts"), "-qm", str(qm)],
                   check=True, capture_output=True)
    translator = QTranslator()
    assert translator.load(str(qm))
    qapp.installTranslator(translator)
    try:
        warning = LockWarning()
        qtbot.addWidget(warning)
        warning.start(30)
        assert warning.label.text() == "30 秒后锁屏 — 移动鼠标或按任意键可取消"
    finally:
        qapp.removeTranslator(translator)


@posix_only
def test_warn_then_input_cancels(rig, qtbot) -> None:  # type: ignore[no-untyped-def]
    r = rig()
    r.feature.tick()
    assert r.feature.warning is None
    r.clock.advance(270)  # 4.5 minutes without input (defaults: lock at 5 minutes)
    with qtbot.waitSignal(r.services.session.idle_changed) as went_idle:
        r.feature.tick()
    assert went_idle.args == [True]
    warning = r.feature.warning
    assert warning is not None and warning.isVisible()
    assert "Locking in 30 s" in warning.label.text()
    r.clock.advance(10)
    r.feature.tick()
    assert "Locking in 20 s" in warning.label.text()
    r.source.touch()
    r.clock.advance(0.25)
    r.feature.tick()
    assert not warning.isVisible()
    assert r.audit("lock.warned") == [{"timeout_s": 300.0, "warning_s": 30.0}]
    assert r.audit("lock.cancelled") == [{"reason": "input"}]
    assert r.audit("lock.locked") == [] and r.audit("lock.failed") == []


@posix_only
def test_nothing_locks_so_the_curtain_covers_until_input(rig, qtbot) -> None:  # type: ignore[no-untyped-def]
    r = rig(lock_exit=1)
    r.clock.advance(300)
    with qtbot.waitSignal(r.services.locker.finished, timeout=10000), \
            qtbot.waitSignal(r.services.session.locked) as locked:
        r.feature.tick()
        assert r.feature.curtain.is_shown()  # covered from the first moment
    assert locked.args == ["curtain"]
    assert r.feature.curtain.is_shown()
    [failed] = r.audit("lock.failed")
    assert failed == {"reasons": {"lock_command": "exit 1"}, "reason": "idle", "fallback": "privacy_curtain"}
    assert r.feature.needs_attention()
    assert any("covered" in line for line in r.feature.status_lines())
    r.clock.advance(60)
    r.feature.tick()
    assert r.feature.curtain.is_shown()  # nobody there: it stays
    r.source.touch()
    r.clock.advance(0.25)
    with qtbot.waitSignal(r.services.session.unlocked):
        r.feature.tick()
    assert not r.feature.curtain.is_shown()
    assert r.feature.machine.state is LockState.WATCHING


@posix_only
def test_a_working_lock_takes_the_curtain_down(rig, qtbot) -> None:  # type: ignore[no-untyped-def]
    r = rig(lock_exit=0)
    r.clock.advance(300)
    with qtbot.waitSignal(r.services.session.locked) as locked:
        r.feature.tick()
    assert locked.args == ["lock_command"]
    assert not r.feature.curtain.is_shown()
    assert r.audit("lock.locked") == [{"backend": "lock_command", "reason": "idle", "confirmed": False}]
    assert not r.feature.needs_attention()


@posix_only
def test_lock_now_from_the_tray_menu(rig, qtbot) -> None:  # type: ignore[no-untyped-def]
    r = rig(lock_exit=0)
    r.host.menu.aboutToShow.emit()
    [action] = [a for a in r.host.menu.actions() if a.text().startswith("Lock now")]
    with qtbot.waitSignal(r.services.locker.finished, timeout=10000):
        action.trigger()
    assert r.audit("lock.locked")[0]["reason"] == "manual"
    assert r.audit("lock.warned") == []


def test_the_hotkey_callback_locks_from_another_thread(rig, qtbot) -> None:  # type: ignore[no-untyped-def]
    import threading

    r = rig(lock_exit=0, locker=SessionLocker([]))
    thread = threading.Thread(target=r.feature.hotkey_pressed.emit)  # as the X11 hotkey thread does
    with qtbot.waitSignal(r.services.locker.finished, timeout=10000):
        thread.start()
    thread.join()
    assert r.audit("lock.failed")[0]["reason"] == "manual"


def test_self_test_names_the_idle_source_and_the_lock_backend(rig) -> None:  # type: ignore[no-untyped-def]
    r = rig()
    checks = {c.name: c for c in r.feature.self_test()}
    assert checks["idle-time"].ok and checks["idle-time"].essential
    assert checks["idle-time"].detail == "fake: idle 0.0 s"
    assert checks["lock-backend"].ok and "lock_command" in checks["lock-backend"].detail

    bare = rig(idle_source=NullIdleSource("x11: no X11 display"), locker=SessionLocker([]))
    checks = {c.name: c for c in bare.feature.self_test()}
    assert not checks["idle-time"].ok and checks["idle-time"].essential
    assert "no X11 display" in checks["idle-time"].detail
    assert not checks["lock-backend"].ok and not checks["lock-backend"].essential
    assert checks["lock-backend"].detail.startswith("privacy curtain only")


def test_idle_source_is_shared_with_the_other_features(rig) -> None:  # type: ignore[no-untyped-def]
    from ui.breaks.feature import BreakFeature

    r = rig()
    breaks = BreakFeature(r.host, r.services)
    assert r.feature.idle_source is r.services.idle_source is r.source
    r.source.last_input = r.clock.monotonic() - 42
    assert breaks._idle_seconds() == r.source.idle_seconds() == 42


def test_the_tooltip_says_when_the_lock_comes(rig) -> None:  # type: ignore[no-untyped-def]
    assert rig().feature.status_lines() == ["Auto-lock after 5 min without input"]
    assert rig(policy="[autolock]\nenabled = false\n").feature.status_lines() == ["Auto-lock is off"]
    # A curtain is not a lock: without any locker the tooltip does not promise one.
    assert rig(locker=SessionLocker([])).feature.status_lines() == [
        "Auto-lock after 5 min without input", "No screen locker found: the screens are only covered"]


def test_the_curtain_is_opaque_and_says_locked(qtbot, qapp: QApplication) -> None:  # type: ignore[no-untyped-def]
    curtain = PrivacyCurtain()
    curtain.show()
    try:
        [window] = curtain.windows
        qtbot.waitExposed(window)
        image = window.grab().toImage()
        assert window.geometry() == window.screen_covered.geometry()
        corner = image.pixelColor(5, 5)
        assert (corner.red(), corner.green(), corner.blue()) == (16, 18, 20)
        assert not window.palette().color(window.backgroundRole()).alpha() < 255
    finally:
        curtain.hide()
    assert curtain.windows == []


CURTAIN_ON_SCREENS = """
import json, sys
from PySide6.QtWidgets import QApplication
app = QApplication([])
from ui.autolock.curtain import PrivacyCurtain
curtain = PrivacyCurtain()
curtain.show()
app.processEvents()
out = {"screens": [[s.geometry().x(), s.geometry().y(), s.geometry().width(), s.geometry().height()]
                   for s in app.screens()], "windows": []}
for w in curtain.windows:
    image = w.grab().toImage()
    dark = sum(1 for x in range(0, image.width(), 37) for y in range(0, image.height(), 41)
               if image.pixelColor(x, y).lightness() < 60)
    total = len(range(0, image.width(), 37)) * len(range(0, image.height(), 41))
    g = w.geometry()
    out["windows"].append({"rect": [g.x(), g.y(), g.width(), g.height()], "visible": w.isVisible(),
                           "dark": dark / total})
print(json.dumps(out))
"""


def test_the_curtain_covers_every_screen(tmp_path: Path) -> None:
    config = tmp_path / "screens.json"
    config.write_text(json.dumps({"screens": [
        {"name": "left", "x": 0, "y": 0, "width": 1280, "height": 800, "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1},
        {"name": "right", "x": 1280, "y": -100, "width": 1920, "height": 1080, "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1},
    ]}))
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}"}
    result = subprocess.run([sys.executable, "-c", CURTAIN_ON_SCREENS], capture_output=True, text=True,
                            env=env, cwd=REPO, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout.splitlines()[-1])
    assert sorted(w["rect"] for w in shown["windows"]) == sorted(shown["screens"])
    assert len(shown["screens"]) == 2
    for window in shown["windows"]:
        assert window["visible"] and window["dark"] > 0.95  # opaque dark, a little text


def test_the_curtain_texts_are_bilingual_and_never_claim_a_lock() -> None:
    assert "未锁定" in NOT_LOCKED_TEXT and "NOT locked" in NOT_LOCKED_TEXT
    assert "已锁定" not in LOCKING_TEXT + NOT_LOCKED_TEXT


def test_the_curtain_says_not_locked_once_no_locker_worked(qapp) -> None:  # type: ignore[no-untyped-def]
    curtain = PrivacyCurtain()
    try:
        curtain.show()
        assert curtain.windows and all(w.text == LOCKING_TEXT for w in curtain.windows)
        curtain.mark_not_locked()
        assert all(w.text == NOT_LOCKED_TEXT and w.windowTitle() == "Screen covered, not locked"
                   and w.accessibleName() == NOT_LOCKED_TEXT for w in curtain.windows)
    finally:
        curtain.hide()

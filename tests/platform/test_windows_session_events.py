"""Windows session lock/unlock notifications, driven against the recording fake of wtsapi32.

The auto-lock feature registers a never-shown native window with
WTSRegisterSessionNotification; WM_WTSSESSION_CHANGE messages for it (a real ``MSG`` structure,
handed over the way PySide6 hands it to a native event filter) move the auto-lock to locked
and back, and become the host's session signals that the breaks and presence features hear.
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import shiboken6
from PySide6.QtWidgets import QApplication

from assistant.autolock import LockState
from assistant.clock import FakeClock
from assistant.hotkeys import NullHotkeyService
from assistant.locking import SessionLocker
from assistant.platform_bindings import windows as w
from tests.platform.recording_os import RecordingOS
from tests.ui.conftest import make_ctx  # noqa: F401 (fixture)
from tests.ui.desk import make_desk
from tests.unit.autolock.fakes import FakeIdleSource
from ui.autolock import session_events
from ui.autolock.feature import AutoLockFeature

pytestmark = [pytest.mark.skipif(ctypes.sizeof(ctypes.c_void_p) != 8, reason="64-bit sizes"),
              pytest.mark.qt_log_ignore("This plugin does not support")]


class FakeWts:
    """wtsapi32 as documented: one registration per window, each undone before it goes."""

    def __init__(self, first_errors: list[int] | None = None) -> None:
        self.registered: list[int] = []
        self.unregistered: list[int] = []
        self.first_errors = list(first_errors or [])
        self.os = RecordingOS(w.TABLE, {
            "WTSRegisterSessionNotification": self.register,
            "WTSUnRegisterSessionNotification": self.unregister,
        })

    def register(self, hwnd: int, flags: int) -> int:
        assert flags == w.NOTIFY_FOR_THIS_SESSION
        if self.first_errors:
            return self.os.fail(self.first_errors.pop(0))
        self.registered.append(hwnd)
        return 1

    def unregister(self, hwnd: int) -> int:
        if hwnd not in self.registered:
            return self.os.fail(w.ERROR_INVALID_PARAMETER)
        self.registered.remove(hwnd)
        self.unregistered.append(hwnd)
        return 1


def message(hwnd: int, wparam: int, msg: int = w.WM_WTSSESSION_CHANGE) -> w.MSG:
    return w.MSG(hwnd=hwnd, message=msg, wParam=wparam, lParam=1)  # lParam: the session id


@pytest.fixture
def autolock(qapp: QApplication, make_ctx: Callable[..., Any]) -> Iterator[Callable[[FakeWts], AutoLockFeature]]:  # noqa: F811
    made: list[AutoLockFeature] = []

    def build(wts: FakeWts) -> AutoLockFeature:
        clock = FakeClock()
        host, services = make_desk(make_ctx(), qapp, hotkeys=NullHotkeyService("no hotkeys in this test"),
                                   clock=clock, idle_source=FakeIdleSource(clock), lock_probe=lambda: None,
                                   locker=SessionLocker([]), session_event_bindings=wts.os)
        feature = AutoLockFeature(host, services)
        host.add_feature(feature)
        made.append(feature)
        return feature

    yield build
    for feature in made:
        feature.stop()


def deliver(feature: AutoLockFeature, msg: w.MSG, event_type: bytes = b"windows_generic_MSG") -> None:
    assert feature.session_events is not None
    # PySide6 hands the filter the MSG's address as a shiboken6.VoidPtr.
    handled = feature.session_events.nativeEventFilter(event_type, shiboken6.VoidPtr(ctypes.addressof(msg)))
    assert handled == (False, 0)  # the message goes on to Qt


def test_win_l_and_the_unlock_reach_the_auto_lock_and_the_session_signals(autolock: Any) -> None:
    wts = FakeWts()
    feature = autolock(wts)
    seen: list[str] = []
    feature.services.session.locked.connect(lambda backend: seen.append(f"locked:{backend}"))
    feature.services.session.unlocked.connect(lambda: seen.append("unlocked"))
    feature.start()
    [hwnd] = wts.registered
    assert hwnd and feature.session_events is not None
    assert hwnd == int(feature.session_events._window.winId())  # type: ignore[union-attr]

    deliver(feature, message(hwnd, w.WTS_SESSION_LOCK))
    assert feature.machine.state is LockState.LOCKED and seen == ["locked:external"]
    deliver(feature, message(hwnd, w.WTS_SESSION_UNLOCK))
    assert feature.machine.state is LockState.WATCHING and seen == ["locked:external", "unlocked"]
    [check] = [c for c in feature.self_test() if c.name == "session-events"]
    assert check.ok and "locked or unlocked" in check.detail

    feature.stop()
    assert wts.unregistered == [hwnd] and wts.registered == []  # undone before the window goes


def test_other_session_changes_and_other_messages_are_not_a_lock(autolock: Any) -> None:
    wts = FakeWts()
    feature = autolock(wts)
    feature.start()
    [hwnd] = wts.registered
    WTS_SESSION_LOGON, WTS_REMOTE_CONNECT, WM_TIMER = 0x5, 0x3, 0x0113
    deliver(feature, message(hwnd, WTS_SESSION_LOGON))
    deliver(feature, message(hwnd, WTS_REMOTE_CONNECT))
    deliver(feature, message(hwnd, w.WTS_SESSION_LOCK, msg=WM_TIMER))
    deliver(feature, message(hwnd, w.WTS_SESSION_LOCK), event_type=b"xcb_generic_event_t")
    assert feature.machine.state is LockState.WATCHING


def test_too_early_at_login_registration_is_tried_again(autolock: Any, qtbot: Any,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(session_events, "RETRY_MS", 20)
    wts = FakeWts(first_errors=[w.RPC_S_INVALID_BINDING])
    feature = autolock(wts)
    feature.start()
    [check] = [c for c in feature.self_test() if c.name == "session-events"]
    assert not check.ok and "not started yet" in check.detail
    qtbot.waitUntil(lambda: bool(wts.registered))
    assert feature.session_events is not None and feature.session_events.capability.available


def test_a_registration_refused_for_good_is_reported_not_retried(autolock: Any) -> None:
    ERROR_ACCESS_DENIED = 5
    wts = FakeWts(first_errors=[ERROR_ACCESS_DENIED])
    feature = autolock(wts)
    feature.start()
    [check] = [c for c in feature.self_test() if c.name == "session-events"]
    assert not check.ok and "error 5" in check.detail
    assert feature.session_events is not None and not feature.session_events._retry.isActive()
    assert feature.machine.state is LockState.WATCHING  # the polled probe still works

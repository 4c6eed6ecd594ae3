"""The self-check dialog and tray feature with qtbot: the real Qt clipboard, fake platform data."""

from __future__ import annotations

import datetime as dt
import stat
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QCheckBox, QLabel, QPushButton

from assistant.capability import Capability
from assistant.hotkeys import HotkeyHandle, parse_hotkey
from assistant.idle import NullIdleSource
from assistant.locking import SessionLocker
from assistant.locking.commands import CustomCommandBackend
from assistant.selfcheck import Platform, Trigger, build_probes
from assistant.selfcheck.app_windows import WindowInfo
from assistant.selfcheck.flow import SelfCheckFlow
from assistant.selfcheck.printing import PrintJob
from assistant.selfcheck.removable import SysfsRemovableDrives
from tests.ui.desk import make_desk
from tests.unit.selfcheck.fakes import FakeSys, FakeWindows, resident_id
from ui.selfcheck import SelfCheckFeature
from ui.selfcheck.dialog import SelfCheckDialog
from ui.selfcheck.lock_request import AutoLockRequest, LockRequest
from ui.selfcheck.qt_clipboard import QtClipboardText
from ui.selfcheck.reminder import ShiftEndReminder
from ui.tray import TrayHost

# The offscreen platform cannot do these; the dialogs work the same without them.
pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support (propagateSizeHints|raise)")


class FakeLockRequest(LockRequest):
    def __init__(self, locks: bool = True) -> None:
        super().__init__()
        self.locks = locks
        self.calls = 0

    def lock(self) -> None:
        self.calls += 1
        QTimer.singleShot(0, lambda: self.finished.emit(self.locks, "fake-locker" if self.locks else "no"))


class FakeQueue:
    name = "fake"
    capability = Capability.works()

    def __init__(self, jobs: list[PrintJob] | None = None) -> None:
        self.jobs = jobs or []

    def waiting_jobs(self, user: str) -> list[PrintJob] | None:
        return list(self.jobs)


@pytest.fixture
def clipboard(qapp):  # type: ignore[no-untyped-def]
    board = QGuiApplication.clipboard()
    board.clear()
    yield board
    board.clear()


@pytest.fixture
def platform(tmp_path: Path) -> Platform:
    fake = FakeSys(tmp_path)
    fake.disk("sda", FakeSys.SATA_PARENT, removable=False)
    return Platform(clipboard=QtClipboardText(), drives=SysfsRemovableDrives(fake.root, fake.mounts),
                    print_queue=FakeQueue(), windows=FakeWindows([WindowInfo(1, "Editor")]))


def make_dialog(qtbot, ctx, platform: Platform, end_of_shift: bool = False,  # type: ignore[no-untyped-def]
                locker: LockRequest | None = None, extra: tuple[str, ...] = ()) -> SelfCheckDialog:
    flow = SelfCheckFlow(ctx.audit, end_of_shift=end_of_shift, trigger=Trigger.TRAY,
                         probes=build_probes(ctx.settings, end_of_shift, platform), extra_items=extra)
    dialog = SelfCheckDialog(flow, locker or FakeLockRequest())
    qtbot.addWidget(dialog)
    dialog.show()
    with qtbot.waitSignal(dialog.checks_done, timeout=10_000):
        dialog.start_checks()
    return dialog


def outcome(dialog: SelfCheckDialog, name: str) -> str:
    return str(dialog.findChild(QLabel, f"mark-{name}").property("outcome"))


def confirm_all(dialog: SelfCheckDialog) -> None:
    for box in dialog.confirmations.values():
        box.setChecked(True)


def test_items_listed_for_leaving_the_desk(qtbot, make_ctx, platform, clipboard) -> None:  # type: ignore[no-untyped-def]
    dialog = make_dialog(qtbot, make_ctx(), platform)
    assert dialog.windowTitle() == "Leaving my desk"
    boxes = [b.text().replace("&", "") for b in dialog.findChildren(QCheckBox)]
    assert boxes == ["Paper documents put away or face down", "Printouts collected",
                     "Valuables locked away"]
    for name in ("clipboard", "removable_storage", "print_queue"):
        assert outcome(dialog, name) == "passed"
    assert dialog.findChild(QLabel, "mark-customer_apps") is None


def test_end_of_shift_adds_items_and_policy_extras(qtbot, make_ctx, platform, clipboard) -> None:  # type: ignore[no-untyped-def]
    ctx = make_ctx(policy='[selfcheck]\ncustomer_app_patterns = ["CRM"]\nextra_items = ["门禁卡已交还"]\n')
    platform.windows = FakeWindows([WindowInfo(5, f"CRM 客户 {resident_id()}")])
    dialog = make_dialog(qtbot, ctx, platform, end_of_shift=True, extra=tuple(ctx.settings.selfcheck.extra_items))
    assert dialog.windowTitle() == "End of shift"
    boxes = [b.text().replace("&", "") for b in dialog.findChildren(QCheckBox)]
    for text in ("Electrical equipment switched off", "Files archived", "Doors and windows closed",
                 "All applications closed", "门禁卡已交还"):
        assert text in boxes
    assert outcome(dialog, "customer_apps") == "failed"
    detail = dialog.findChild(QLabel, "detail-customer_apps").text()
    assert "CRM" in detail and resident_id() not in detail
    fix = dialog.findChild(QPushButton, "fix-customer_apps")
    assert fix.isVisible()
    with qtbot.waitSignal(dialog.checks_done, timeout=10_000):
        fix.click()
    assert platform.windows.closed == [5]  # type: ignore[union-attr]
    assert outcome(dialog, "customer_apps") == "passed"


def test_fix_button_clears_the_clipboard(qtbot, make_ctx, platform, clipboard) -> None:  # type: ignore[no-untyped-def]
    clipboard.setText(f"身份证号 {resident_id()}")
    dialog = make_dialog(qtbot, make_ctx(), platform)
    assert outcome(dialog, "clipboard") == "failed"
    detail = dialog.findChild(QLabel, "detail-clipboard").text()
    assert "Resident ID number" in detail and resident_id() not in detail
    # The failed item's line names the problem; it does not read like a pass.
    title = dialog.findChild(QLabel, "title-clipboard")
    assert title.text() == "Customer information is still on the clipboard"
    fix = dialog.findChild(QPushButton, "fix-clipboard")
    assert fix.isVisible() and fix.text().replace("&", "") == "Clear clipboard"
    fix.click()
    qtbot.waitUntil(lambda: outcome(dialog, "clipboard") == "passed", timeout=5000)
    assert clipboard.text() == ""
    assert not fix.isVisible()
    assert title.text() == "No customer information on the clipboard"


def test_lock_and_go_enabled_only_when_everything_passes(qtbot, make_ctx, platform, clipboard) -> None:  # type: ignore[no-untyped-def]
    clipboard.setText(resident_id())
    dialog = make_dialog(qtbot, make_ctx(), platform)
    lock = dialog.findChild(QPushButton, "selfcheck-lock-and-go")
    anyway = dialog.findChild(QPushButton, "selfcheck-lock-anyway")
    assert not lock.isEnabled() and anyway.isVisible() and anyway.isEnabled()
    confirm_all(dialog)
    assert not lock.isEnabled()  # the clipboard still fails
    dialog.findChild(QPushButton, "fix-clipboard").click()
    qtbot.waitUntil(lock.isEnabled, timeout=5000)
    assert not anyway.isVisible()
    dialog.confirmations["paper_away"].setChecked(False)
    assert not lock.isEnabled()
    assert "Items still open: 1" in dialog.status.text()


def test_lock_and_go_locks_records_and_closes(qtbot, make_ctx, platform, clipboard) -> None:  # type: ignore[no-untyped-def]
    ctx = make_ctx()
    locker = FakeLockRequest()
    dialog = make_dialog(qtbot, ctx, platform, locker=locker)
    confirm_all(dialog)
    with qtbot.waitSignal(dialog.report_recorded, timeout=5000) as recorded:
        dialog.findChild(QPushButton, "selfcheck-lock-and-go").click()
    assert locker.calls == 1
    assert recorded.args[0].completed
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)
    events = ctx.audit.query(kinds=["selfcheck.completed"])
    assert len(events) == 1
    details = events[0].details
    assert details["locked"] is True and details["completed"] is True and details["failed"] == 0
    assert details["items"][-1] == {"name": "screen_locked", "ok": True, "detail": "locked by fake-locker"}


def test_closing_without_completing_is_recorded_for_the_supervisor(qtbot, make_ctx, platform, clipboard) -> None:  # type: ignore[no-untyped-def]
    ctx = make_ctx()
    clipboard.setText(resident_id())
    dialog = make_dialog(qtbot, ctx, platform)
    dialog.confirmations["paper_away"].setChecked(True)
    with qtbot.waitSignal(dialog.report_recorded, timeout=5000):
        dialog.findChild(QPushButton, "selfcheck-close").click()
    details = ctx.audit.query(kinds=["selfcheck.completed"])[-1].details
    assert details["ending"] == "closed" and details["locked"] is False
    assert set(details["failed_items"]) == {"clipboard", "printouts_collected", "valuables_locked",
                                            "screen_locked"}
    assert resident_id() not in str(details)


def test_lock_failure_says_so_and_keeps_the_dialog(qtbot, make_ctx, platform, clipboard) -> None:  # type: ignore[no-untyped-def]
    ctx = make_ctx()
    dialog = make_dialog(qtbot, ctx, platform, locker=FakeLockRequest(locks=False))
    confirm_all(dialog)
    with qtbot.waitSignal(dialog.report_recorded, timeout=5000):
        dialog.findChild(QPushButton, "selfcheck-lock-and-go").click()
    assert dialog.isVisible() and "could not be locked" in dialog.status.text()
    assert ctx.audit.query(kinds=["selfcheck.completed"])[-1].details["ending"] == "lock_failed"


# -- the feature -----------------------------------------------------------------------------
class FakeHotkeys:
    name = "fake"

    def __init__(self) -> None:
        self.callbacks: dict[str, Any] = {}

    def register(self, spec: str, callback: Any) -> HotkeyHandle:
        self.callbacks[spec] = callback
        return HotkeyHandle.new(parse_hotkey(spec))

    def unregister(self, handle: HotkeyHandle) -> None:
        self.callbacks = {k: v for k, v in self.callbacks.items() if parse_hotkey(k) != handle.hotkey}

    def close(self) -> None:
        self.callbacks.clear()


def menu_actions(host: TrayHost) -> dict[str, Any]:
    host.menu.aboutToShow.emit()
    return {a.objectName(): a for a in host.menu.actions() if a.objectName()}


def make_feature(qapp, ctx, platform, **kwargs):  # type: ignore[no-untyped-def]
    hotkeys = FakeHotkeys()
    host, services = make_desk(ctx, qapp, hotkeys=hotkeys)
    notes: list[tuple[str, str]] = []
    host.notify = lambda title, text: notes.append((title, text))  # type: ignore[method-assign]
    feature = SelfCheckFeature(host, services, platform=platform,
                               lock_request=FakeLockRequest, **kwargs)
    host.add_feature(feature)
    feature.start()
    return host, feature, hotkeys, notes


def test_tray_entries_and_hotkey_open_the_check(qtbot, qapp, make_ctx, platform, clipboard) -> None:  # type: ignore[no-untyped-def]
    host, feature, hotkeys, _ = make_feature(qapp, make_ctx(), platform)
    actions = menu_actions(host)
    assert actions["selfcheck-leaving"].text().startswith("Leaving my desk…")
    assert "Ctrl+Alt+Shift+D" in actions["selfcheck-leaving"].text()
    assert actions["selfcheck-end-of-shift"].text() == "End of shift…"
    actions["selfcheck-end-of-shift"].trigger()
    dialog = feature.dialog
    assert dialog is not None and dialog.end_of_shift and dialog.isVisible()
    with qtbot.waitSignal(dialog.report_recorded, timeout=5000):
        dialog.close()
    qtbot.waitUntil(lambda: feature.dialog is None, timeout=5000)
    hotkeys.callbacks["<ctrl>+<alt>+<shift>+d"]()  # as the hotkey thread would
    qtbot.waitUntil(lambda: feature.dialog is not None, timeout=5000)
    assert not feature.dialog.end_of_shift and feature.dialog.trigger is Trigger.HOTKEY
    feature.dialog.close()
    feature.stop()


def test_turned_off_by_policy_means_no_entries(qapp, make_ctx, platform) -> None:  # type: ignore[no-untyped-def]
    host, feature, hotkeys, _ = make_feature(qapp, make_ctx(policy="[selfcheck]\nenabled = false\n"), platform)
    assert "selfcheck-leaving" not in menu_actions(host)
    assert not hotkeys.callbacks and feature.reminder.next_at is None
    assert feature.open_check(False) is None
    feature.stop()


def test_shift_end_reminder_notifies_and_opens_the_end_of_shift_check(qtbot, qapp, make_ctx, platform, clipboard) -> None:  # type: ignore[no-untyped-def]
    now = [dt.datetime(2026, 11, 27, 17, 59, 59, 900_000).astimezone()]  # a Friday
    reminder = ShiftEndReminder(now=lambda: now[0])
    ctx = make_ctx(policy='[selfcheck]\nshift_end = "18:00"\nshift_end_weekdays = [5]\n')
    _host, feature, _, notes = make_feature(qapp, ctx, platform, reminder=reminder)
    assert reminder.next_at == dt.datetime(2026, 11, 27, 18, 0).astimezone()
    assert reminder.timer.isActive() and reminder.timer.isSingleShot() and reminder.timer.interval() == 100
    assert any("18:00" in line for line in feature.status_lines())
    with qtbot.waitSignal(reminder.due, timeout=5000):
        now[0] = now[0] + dt.timedelta(seconds=0.1)
    assert notes and notes[0][0] == "End of shift"
    assert feature.dialog is not None and feature.dialog.end_of_shift
    assert feature.dialog.trigger is Trigger.REMINDER
    assert reminder.next_at == dt.datetime(2026, 12, 4, 18, 0).astimezone()  # next Friday
    feature.dialog.close()
    feature.stop()


def test_lock_request_goes_through_the_autolock_when_it_runs(qtbot, qapp, make_ctx) -> None:  # type: ignore[no-untyped-def]
    from assistant.locking import LockOutcome

    _host, services = make_desk(make_ctx(), qapp)
    asked: list[str] = []

    def lock_now() -> bool:  # what the auto-lock does: its machine locks through the locker
        asked.append("lock")
        QTimer.singleShot(0, lambda: services.locker.finished.emit(LockOutcome(True, "loginctl", True),
                                                                   "manual"))
        return True

    services.locker.handle_lock_now(lock_now)
    request = AutoLockRequest(services.locker)
    with qtbot.waitSignal(request.finished, timeout=5000) as done:
        request.lock()
    assert done.args == [True, "loginctl"] and asked == ["lock"]


def test_lock_request_without_the_autolock_runs_the_lock_backends(qtbot, qapp, make_ctx, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    record = tmp_path / "locked.txt"
    script = tmp_path / "lock.sh"
    script.write_text(f'#!/bin/sh\necho locked >> "{record}"\n')
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    _host, services = make_desk(make_ctx(), qapp, lock_probe=lambda: None,
                                locker=SessionLocker([CustomCommandBackend(str(script), {})]))
    request = AutoLockRequest(services.locker)
    with qtbot.waitSignal(request.finished, timeout=15_000) as done:
        request.lock()
    assert done.args == [True, "lock_command"] and record.read_text() == "locked\n"


def test_lock_and_go_runs_the_real_autolock_with_the_policy_command(qtbot, qapp, make_ctx, platform, clipboard, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from ui.autolock import AutoLockFeature as RealAutoLock

    record = tmp_path / "locked.txt"
    script = tmp_path / "lock.sh"
    script.write_text(f'#!/bin/sh\ndate +%s >> "{record}"\n')
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    ctx = make_ctx()
    host, services = make_desk(ctx, qapp, idle_source=NullIdleSource("test"), lock_probe=None,
                               locker=SessionLocker([CustomCommandBackend(str(script), {})]),
                               hotkeys=FakeHotkeys())
    autolock = RealAutoLock(host, services)
    host.add_feature(autolock)
    dialog = make_dialog(qtbot, ctx, platform, locker=AutoLockRequest(services.locker))
    confirm_all(dialog)
    with qtbot.waitSignal(dialog.report_recorded, timeout=15_000) as recorded:
        dialog.findChild(QPushButton, "selfcheck-lock-and-go").click()
    assert recorded.args[0].locked and recorded.args[0].lock_backend == "lock_command"
    assert record.read_text().strip()
    kinds = [e.kind for e in ctx.audit.query()]
    assert "lock.locked" in kinds and kinds.index("lock.locked") < kinds.index("selfcheck.completed")
    autolock.stop()

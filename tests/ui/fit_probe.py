"""Opens every window and dialog of the agent's app and the supervisor console in one language
and prints, as JSON, each text that would be cut (see ``widget_fit``).

Run in its own process, since the scale (``QT_SCALE_FACTOR``) and the language are fixed when
Qt starts:  QT_QPA_PLATFORM=offscreen QT_SCALE_FACTOR=1.5 python -m tests.ui.fit_probe zh_CN
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QTabWidget, QWidget

from tests.ui.widget_fit import clipped_texts

Found = dict[str, list[str]]


def settle() -> None:
    for _ in range(3):
        QCoreApplication.processEvents()


def look(found: Found, name: str, window: QWidget, framed: bool = True) -> None:
    window.show()
    settle()
    problems = clipped_texts(window, framed)
    tabs = [t for t in window.findChildren(QTabWidget) if t.isVisibleTo(window)]
    for tab_widget in tabs:
        for index in range(tab_widget.count()):
            tab_widget.setCurrentIndex(index)
            settle()
            problems += [f"[{tab_widget.tabText(index)}] {p}" for p in clipped_texts(window, False)]
    if problems:
        found[name] = sorted(set(problems))


class _NoPins:
    """A PIN store with nothing set (or something set): the dialog only asks whether."""

    def __init__(self, has_pin: bool) -> None:
        self.has_pin = has_pin

    def is_set(self) -> bool:
        return self.has_pin

    def check(self, pin: str) -> object:
        from assistant.panic.kinds import PinCheck

        return PinCheck.WRONG

    def change(self, *args: object) -> None:
        raise AssertionError("not saved in this probe")


def agent_windows(found: Found, base: Path) -> None:
    from assistant.breaks import BreakKind
    from assistant.clipboard import FindingSummary
    from assistant.context import AppContext
    from assistant.panic.kinds import PinCheck
    from assistant.panic.service import RaisedAlert
    from pii import FindingKind
    from protocol.kinds import EventKind
    from ui.about_dialog import AboutDialog
    from ui.autolock.curtain import CurtainWindow
    from ui.autolock.warning import LockWarning
    from ui.breaks.breathing_window import BreathingWindow
    from ui.breaks.eye_card import EyeBreakCard
    from ui.breaks.rest_overlay import RestOverlaySet
    from ui.breaks.stretches import stretch_for
    from ui.clipboard.toast import ClipboardToast
    from ui.panic.note_dialog import IncidentNoteDialog
    from ui.panic.safe_dialog import SafeDialog
    from ui.panic.set_pin_dialog import SetPinDialog
    from ui.problems_dialog import ProblemsDialog
    from ui.settings_dialog import SettingsDialog

    policy = base / "policy.toml"
    policy.write_text('[autolock]\nidle_timeout_s = { value = 300, locked = true }\n'
                      '[breaks]\nnot_a_key = 1\n', encoding="utf-8")
    ctx = AppContext.create(str(base / "agent"), str(policy))
    windows: list[QWidget] = []

    def keep(window: QWidget) -> QWidget:
        windows.append(window)
        return window

    for has_pin in (False, True):
        settings = keep(SettingsDialog(ctx, pins=_NoPins(has_pin)))  # type: ignore[arg-type]
        look(found, f"settings (PIN set: {has_pin})", settings)
        for section, field in (("panic", "pin-panic"), ("relay", "pin-relay")):
            gate = settings.pin_gates[section].findChild(QLineEdit, field)
            if gate is not None:  # a wrong PIN: the error line must fit
                gate.setText("0000")
                settings._unlock(section, gate, settings.pin_gates[section].findChild(QLabel, f"pin-error-{section}"))
        mode = settings.editors[("breaks", "mode")]
        mode.setCurrentIndex(mode.findData("pomodoro"))  # type: ignore[attr-defined]
        look(found, f"settings, wrong PIN, pomodoro (PIN set: {has_pin})", settings)
    look(found, "about", keep(AboutDialog(ctx)))
    look(found, "problems", keep(ProblemsDialog(ctx.resolved.problems)))

    for answer in (PinCheck.WRONG, PinCheck.NOT_SET):
        safe = keep(SafeDialog(lambda _pin, a=answer: a))
        look(found, "i'm safe", safe)
        safe.pin.setText("1234")
        safe.submit()
        look(found, f"i'm safe: {answer.name.lower()}", safe)

    for has_pin in (False, True):
        set_pin = keep(SetPinDialog(_NoPins(has_pin)))  # type: ignore[arg-type]
        look(found, f"set PIN (PIN set: {has_pin})", set_pin)
        set_pin.new.setText("1234")
        set_pin.repeat.setText("4321")
        set_pin.submit()
        look(found, f"set PIN: PINs differ (PIN set: {has_pin})", set_pin)

    alarm = RaisedAlert("e1", EventKind.PANIC_ALERT,
                        "hotkey", dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC))
    look(found, "incident note", keep(IncidentNoteDialog([alarm], lambda *_: None)))
    look(found, "incident note: no alarm", keep(IncidentNoteDialog([], lambda *_: None)))

    look(found, "eye break", keep(EyeBreakCard(20)), framed=False)
    screen = QGuiApplication.primaryScreen()
    for postpones in (0, 2):
        rest = RestOverlaySet(BreakKind.REST, 600, 300, postpones, True, stretch_for(0))
        rest.show()
        for index, overlay in enumerate(rest.overlays):
            look(found, f"rest break ({postpones} postpones) {index}", overlay, framed=False)
        rest.close()
    look(found, "breathing", keep(BreathingWindow()))
    warning = keep(LockWarning())
    warning.start(30)
    look(found, "lock warning", warning, framed=False)
    for not_locked in (False, True):
        curtain = keep(CurtainWindow(screen))
        curtain.set_not_locked(not_locked)
        look(found, f"curtain (not locked: {not_locked})", curtain, framed=False)

    toast = keep(ClipboardToast())
    toast.show_warning(FindingSummary((FindingKind.CN_RESIDENT_ID, FindingKind.BANK_CARD),
                                      ("110***********002X", "6222********0121"), 2))
    look(found, "clipboard toast: two kinds", toast, framed=False)
    toast.hide()
    toast.show_warning(FindingSummary((FindingKind.CN_MOBILE,), ("138****5678",), 1))
    look(found, "clipboard toast: one kind", toast, framed=False)
    selfcheck_windows(found, ctx, keep)
    for window in windows:
        window.hide()
    ctx.audit.close()


def selfcheck_windows(found: Found, ctx: object, keep: Callable[[QWidget], QWidget]) -> None:
    from assistant.selfcheck import Platform, Trigger, build_probes
    from assistant.selfcheck.app_windows import WindowInfo
    from assistant.selfcheck.flow import SelfCheckFlow
    from tests.unit.selfcheck.fakes import FakeClipboard, FakeWindows, resident_id
    from ui.selfcheck.dialog import SelfCheckDialog
    from ui.selfcheck.lock_request import LockRequest

    class Queue:
        name = "fake"

        def waiting_jobs(self, user: str) -> list[object]:
            return []

    class Drives:
        name = "fake"

        def drives(self) -> list[object]:
            return []

    for end_of_shift in (False, True):
        clipboard = FakeClipboard(f"客户 {resident_id()}")
        platform = Platform(clipboard=clipboard, drives=Drives(), print_queue=Queue(),  # type: ignore[arg-type]
                            windows=FakeWindows([WindowInfo(5, "CRM 客户")]))
        settings = ctx.settings  # type: ignore[attr-defined]
        flow = SelfCheckFlow(ctx.audit, end_of_shift=end_of_shift, trigger=Trigger.TRAY,  # type: ignore[attr-defined]
                             probes=build_probes(settings, end_of_shift, platform))
        dialog = SelfCheckDialog(flow, LockRequest())
        keep(dialog)
        dialog.show()
        dialog.start_checks()
        wait_until(lambda d=dialog: not d.state.checking)
        name = "end of shift" if end_of_shift else "leaving my desk"
        look(found, f"{name}: problems found", dialog)
        size = dialog.size()
        dialog.fix("clipboard")
        wait_until(lambda d=dialog: not d.state.checking)
        look(found, f"{name}: after clearing the clipboard", dialog)
        if dialog.size() != size:
            found.setdefault(f"{name}: after clearing the clipboard", []).append(
                f"the dialog changed size from {size.width()}×{size.height()} to "
                f"{dialog.width()}×{dialog.height()}")


def wait_until(done: Callable[[], bool], rounds: int = 2000) -> None:
    import time

    for _ in range(rounds):
        QCoreApplication.processEvents()
        if done():
            return
        time.sleep(0.005)
    raise TimeoutError("the windows did not settle")


def supervisor_windows(found: Found) -> None:
    from protocol.views import AlertRecord
    from ui.supervisor.alarm_window import AlarmWindows
    from ui.supervisor.login_dialog import LoginDialog
    from ui.supervisor.main_window import SupervisorWindow
    from ui.supervisor.resolve_dialog import ResolveDialog

    login = LoginDialog("https://relay.example:8443", "wang")
    look(found, "console login", login)
    login.show_error(QCoreApplication.translate("LoginDialog", "Enter your name and password."))
    look(found, "console login: error", login)
    login.hide()
    main = SupervisorWindow("https://relay.example:8443", "wang")
    look(found, "console", main)
    main.hide()

    def view(alert_id: str, kind: str, second: int, **extra: object) -> AlertRecord:
        return AlertRecord.from_json({"id": alert_id, "kind": kind, "state": "open", "seat": "A-17",
                                      "agent_name": "张三丰", "workstation": "DESK-PC-0017",
                                      "trigger": "hotkey",
                                      "received_at": f"2026-03-02T09:00:{second:02d}+00:00", **extra})

    alarms = AlarmWindows(screens=lambda: [QGuiApplication.primaryScreen()])
    alarms.sync([view("a1", "panic.alert", 0)])
    look(found, "alarm: one", alarms.screen_windows[0])
    alarms.sync([view("a1", "panic.alert", 0), view("b2", "panic.test", 5),
                 view("c3", "panic.alert", 9, duress=True)])
    look(found, "alarm: three", alarms.screen_windows[0])
    alarms.sync([view("a1", "panic.alert", 0, state="acknowledged", acknowledged_by="zhao")])
    look(found, "alarm: acknowledged", alarms.screen_windows[0])
    resolve = ResolveDialog(view("a1", "panic.alert", 0))
    look(found, "resolve", resolve)
    resolve.hide()
    alarms.close_all()


def probe(language: str) -> Iterator[tuple[str, list[str]]]:
    from ui.design import apply_app_font
    from ui.i18n import install_translator

    app = QApplication.instance() or QApplication([sys.argv[0]])
    font = apply_app_font(app)  # type: ignore[arg-type]
    text_scale = float(os.environ.get("FIT_PROBE_TEXT_SCALE", "1"))
    if text_scale != 1:  # the desktop's "larger text" setting, on top of the screen's scale
        font.setPointSizeF(font.pointSizeF() * text_scale)
        app.setFont(font)  # type: ignore[union-attr]
    install_translator(app, language)  # type: ignore[arg-type]
    found: Found = {}
    with tempfile.TemporaryDirectory() as tmp:
        agent_windows(found, Path(tmp))
        supervisor_windows(found)
    yield from sorted(found.items())


def main() -> int:
    language = sys.argv[1] if len(sys.argv) > 1 else "en"
    print(json.dumps(dict(probe(language)), ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The clipboard guard on Qt's in-process clipboard (offscreen): mask, HTML, warn toast,
clear, background scans, supersession and own writes. Waits on signals, never sleeps."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import QMimeData, Qt, QTimer
from PySide6.QtGui import QClipboard, QGuiApplication

from assistant.clipboard import ClipboardAction, ClipboardPolicy, FindingSummary
from assistant.context import AppContext
from pii import Finding, FindingKind, scan
from tests.clipboard.identifiers import bank_card, grouped, mobile, resident_id
from tests.ui.desk import make_desk
from ui.clipboard.feature import ClipboardFeature
from ui.clipboard.guard import ClipboardGuard

# The offscreen platform cannot restack or size-hint windows, which the toast asks of it.
pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support (propagateSizeHints|raise)")

CARD = bank_card()
RID = resident_id()
PHONE = mobile()


@pytest.fixture
def clipboard(qapp) -> Iterator[QClipboard]:  # type: ignore[no-untyped-def]
    board = QGuiApplication.clipboard()
    board.clear()
    yield board
    board.clear()


@pytest.fixture
def make_guard(qtbot, clipboard: QClipboard, make_ctx) -> Iterator[Callable[..., ClipboardGuard]]:  # type: ignore[no-untyped-def]
    made: list[ClipboardGuard] = []

    def make(action: ClipboardAction = ClipboardAction.MASK, scanner: Callable[[str], list[Finding]] = scan,
             **policy: object) -> ClipboardGuard:
        ctx: AppContext = make_ctx()
        guard = ClipboardGuard(clipboard, ClipboardPolicy(action=action, **policy),  # type: ignore[arg-type]
                               audit=ctx.audit, scanner=scanner)
        guard.audit_for_test = ctx.audit  # type: ignore[attr-defined]
        made.append(guard)
        guard.start()
        return guard

    yield make
    for guard in made:
        guard.stop()


def audit_kinds(guard: ClipboardGuard) -> list[str]:
    return [e.kind for e in guard.audit_for_test.query()]  # type: ignore[attr-defined]


def audit_text(guard: ClipboardGuard) -> str:
    return repr([e.as_json() for e in guard.audit_for_test.query()])  # type: ignore[attr-defined]


def test_mask_mode_replaces_the_number_at_once(qtbot, clipboard, make_guard) -> None:  # type: ignore[no-untyped-def]
    guard = make_guard(ClipboardAction.MASK)
    with qtbot.waitSignal(guard.masked, timeout=5000) as masked:
        clipboard.setText(f"客户银行卡号：{CARD}，请核对")
    text = clipboard.text()
    assert CARD not in text and text.startswith("客户银行卡号：") and text.endswith(CARD[-4:] + "，请核对")
    assert masked.args[0].kinds == (FindingKind.BANK_CARD,)
    assert audit_kinds(guard) == ["clipboard.found", "clipboard.masked"]
    assert CARD not in audit_text(guard) and "*" + CARD[-4:] in audit_text(guard)


def test_own_write_is_not_scanned_again(qtbot, clipboard, make_guard) -> None:  # type: ignore[no-untyped-def]
    guard = make_guard(ClipboardAction.MASK)
    scans: list[int] = []
    guard.scan_started.connect(scans.append)
    with qtbot.waitSignal(guard.skipped, timeout=5000,
                          check_params_cb=lambda why: why == "own_write"):
        clipboard.setText(f"手机 {PHONE}")
    assert len(scans) == 1
    assert PHONE not in clipboard.text()
    # Copying the same number again is a new copy: masked again.
    with qtbot.waitSignal(guard.masked, timeout=5000):
        clipboard.setText(f"手机 {PHONE}")
    assert len(scans) == 2 and PHONE not in clipboard.text()


def test_mask_mode_masks_html_and_drops_other_formats(qtbot, clipboard, make_guard) -> None:  # type: ignore[no-untyped-def]
    guard = make_guard(ClipboardAction.MASK)
    data = QMimeData()
    data.setText(f"身份证 {RID}")
    data.setHtml(f'<table><tr><td class="id">身份证</td><td title="{RID}">{RID}</td></tr></table>')
    data.setData("application/x-crm-record", f'{{"id": "{RID}"}}'.encode())
    data.setData("text/rtf", f"{{\\rtf1 {RID}}}".encode())
    with qtbot.waitSignal(guard.masked, timeout=5000):
        clipboard.setMimeData(data)
    mime = clipboard.mimeData()
    assert set(mime.formats()) == {"text/plain", "text/html"}
    assert RID not in mime.text() and RID not in mime.html()
    assert mime.html().startswith('<table><tr><td class="id">身份证</td><td title="110')
    assert mime.html().count("<td") == 2


def test_html_that_cannot_be_masked_for_sure_is_left_out(qtbot, clipboard, make_guard) -> None:  # type: ignore[no-untyped-def]
    guard = make_guard(ClipboardAction.MASK)
    data = QMimeData()
    data.setText(f"手机 {PHONE}")
    data.setHtml(f"<p>手机 <b>{PHONE[:3]}</b>{PHONE[3:]}</p>")  # split by a tag
    with qtbot.waitSignal(guard.masked, timeout=5000):
        clipboard.setMimeData(data)
    mime = clipboard.mimeData()
    assert mime.formats() == ["text/plain"] and PHONE not in mime.text()


def test_clean_text_is_left_alone(qtbot, clipboard, make_guard) -> None:  # type: ignore[no-untyped-def]
    guard = make_guard(ClipboardAction.MASK)
    with qtbot.waitSignal(guard.scan_finished, timeout=5000):
        clipboard.setText("订单 A-2026-1127 已发货")
    assert clipboard.text() == "订单 A-2026-1127 已发货"
    assert audit_kinds(guard) == []


def test_unwatched_kinds_are_left_alone(qtbot, clipboard, make_guard) -> None:  # type: ignore[no-untyped-def]
    guard = make_guard(ClipboardAction.MASK, kinds=frozenset({FindingKind.BANK_CARD}))
    with qtbot.waitSignal(guard.scan_finished, timeout=5000):
        clipboard.setText(f"手机 {PHONE}")
    assert clipboard.text() == f"手机 {PHONE}"


def test_clear_mode_empties_the_clipboard_after_the_delay(qtbot, clipboard, make_guard) -> None:  # type: ignore[no-untyped-def]
    guard = make_guard(ClipboardAction.CLEAR, clear_after_s=0.3)  # the policy minimum is 5 s
    with qtbot.waitSignal(guard.clear_scheduled, timeout=5000):
        clipboard.setText(f"卡号 {CARD}")
    assert CARD in clipboard.text()  # still there until the delay has passed
    with qtbot.waitSignal(guard.cleared, timeout=5000) as cleared:
        pass
    assert cleared.args == ["timer"]
    assert clipboard.text() == ""
    assert audit_kinds(guard) == ["clipboard.found", "clipboard.cleared"]
    assert CARD not in audit_text(guard)


def test_large_clipboard_is_scanned_while_the_gui_keeps_running(qtbot, clipboard, make_guard) -> None:  # type: ignore[no-untyped-def]
    """5 MB: the scan runs on a pool thread; the GUI thread keeps serving a timer meanwhile."""
    ticks = 0
    ticked = threading.Event()
    scan_threads: list[bool] = []
    gui_was_free: list[bool] = []

    def on_tick() -> None:
        nonlocal ticks
        ticks += 1
        if ticks >= 5:
            ticked.set()

    def watched_scan(text: str) -> list[Finding]:
        scan_threads.append(threading.current_thread() is threading.main_thread())
        ticked.clear()
        # While this scan is running, the GUI thread must still tick five times. If the scan
        # ran on the GUI thread (or blocked it), the event could never be set.
        gui_was_free.append(ticked.wait(timeout=20))
        return scan(text)

    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(on_tick)
    timer.start()
    guard = make_guard(ClipboardAction.MASK, scanner=watched_scan)
    filler = "客户来电咨询物流进度，已告知预计送达时间。Order note 2026. " * 140_000
    big = filler[:5_000_000] + f"\n回拨号码 {PHONE}\n"
    with qtbot.waitSignal(guard.masked, timeout=60_000):
        clipboard.setText(big)
    timer.stop()
    assert scan_threads and not any(scan_threads)
    assert gui_was_free and all(gui_was_free)
    text = clipboard.text()
    assert len(text) == len(big) and PHONE not in text


def test_a_newer_copy_supersedes_an_older_scan(qtbot, clipboard, make_guard) -> None:  # type: ignore[no-untyped-def]
    release = threading.Event()
    scanned: list[str] = []

    def gated_scan(text: str) -> list[Finding]:
        scanned.append(text[:2])
        if text.startswith("A:"):
            release.wait(timeout=20)  # the first scan is slow
        return scan(text)

    guard = make_guard(ClipboardAction.MASK, scanner=gated_scan)
    started: list[int] = []
    guard.scan_started.connect(started.append)
    with qtbot.waitSignal(guard.scan_started, timeout=5000):
        clipboard.setText(f"A: {CARD}")
    qtbot.waitUntil(lambda: scanned == ["A:"], timeout=5000)
    with qtbot.waitSignal(guard.scan_started, timeout=5000):
        clipboard.setText(f"B: {RID}")  # queued behind A
    with qtbot.waitSignal(guard.scan_started, timeout=5000):
        clipboard.setText(f"C: {PHONE}")  # takes B's place in the queue
    with qtbot.waitSignal(guard.masked, timeout=10_000) as masked:
        release.set()
    assert scanned == ["A:", "C:"]  # B was taken back before it ran
    assert masked.args[0].kinds == (FindingKind.CN_MOBILE,)
    assert clipboard.text().startswith("C: ") and PHONE not in clipboard.text()
    assert audit_kinds(guard) == ["clipboard.found", "clipboard.masked"]  # A's result dropped


# -- the tray feature: toast, menu, status, self-test -------------------------------------

@pytest.fixture
def feature_for(qtbot, clipboard, make_ctx) -> Iterator[Callable[[str], tuple[ClipboardFeature, list]]]:  # type: ignore[no-untyped-def]
    made: list[ClipboardFeature] = []

    def make(action: str, clear_after_s: int = 60) -> tuple[ClipboardFeature, list]:  # type: ignore[type-arg]
        ctx = make_ctx(settings=f'[general]\nlanguage = "en"\n[clipboard]\naction = "{action}"\n'
                                f"clear_after_s = {clear_after_s}\n")
        host, services = make_desk(ctx, QGuiApplication.instance())  # type: ignore[arg-type]
        notes: list[tuple[str, str]] = []
        host.notify = lambda title, text: notes.append((title, text))  # type: ignore[method-assign]
        feature = ClipboardFeature(host, services)
        host.add_feature(feature)
        feature.start()
        made.append(feature)
        return feature, notes

    yield make
    for feature in made:
        feature.stop()


def test_warn_mode_shows_the_toast_and_mask_now_masks(qtbot, clipboard, feature_for) -> None:  # type: ignore[no-untyped-def]
    feature, _ = feature_for("warn")
    assert feature.guard is not None
    with qtbot.waitSignal(feature.guard.warned, timeout=5000):
        clipboard.setText(f"卡号 {grouped(CARD)}")
    toast = feature.toast
    assert toast is not None
    qtbot.waitUntil(toast.isVisible, timeout=5000)
    assert toast.windowFlags() & Qt.WindowType.WindowDoesNotAcceptFocus
    assert toast.testAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
    body = toast.body.text()
    assert body.startswith("Bank card number: ") and CARD[-4:] in body
    assert CARD not in body.replace(" ", "")
    assert clipboard.text() == f"卡号 {grouped(CARD)}"  # warn mode: nothing changed yet
    with qtbot.waitSignal(feature.guard.masked, timeout=5000):
        qtbot.mouseClick(toast.mask_button, Qt.MouseButton.LeftButton)
    # The warning gives way to a confirmation of what the clipboard holds now.
    assert toast.isVisible() and not toast.asking
    assert toast.title.text() == "Customer data masked on the clipboard"
    assert toast.body.text().startswith("You can paste it now.\nBank card number: ")
    assert CARD not in toast.body.text().replace(" ", "")
    assert CARD not in clipboard.text().replace(" ", "") and clipboard.text().startswith("卡号 ****")
    assert "masked today: 1" in feature.status_line()


def test_warn_mode_keep_leaves_the_clipboard(qtbot, clipboard, feature_for) -> None:  # type: ignore[no-untyped-def]
    feature, _ = feature_for("warn")
    with qtbot.waitSignal(feature.guard.warned, timeout=5000):
        clipboard.setText(f"身份证 {RID}")
    qtbot.waitUntil(feature.toast.isVisible, timeout=5000)
    qtbot.mouseClick(feature.toast.keep_button, Qt.MouseButton.LeftButton)
    assert not feature.toast.isVisible()
    assert clipboard.text() == f"身份证 {RID}"
    kinds = [e.kind for e in feature.host.ctx.audit.query()]
    assert kinds == ["clipboard.found", "clipboard.kept"]


def test_a_new_copy_withdraws_the_toast(qtbot, clipboard, feature_for) -> None:  # type: ignore[no-untyped-def]
    feature, _ = feature_for("warn")
    with qtbot.waitSignal(feature.guard.warned, timeout=5000):
        clipboard.setText(f"身份证 {RID}")
    qtbot.waitUntil(feature.toast.isVisible, timeout=5000)
    with qtbot.waitSignal(feature.guard.warning_withdrawn, timeout=5000):
        clipboard.setText("好的，已为您登记。")
    assert not feature.toast.isVisible()


def test_menu_clear_now_empties_the_clipboard(qtbot, clipboard, feature_for) -> None:  # type: ignore[no-untyped-def]
    feature, _ = feature_for("clear")
    host = feature.host
    with qtbot.waitSignal(feature.guard.clear_scheduled, timeout=5000):
        clipboard.setText(f"卡号 {CARD}")
    host.menu.aboutToShow.emit()
    actions = {a.text(): a for a in host.menu.actions() if a.text()}
    assert "Clipboard guard: on (cleared today: 0)" in actions
    with qtbot.waitSignal(feature.guard.cleared, timeout=5000):
        actions["Clear clipboard now"].trigger()
    assert clipboard.text() == ""
    assert "cleared today: 1" in feature.status_line()
    host.refresh()
    assert "Clipboard guard: on (cleared today: 1)" in host.tray.toolTip()


def test_mask_mode_shows_a_note_with_the_masked_value_only(qtbot, clipboard, feature_for) -> None:  # type: ignore[no-untyped-def]
    feature, notes = feature_for("mask")
    with qtbot.waitSignal(feature.guard.masked, timeout=5000):
        clipboard.setText(f"电话 {PHONE}")
    toast = feature.toast
    assert toast is not None and toast.isVisible() and not toast.asking
    assert toast.title.text() == "Customer data masked on the clipboard"
    assert toast.body.text() == f"Mobile number: {PHONE[:3]}****{PHONE[-4:]}"
    assert toast.buttons.isHidden()
    # A run of copies updates the one note; nothing is stacked as desktop notifications.
    with qtbot.waitSignal(feature.guard.masked, timeout=5000):
        clipboard.setText(f"身份证 {RID}")
    assert toast.body.text().startswith("Resident ID number: 110")
    assert notes == []


def test_a_note_does_not_replace_a_waiting_warning(qtbot, clipboard, feature_for) -> None:  # type: ignore[no-untyped-def]
    feature, _ = feature_for("warn")
    with qtbot.waitSignal(feature.guard.warned, timeout=5000):
        clipboard.setText(f"身份证 {RID}")
    feature.toast.show_note("Something else", "text")
    assert feature.toast.asking and feature.toast.title.text() == "Customer data on the clipboard"


def test_clear_mode_note_says_when(qtbot, clipboard, feature_for) -> None:  # type: ignore[no-untyped-def]
    feature, _ = feature_for("clear", clear_after_s=30)
    with qtbot.waitSignal(feature.guard.clear_scheduled, timeout=5000):
        clipboard.setText(f"卡号 {CARD}")
    body = feature.toast.body.text()
    assert body.startswith("The clipboard will be cleared in 30 s.\nBank card number: ")
    assert CARD not in body


def test_no_note_when_notifications_are_off(qtbot, clipboard, make_ctx) -> None:  # type: ignore[no-untyped-def]
    ctx = make_ctx(settings='[general]\nnotifications = false\n[clipboard]\naction = "mask"\n')
    feature = ClipboardFeature(*make_desk(ctx, QGuiApplication.instance()))  # type: ignore[arg-type]
    feature.start()
    try:
        with qtbot.waitSignal(feature.guard.masked, timeout=5000):
            clipboard.setText(f"电话 {PHONE}")
        assert feature.toast is None and PHONE not in clipboard.text()
    finally:
        feature.stop()


def test_status_counts_todays_masks_from_the_audit_log(qtbot, clipboard, make_ctx) -> None:  # type: ignore[no-untyped-def]
    ctx = make_ctx(settings='[general]\nlanguage = "en"\n')
    ctx.audit.record("clipboard.masked", kinds=["bank_card"], masked=["****1234"], count=1)
    ctx.audit.record("clipboard.masked", kinds=["cn_mobile"], masked=["139****5678"], count=1)
    host, services = make_desk(ctx, QGuiApplication.instance())  # type: ignore[arg-type]
    feature = ClipboardFeature(host, services)
    feature.start()
    try:
        assert feature.status_line() == "Clipboard guard: on (masked today: 2)"
    finally:
        feature.stop()


def test_guard_off_by_settings(qtbot, clipboard, make_ctx) -> None:  # type: ignore[no-untyped-def]
    ctx = make_ctx(settings='[general]\nlanguage = "en"\n[clipboard]\nenabled = false\n')
    feature = ClipboardFeature(*make_desk(ctx, QGuiApplication.instance()))  # type: ignore[arg-type]
    feature.start()
    assert feature.guard is not None and not feature.guard.running
    assert feature.status_line() == "Clipboard guard: off"
    feature.stop()


def test_self_test_reads_the_clipboard(qtbot, clipboard, feature_for) -> None:  # type: ignore[no-untyped-def]
    feature, _ = feature_for("mask")
    clipboard.setText("hello")
    check, scanner = feature.self_test()
    assert check.name == "clipboard" and check.ok and not check.essential
    assert "readable" in check.detail and "hello" not in check.detail
    assert scanner.name == "pii-scanner" and scanner.ok, scanner.detail
    assert "sample ID found and masked" in scanner.detail


def test_settings_change_applies_without_restart(qtbot, clipboard, feature_for) -> None:  # type: ignore[no-untyped-def]
    feature, _ = feature_for("warn")
    host = feature.host
    clipboard.setText(f"电话 {PHONE}")
    qtbot.waitUntil(lambda: feature.toast is not None and feature.toast.asking, timeout=5000)
    settings_file = host.ctx.paths.settings_file
    settings_file.write_text(settings_file.read_text().replace('action = "warn"', 'action = "mask"'))
    with qtbot.waitSignal(feature.guard.masked, timeout=5000):
        host.apply_settings()  # what the settings dialog does on save
    assert PHONE not in clipboard.text()  # the content on the clipboard is looked at again
    assert not feature.toast.asking
    settings_file.write_text(settings_file.read_text().replace("[clipboard]", "[clipboard]\nenabled = false"))
    host.apply_settings()
    assert not feature.guard.running and feature.status_line() == "Clipboard guard: off"


def test_each_masked_value_stands_beside_its_kind(qapp) -> None:  # type: ignore[no-untyped-def]
    from ui.clipboard.toast import ClipboardToast

    summary = FindingSummary.of(scan(f"卡号 {CARD}，电话 {PHONE}"))
    lines = ClipboardToast().describe(summary).splitlines()
    assert lines[0].startswith("Bank card number: ") and lines[0].endswith(CARD[-4:])
    assert lines[1] == f"Mobile number: {PHONE[:3]}****{PHONE[-4:]}"


def test_the_toast_closes_with_its_button_and_keeps_off_title_bars(qtbot, qapp) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QRect

    from ui.clipboard.toast import TITLE_BAR_ZONE_PX, ClipboardToast

    toast = ClipboardToast()
    qtbot.addWidget(toast)
    area = QGuiApplication.primaryScreen().availableGeometry()
    tray_at_top = QRect(area.right() - 30, area.top(), 24, 24)
    toast.show_note("Customer data masked on the clipboard", "Mobile number: 138****5678", tray_at_top)
    assert toast.pos().y() >= area.top() + TITLE_BAR_ZONE_PX  # below the maximised window's buttons
    assert not toast.icon.pixmap().isNull()
    qtbot.mouseClick(toast.close_button, Qt.MouseButton.LeftButton)
    assert not toast.isVisible()

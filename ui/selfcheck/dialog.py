"""The checklist dialog: automatic checks with one-click fixes, the agent's confirmations,
then "Lock and go" (锁屏离开).

It shows a ``SelfCheckFlow`` (``assistant.selfcheck.flow``: the results, which run counts,
the lock, the record) and runs its probes: those that wait on subprocesses on worker threads,
reporting back through a queued signal; the clipboard probe (Qt's clipboard) on the GUI
thread. Non-modal.
"""

from __future__ import annotations

import itertools
import logging
import threading

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from assistant.selfcheck import (
    CheckItem,
    Fix,
    ItemKind,
    ItemResult,
    Outcome,
    SelfCheckReport,
    Trigger,
)
from assistant.selfcheck.flow import FlowStatus, SelfCheckFlow
from ui.design import SPACE_M, SPACE_XS, fit_to_contents
from ui.selfcheck.lock_request import LockRequest
from ui.selfcheck.texts import item_label, problem_label, result_text

logger = logging.getLogger(__name__)

_MARKS = {
    Outcome.PASSED: ("✔", "#2e7d32"),
    Outcome.FAILED: ("✘", "#c62828"),
    Outcome.UNKNOWN: ("?", "#757575"),
    Outcome.PENDING: ("…", "#757575"),
}


class _WorkerResults(QObject):
    """Carries results from worker threads to the GUI thread. It outlives every dialog, so
    a worker that finishes after its dialog was closed emits into nothing."""

    checked = Signal(int, object, int)  # dialog token, ItemResult, generation
    fixed = Signal(int, str, bool, object)  # dialog token, item name, fixed, Fix


_worker_results: _WorkerResults | None = None
_tokens = itertools.count(1)


def worker_results() -> _WorkerResults:
    """The shared carrier (created on the GUI thread by the first dialog)."""
    global _worker_results
    if _worker_results is None:
        _worker_results = _WorkerResults()
    return _worker_results


class SelfCheckDialog(QDialog):
    """One self-check. ``report_recorded`` carries the SelfCheckReport once it is written."""

    report_recorded = Signal(object)
    checks_done = Signal()  # every automatic item has a result (again)

    def __init__(self, flow: SelfCheckFlow, lock_request: LockRequest,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("selfcheck-dialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.flow = flow
        self.state = flow.state
        self.lock_request = lock_request
        self._marks: dict[str, QLabel] = {}
        self._details: dict[str, QLabel] = {}
        self._titles: dict[str, tuple[QLabel, CheckItem]] = {}
        self._fix_buttons: dict[str, QPushButton] = {}
        self.confirmations: dict[str, QCheckBox] = {}

        self._token = next(_tokens)
        results = worker_results()
        results.checked.connect(self._on_worker_checked)
        results.fixed.connect(self._on_worker_fixed)
        lock_request.finished.connect(self._on_locked)
        self.finished.connect(self._on_finished)
        self._build()
        self._refresh_buttons()

    @property
    def end_of_shift(self) -> bool:
        return self.flow.end_of_shift

    @property
    def trigger(self) -> Trigger:
        return self.flow.trigger

    @property
    def report(self) -> SelfCheckReport | None:
        return self.flow.report

    # -- layout -------------------------------------------------------------------------
    def _build(self) -> None:
        if self.end_of_shift:
            self.setWindowTitle(self.tr("End of shift"))
            intro = self.tr("Last round before you leave for the day. The computer checks what it "
                            "can; please confirm the rest, then lock the screen.")
        else:
            self.setWindowTitle(self.tr("Leaving my desk"))
            intro = self.tr("Lock the computer whenever you leave the desk. The computer checks what "
                            "it can; please confirm the rest.")
        layout = QVBoxLayout(self)
        heading = QLabel(intro, self)
        heading.setWordWrap(True)
        layout.addWidget(heading)

        automatic = QGroupBox(self.tr("Checked by the computer"), self)
        grid = QGridLayout(automatic)
        grid.setColumnStretch(1, 1)
        grid.setVerticalSpacing(SPACE_M)
        row = 0
        for item in self.state.items:
            if item.kind is not ItemKind.AUTOMATIC:
                continue
            mark = QLabel(automatic)
            mark.setObjectName(f"mark-{item.name}")
            mark.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
            mark.setMinimumWidth(18)
            title = QLabel(item_label(item), automatic)
            title.setObjectName(f"title-{item.name}")
            self._titles[item.name] = (title, item)
            font = title.font()
            font.setBold(True)
            title.setFont(font)
            detail = QLabel(automatic)
            detail.setObjectName(f"detail-{item.name}")
            detail.setWordWrap(True)
            detail.setTextFormat(Qt.TextFormat.PlainText)
            fix = QPushButton(automatic)
            fix.setObjectName(f"fix-{item.name}")
            fix.hide()
            fix.clicked.connect(lambda _checked=False, n=item.name: self.fix(n))
            # Title and detail share one cell: a grid spreads a word-wrapped label's height
            # wrongly over rows that items spanning two rows also cover, and clips its text.
            text = QVBoxLayout()
            text.setSpacing(SPACE_XS)
            text.addWidget(title)
            text.addWidget(detail)
            grid.addWidget(mark, row, 0)
            grid.addLayout(text, row, 1)
            grid.addWidget(fix, row, 2, Qt.AlignmentFlag.AlignVCenter)
            self._marks[item.name], self._details[item.name] = mark, detail
            self._fix_buttons[item.name] = fix
            self._show_result(self.state.results[item.name])
            row += 1
        layout.addWidget(automatic)

        manual = QGroupBox(self.tr("Please confirm"), self)
        column = QVBoxLayout(manual)
        for item in self.state.items:
            if item.kind is not ItemKind.MANUAL:
                continue
            box = QCheckBox(item_label(item), manual)
            box.setObjectName(f"confirm-{item.name}")
            box.toggled.connect(lambda on, n=item.name: self._on_confirmed(n, on))
            column.addWidget(box)
            self.confirmations[item.name] = box
        layout.addWidget(manual)

        self.status = QLabel(self)
        self.status.setObjectName("selfcheck-status")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)

        buttons = QHBoxLayout()
        self.recheck_button = QPushButton(self.tr("Check a&gain"), self)
        self.recheck_button.setObjectName("selfcheck-recheck")
        self.recheck_button.clicked.connect(self.start_checks)
        self.close_button = QPushButton(self.tr("Close"), self)
        self.close_button.setObjectName("selfcheck-close")
        self.close_button.clicked.connect(self.reject)
        self.lock_anyway_button = QPushButton(self.tr("Lock an&yway"), self)
        self.lock_anyway_button.setObjectName("selfcheck-lock-anyway")
        self.lock_anyway_button.setToolTip(self.tr("Lock now although not every item is done; your "
                                                   "supervisor sees what was left open."))
        self.lock_anyway_button.clicked.connect(self.lock_and_go)
        self.lock_button = QPushButton(self.tr("&Lock and go"), self)
        self.lock_button.setObjectName("selfcheck-lock-and-go")
        self.lock_button.setDefault(True)
        self.lock_button.clicked.connect(self.lock_and_go)
        buttons.addWidget(self.recheck_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.lock_anyway_button)
        buttons.addWidget(self.lock_button)
        layout.addLayout(buttons)
        self.setMinimumWidth(520)

    # -- automatic checks -----------------------------------------------------------------
    def start_checks(self) -> None:
        """Run every automatic check (again)."""
        for name in self.flow.probes:
            self._check(name)

    def _check(self, name: str) -> None:
        flow = self.flow
        generation = flow.begin_check(name)
        self._show_result(self.state.results[name])
        self._refresh_buttons()
        if flow.on_gui_thread(name):
            self._on_result(flow.run_check(name), generation)
            return
        carrier, token = worker_results(), self._token

        def work() -> None:
            carrier.checked.emit(token, flow.run_check(name), generation)

        threading.Thread(target=work, name=f"selfcheck-{name}", daemon=True).start()

    def _on_worker_checked(self, token: int, result: ItemResult, generation: int) -> None:
        if token == self._token:
            self._on_result(result, generation)

    def _on_worker_fixed(self, token: int, name: str, ok: bool, fix: Fix | None) -> None:
        if token == self._token:
            self._on_fix_done(name, ok, fix)

    def _on_result(self, result: ItemResult, generation: int) -> None:
        if not self.flow.accept(result, generation):
            return  # an older run of a check that was started again
        self._show_result(result)
        self._refresh_buttons()
        self._fit()
        if not self.state.checking:
            self.checks_done.emit()

    def _fit(self) -> None:
        # A top-level window does not follow its word-wrapped labels' height by itself. It
        # only grows: a shorter text after a fix ("Clear clipboard") must not make it jump.
        if self.isVisible():
            fit_to_contents(self)
            # Once more after the layout requests this change posted (a fix button shown).
            QTimer.singleShot(0, self, lambda: fit_to_contents(self) if self.isVisible() else None)

    def _show_result(self, result: ItemResult) -> None:
        mark, color = _MARKS[result.outcome]
        label = self._marks[result.name]
        label.setText(mark)
        label.setStyleSheet(f"color: {color}; font-weight: bold;")
        label.setProperty("outcome", result.outcome.value)
        self._details[result.name].setText(result_text(result))
        if result.name in self._titles:
            title, item = self._titles[result.name]
            title.setText(problem_label(item) if result.outcome is Outcome.FAILED else item_label(item))
        button = self._fix_buttons[result.name]
        if result.outcome is Outcome.FAILED and result.fix is not None:
            button.setText(self._fix_label(result.fix))
            button.setEnabled(True)
            button.show()
        else:
            button.hide()

    # -- fixes ----------------------------------------------------------------------------
    def fix(self, name: str) -> None:
        flow = self.flow
        if flow.fixer(name) is None:
            return
        self._fix_buttons[name].setEnabled(False)
        fix = self.state.results[name].fix
        logger.info("self-check: fixing %s", name)
        if flow.on_gui_thread(name):
            self._on_fix_done(name, flow.run_fix(name), fix)
            return
        carrier, token = worker_results(), self._token

        def work() -> None:
            carrier.fixed.emit(token, name, flow.run_fix(name), fix)

        threading.Thread(target=work, name=f"selfcheck-fix-{name}", daemon=True).start()

    def _on_fix_done(self, name: str, ok: bool, fix: Fix | None) -> None:
        for delay_s in self.flow.fixed(name, ok, fix):
            if delay_s <= 0:
                self._check(name)
            else:
                QTimer.singleShot(round(delay_s * 1000), self, lambda n=name: self._check(n))

    def _fix_label(self, fix: Fix) -> str:
        return {
            Fix.CLEAR_CLIPBOARD: self.tr("&Clear clipboard"),
            Fix.EJECT_DRIVES: self.tr("E&ject drive"),
            Fix.CLOSE_WINDOWS: self.tr("Close &windows"),
        }[fix]

    # -- confirmations --------------------------------------------------------------------
    def _on_confirmed(self, name: str, confirmed: bool) -> None:
        self.flow.confirm(name, confirmed)
        self._refresh_buttons()

    def _refresh_buttons(self) -> None:
        status = self.flow.status
        locking = status is FlowStatus.LOCKING
        ready = status is FlowStatus.READY
        self.lock_button.setEnabled(ready)
        self.lock_anyway_button.setEnabled(not locking)
        self.lock_anyway_button.setVisible(not self.flow.complete)
        self.recheck_button.setEnabled(not locking)
        if locking:
            self.status.setText(self.tr("Locking the screen…"))
        elif status is FlowStatus.CHECKING:
            self.status.setText(self.tr("Checking…"))
        elif ready:
            self.status.setText(self.tr("Everything is in order. Lock the screen and go."))
        else:
            self.status.setText(self.tr("Items still open: %n.", "", self.flow.open_items()))

    # -- locking and the record -----------------------------------------------------------
    def lock_and_go(self) -> None:
        if not self.flow.request_lock():
            return
        self._refresh_buttons()
        self.lock_request.lock()

    def _on_locked(self, locked: bool, info: str) -> None:
        report = self.flow.lock_finished(locked, info)
        if report is None:
            return
        self.report_recorded.emit(report)
        if locked:
            self.accept()
            return
        self._refresh_buttons()
        self.status.setText(self.tr("The screen could not be locked. Lock it yourself (Win+L or "
                                    "Ctrl+Alt+Del) before you leave, and tell IT."))
        self._fit()

    def _on_finished(self, _result: int) -> None:
        report = self.flow.closed()
        if report is not None:
            self.report_recorded.emit(report)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.flow.locking:
            event.ignore()  # wait for the lock's answer; it closes the dialog
            return
        super().closeEvent(event)

    def reject(self) -> None:
        if self.flow.locking:
            return
        super().reject()


"""``ClipboardGuard``: watches the system clipboard and acts on customer data by policy.

Qt only reads and writes the clipboard here; :class:`assistant.clipboard.ClipboardGuardCore`
decides. Changes are debounced, read on the GUI thread (QClipboard must be used there),
scanned on a one-thread pool, and the newest change supersedes an older scan (a queued scan
is taken back, a running one's result is dropped). The guard's own writes are recognised
by fingerprint and not scanned again.

Only the CLIPBOARD selection is watched, not X11's PRIMARY: PRIMARY changes with every
mouse selection (warnings while an agent merely reads a record), acting on it would take
the selection from the application and remove the agent's highlight, and it does not
exist on Windows or macOS. Pasting customer data needs an explicit copy there, which is
what the guard covers.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QMimeData, QObject, QThreadPool, QTimer, Signal
from PySide6.QtGui import QClipboard

from assistant.audit import AuditLog
from assistant.clipboard import (
    ChangeDebouncer,
    ChangeVerdict,
    ClearVerdict,
    ClipboardAction,
    ClipboardContent,
    ClipboardGuardCore,
    ClipboardPolicy,
    FindingSummary,
    GuardStep,
    Inspection,
    Response,
    ScanTicket,
)
from assistant.clock import Clock, SystemClock
from pii import Finding, scan
from ui.clipboard.scan_job import ScanJob, ScanResults

logger = logging.getLogger(__name__)

Scanner = Callable[[str], list[Finding]]
MODE = QClipboard.Mode.Clipboard


class ClipboardGuard(QObject):
    scan_started = Signal(int)  # generation
    scan_finished = Signal(int)  # generation; emitted after the guard acted on the result
    skipped = Signal(str)  # ChangeVerdict value: own_write, unchanged, empty, disabled
    warned = Signal(object)  # FindingSummary
    warning_withdrawn = Signal()
    masked = Signal(object, str)  # FindingSummary, "policy" or "user"
    clear_scheduled = Signal(object, float)  # FindingSummary, seconds until the clear
    cleared = Signal(str)  # "timer" or "user"
    state_changed = Signal()

    def __init__(self, clipboard: QClipboard, policy: ClipboardPolicy, audit: AuditLog | None = None,
                 clock: Clock | None = None, scanner: Scanner = scan,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._clipboard = clipboard
        self._audit = audit
        self._scanner = scanner
        self.clock = clock or SystemClock()
        self.core = ClipboardGuardCore(policy, self.clock)
        self._debouncer = ChangeDebouncer(self.clock)
        self._settle_timer = QTimer(self)
        self._settle_timer.setObjectName("clipboard-settle")
        self._settle_timer.setSingleShot(True)
        self._settle_timer.timeout.connect(self._on_settle_timer)
        self._clear_timer = QTimer(self)
        self._clear_timer.setObjectName("clipboard-clear")
        self._clear_timer.setSingleShot(True)
        self._clear_timer.timeout.connect(self._on_clear_timer)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._results = ScanResults(self)
        self._results.done.connect(self._on_scan_done)
        self._results.failed.connect(self._on_scan_failed)
        self._jobs: dict[int, tuple[ScanJob, ScanTicket, ClipboardContent]] = {}
        self._clear_summary: FindingSummary | None = None
        self._running = False

    # -- life cycle ---------------------------------------------------------------------
    @property
    def policy(self) -> ClipboardPolicy:
        return self.core.policy

    @property
    def running(self) -> bool:
        return self._running

    def start(self) -> None:
        if self._running:
            return
        self._running = True
        self._clipboard.dataChanged.connect(self._on_data_changed)
        logger.info("clipboard guard started (action %s, %d kind(s))",
                    self.policy.action.value, len(self.policy.kinds))
        self._on_data_changed()  # what is on the clipboard already counts too

    def stop(self) -> None:
        if not self._running:
            return
        self._running = False
        self._clipboard.dataChanged.disconnect(self._on_data_changed)
        self._settle_timer.stop()
        self._clear_timer.stop()
        self._debouncer.reset()
        self._pool.clear()
        self._pool.waitForDone(5000)
        self._jobs.clear()
        logger.info("clipboard guard stopped")

    def set_policy(self, policy: ClipboardPolicy) -> None:
        had_warning = self.core.pending_warning is not None
        self.core.set_policy(policy)
        if not self.core.clear_schedule.armed:
            self._clear_timer.stop()
        if had_warning and self.core.pending_warning is None:
            self.warning_withdrawn.emit()
        self.state_changed.emit()
        if self._running:
            self._on_data_changed()  # look again under the new policy

    # -- reading ------------------------------------------------------------------------
    def read(self) -> ClipboardContent:
        """The clipboard's text and HTML (other formats are not looked at)."""
        mime = self._clipboard.mimeData(MODE)
        if mime is None:
            return ClipboardContent()
        text = mime.text() if mime.hasText() else ""
        html = mime.html() if mime.hasHtml() else ""
        return ClipboardContent(text, html)

    def _on_data_changed(self) -> None:
        if not self.policy.enabled:
            return
        wait_s = self._debouncer.changed()
        self._settle_timer.start(int(wait_s * 1000))

    def _on_settle_timer(self) -> None:
        if not self._running:
            return
        if not self._debouncer.take():
            due = self._debouncer.due_in()
            if due is not None:
                self._settle_timer.start(int(due * 1000) + 1)
            return
        content = self.read()
        observation = self.core.observe(content)
        if observation.warning_withdrawn:
            self.warning_withdrawn.emit()
        if observation.clear_cancelled:
            self._clear_timer.stop()
            self._clear_summary = None
            self.state_changed.emit()
        if observation.verdict is not ChangeVerdict.SCAN or observation.ticket is None:
            logger.debug("clipboard change not scanned: %s", observation.verdict.value)
            self.skipped.emit(observation.verdict.value)
            return
        self._submit(observation.ticket, content)

    # -- scanning -----------------------------------------------------------------------
    def _submit(self, ticket: ScanTicket, content: ClipboardContent) -> None:
        for generation, (job, _, _) in list(self._jobs.items()):
            if self._pool.tryTake(job):  # not started yet: the newer content replaces it
                del self._jobs[generation]
        job = ScanJob(ticket.generation, content, self.policy.kinds, self._scanner, self._results)
        self._jobs[ticket.generation] = (job, ticket, content)
        self.scan_started.emit(ticket.generation)
        self._pool.start(job)

    def _on_scan_failed(self, generation: int, error: str) -> None:
        self._jobs.pop(generation, None)
        self.scan_finished.emit(generation)

    def _on_scan_done(self, generation: int, inspection: Inspection) -> None:
        entry = self._jobs.pop(generation, None)
        if entry is None or not self._running:
            return
        _, ticket, content = entry
        step = self.core.resolve(ticket, inspection)
        if step is not None:
            self._act(step, content)
        self.scan_finished.emit(generation)

    # -- acting -------------------------------------------------------------------------
    def _record(self, kind: str, summary: FindingSummary | None, **extra: object) -> None:
        if self._audit is None:
            return
        details = summary.audit_details() if summary is not None else {}
        try:
            self._audit.record(kind, **details, **extra)
        except Exception:
            logger.exception("could not record %s", kind)

    def _act(self, step: GuardStep, content: ClipboardContent) -> None:
        summary = step.summary
        if step.response is Response.NOTHING or summary is None:
            return
        logger.info("clipboard: %d finding(s) (%s); action %s", summary.count,
                    ",".join(k.value for k in summary.kinds), step.response.value)
        if step.response is Response.WARN:
            self._record("clipboard.found", summary, action=ClipboardAction.WARN.value)
            self.warned.emit(summary)
        elif step.response is Response.MASK:
            self._record("clipboard.found", summary, action=ClipboardAction.MASK.value)
            self._write_masked(step.inspection, content, summary, by="policy")
        elif step.response is Response.SCHEDULE_CLEAR:
            remaining = self.core.clear_schedule.remaining_s() or 0.0
            self._record("clipboard.found", summary, action=ClipboardAction.CLEAR.value,
                         clear_after_s=self.policy.clear_after_s)
            self._clear_summary = summary
            self._clear_timer.start(int(remaining * 1000) + 1)
            self.clear_scheduled.emit(summary, remaining)
        self.state_changed.emit()

    def _write_masked(self, inspection: Inspection, original: ClipboardContent,
                      summary: FindingSummary, by: str) -> None:
        masked = inspection.masked_content(original)
        data = QMimeData()  # only the masked text forms: other formats could hold the value
        if masked.text:
            data.setText(masked.text)
        if masked.html:
            data.setHtml(masked.html)
        self.core.record_masked(masked)  # before the write: setMimeData announces it at once
        self._clipboard.setMimeData(data, MODE)
        self._record("clipboard.masked", summary, by=by)
        self.masked.emit(summary, by)
        self.state_changed.emit()

    def mask_pending(self) -> bool:
        """"Mask now" on the warning: mask the clipboard if it still holds the warned content."""
        content = self.read()
        inspection = self.core.take_pending_mask(content)
        if inspection is None or inspection.summary is None:
            logger.info("clipboard: nothing to mask (the content changed)")
            self.warning_withdrawn.emit()
            return False
        self._write_masked(inspection, content, inspection.summary, by="user")
        return True

    def keep_pending(self) -> None:
        """"Keep" on the warning: leave the clipboard as it is."""
        summary = self.core.keep_pending()
        if summary is not None:
            self._record("clipboard.kept", summary)

    def _on_clear_timer(self) -> None:
        verdict = self.core.check_clear(self.read())
        if verdict is ClearVerdict.WAIT:
            remaining = self.core.clear_schedule.remaining_s() or 0.0
            self._clear_timer.start(int(remaining * 1000) + 1)
        elif verdict is ClearVerdict.CLEAR:
            self._empty_clipboard()
            self.core.record_cleared()
            self._record("clipboard.cleared", self._clear_summary, by="timer")
            self._clear_summary = None
            self.cleared.emit("timer")
            self.state_changed.emit()
        elif verdict is ClearVerdict.CONTENT_CHANGED:
            logger.info("clipboard: content changed before the clear; nothing cleared")
            self._clear_summary = None
            self.state_changed.emit()

    def clear_now(self) -> None:
        """"Clear clipboard now" from the tray menu."""
        self._empty_clipboard()
        self._clear_timer.stop()
        had_warning = self.core.pending_warning is not None
        self.core.record_cleared()
        if had_warning:
            self.warning_withdrawn.emit()
        self._record("clipboard.cleared", self._clear_summary, by="user")
        self._clear_summary = None
        self.cleared.emit("user")
        self.state_changed.emit()

    def _empty_clipboard(self) -> None:
        self._clipboard.clear(MODE)
        mime = self._clipboard.mimeData(MODE)
        if mime is not None and (mime.hasText() or mime.hasHtml()):
            # Another owner kept it (or Qt would not give up a foreign selection): own it empty.
            self._clipboard.setMimeData(QMimeData(), MODE)

    # -- state for the tray -------------------------------------------------------------
    def clear_remaining_s(self) -> float | None:
        return self.core.clear_schedule.remaining_s()

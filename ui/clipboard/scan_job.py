"""Scanning clipboard content on a pool thread; the result returns through a signal."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QRunnable, Signal

from assistant.clipboard import ClipboardContent, inspect_content
from pii import Finding, FindingKind

logger = logging.getLogger(__name__)

Scanner = Callable[[str], list[Finding]]


class ScanResults(QObject):
    """Lives on the GUI thread; jobs emit on it from the pool, so slots run on the GUI thread."""

    done = Signal(int, object)  # generation, assistant.clipboard.Inspection
    failed = Signal(int, str)  # generation, exception type name (never its message)


class ScanJob(QRunnable):
    def __init__(self, generation: int, content: ClipboardContent, kinds: frozenset[FindingKind],
                 scanner: Scanner, results: ScanResults) -> None:
        super().__init__()
        self.setAutoDelete(False)  # the guard keeps it until its result is handled
        self.generation = generation
        self._content: ClipboardContent | None = content
        self._kinds = kinds
        self._scanner = scanner
        self._results = results

    def run(self) -> None:
        content, self._content = self._content, None  # drop the raw text as soon as possible
        if content is None:
            return
        try:
            inspection = inspect_content(content, self._kinds, self._scanner)
        except Exception as exc:  # noqa: BLE001 - a scanner bug must not kill the pool thread
            # Only the type: a message or traceback could quote the clipboard's text.
            logger.error("clipboard scan %d failed: %s", self.generation, type(exc).__name__)
            self._results.failed.emit(self.generation, type(exc).__name__)
            return
        finally:
            del content
        self._results.done.emit(self.generation, inspection)

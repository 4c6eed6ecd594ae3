""""Lock and go" locks through the shared screen locker and reports whether the screen locked.

``AutoLockRequest`` asks ``services.locker`` to lock at once: through the auto-lock (its
backends, confirmation and the privacy-curtain fallback) when it runs, or through the lock
backends directly when it does not. It waits for the locker's ``finished`` signal.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer, Signal

from assistant.locking import LockOutcome
from ui.screen_locker import ScreenLocker

logger = logging.getLogger(__name__)

LOCK_WAIT_MS = 15_000  # lock backends confirm within seconds; give up waiting after this


class LockRequest(QObject):
    """Ask for the screen to lock; ``finished(locked, backend_or_reason)`` says how it went."""

    finished = Signal(bool, str)

    def lock(self) -> None:
        raise NotImplementedError


class AutoLockRequest(LockRequest):
    def __init__(self, locker: ScreenLocker, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.locker = locker
        self._waiting = False
        self._timeout = QTimer(self)
        self._timeout.setObjectName("selfcheck-lock-wait")
        self._timeout.setSingleShot(True)
        self._timeout.setInterval(LOCK_WAIT_MS)
        self._timeout.timeout.connect(self._on_timeout)
        locker.finished.connect(self._on_outcome)

    def lock(self) -> None:
        if self._waiting:
            return
        self._waiting = True
        self._timeout.start()
        logger.info("self-check: locking")
        if not self.locker.lock_now():
            self._waiting = False
            self._timeout.stop()
            self.finished.emit(True, "already locked")

    def _on_outcome(self, outcome: LockOutcome, _reason: str) -> None:
        if not self._waiting:
            return
        self._waiting = False
        self._timeout.stop()
        if outcome.locked:
            self.finished.emit(True, outcome.backend or "")
        else:
            self.finished.emit(False, "; ".join(f"{k}: {v}" for k, v in outcome.reasons.items()))

    def _on_timeout(self) -> None:
        if not self._waiting:
            return
        self._waiting = False
        logger.info("self-check: no lock result in time")
        self.finished.emit(False, "no answer from the lock backends")

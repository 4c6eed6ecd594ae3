""""Lock and go" locks through the auto-lock feature (its backends, confirmation and the
privacy-curtain fallback) and reports whether the screen locked.

``AutoLockRequest`` finds the AutoLock feature on ``host.features`` and waits for its
``lock_finished`` signal. Without that feature (it failed to start, or a test host) the
same lock backends are used directly (``assistant.locking``), off the GUI thread.
"""

from __future__ import annotations

import logging
import threading
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal

from assistant.locking import LockOutcome, create_session_locker

if TYPE_CHECKING:
    from ui.tray import TrayHost

logger = logging.getLogger(__name__)

AUTOLOCK_FEATURE = "AutoLockFeature"
LOCK_WAIT_MS = 15_000  # lock backends confirm within seconds; give up waiting after this


class LockRequest(QObject):
    """Ask for the screen to lock; ``finished(locked, backend_or_reason)`` says how it went."""

    finished = Signal(bool, str)

    def lock(self) -> None:
        raise NotImplementedError


class AutoLockRequest(LockRequest):
    _direct_done = Signal(object)  # LockOutcome from the fallback's worker thread

    def __init__(self, host: TrayHost, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.host = host
        self._waiting = False
        self._connected: Any = None
        self._timeout = QTimer(self)
        self._timeout.setObjectName("selfcheck-lock-wait")
        self._timeout.setSingleShot(True)
        self._timeout.setInterval(LOCK_WAIT_MS)
        self._timeout.timeout.connect(self._on_timeout)
        self._direct_done.connect(self._on_outcome)

    def feature(self) -> Any | None:
        for feature in getattr(self.host, "features", []):
            if type(feature).__name__ == AUTOLOCK_FEATURE:
                return feature
        return None

    def lock(self) -> None:
        if self._waiting:
            return
        self._waiting = True
        feature = self.feature()
        if feature is not None and hasattr(feature, "lock_now"):
            if self._connected is not feature:
                feature.lock_finished.connect(self._on_feature_finished)
                self._connected = feature
            self._timeout.start()
            logger.info("self-check: locking through the auto-lock feature")
            feature.lock_now()
            return
        logger.info("self-check: no auto-lock feature; using the lock backends directly")
        locker = create_session_locker(self.host.ctx.settings.autolock.lock_command)
        done = self._direct_done

        def work() -> None:
            outcome = locker.lock()
            try:
                done.emit(outcome)
            except (RuntimeError, TypeError):  # the request was deleted meanwhile
                pass

        self._timeout.start()
        threading.Thread(target=work, name="selfcheck-lock", daemon=True).start()

    def _on_feature_finished(self, outcome: LockOutcome, _reason: str) -> None:
        self._on_outcome(outcome)

    def _on_outcome(self, outcome: LockOutcome) -> None:
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
        feature = self.feature()
        state = getattr(getattr(feature, "machine", None), "state", None)
        already = getattr(state, "value", "") == "locked"
        logger.info("self-check: no lock result in time (auto-lock state %s)", getattr(state, "value", "?"))
        self.finished.emit(already, "already locked" if already else "no answer from the lock backends")

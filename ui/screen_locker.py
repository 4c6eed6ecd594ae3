"""The session's lock backends, shared by the auto-lock and the self-check's "Lock and go".

``lock(reason)`` runs the backends (and their confirmation) off the GUI thread; ``finished``
carries the outcome back on the GUI thread. ``lock_now()`` is the user's "lock at once": it
goes through the handler the auto-lock installs (its state machine, privacy curtain and audit
events), or straight to the backends when there is no auto-lock.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal

from assistant.locking import LockOutcome, LockProbe, SessionLocker, create_session_locker
from ui.settings_service import SettingsService

logger = logging.getLogger(__name__)

#: Starts a lock and returns True, or returns False when the session is locked already.
LockNowHandler = Callable[[], bool]


class ScreenLocker(QObject):
    finished = Signal(object, str)  # LockOutcome and the reason, on the GUI thread
    _worker_done = Signal(object, str)  # from the lock worker thread

    def __init__(self, settings: SettingsService, probe: LockProbe | None,
                 fixed: SessionLocker | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._settings = settings
        self.probe = probe
        self._fixed = fixed
        self.backends: SessionLocker = fixed or self._create()
        self._locking = False
        self._lock_now_handler: LockNowHandler | None = None
        self._worker_done.connect(self._on_worker_done, Qt.ConnectionType.QueuedConnection)
        settings.changed.connect(self._reconfigure)

    def _create(self) -> SessionLocker:
        return create_session_locker(self._settings.current.autolock.lock_command, probe=self.probe)

    def _reconfigure(self) -> None:
        if self._fixed is None:
            self.backends = self._create()

    def describe(self) -> str:
        return self.backends.describe()

    @property
    def has_backends(self) -> bool:
        """False when no screen locker exists here: locking can then only cover the screens."""
        return bool(self.backends.backends)

    @property
    def locking(self) -> bool:
        return self._locking

    def lock(self, reason: str) -> bool:
        """Run the lock backends once; False when a lock is already under way."""
        if self._locking:
            return False
        self._locking = True
        backends, done = self.backends, self._worker_done

        def work() -> None:
            outcome = backends.lock()
            try:
                done.emit(outcome, reason)
            except RuntimeError:  # the app is quitting
                pass

        threading.Thread(target=work, name="screen-lock", daemon=True).start()
        return True

    def _on_worker_done(self, outcome: LockOutcome, reason: str) -> None:
        self._locking = False
        self.finished.emit(outcome, reason)

    def handle_lock_now(self, handler: LockNowHandler | None) -> None:
        """The auto-lock takes "lock at once" requests (None gives them back)."""
        self._lock_now_handler = handler

    def lock_now(self) -> bool:
        """Lock at once; False when the session is locked already (no ``finished`` follows)."""
        if self._lock_now_handler is not None:
            return self._lock_now_handler()
        logger.info("no auto-lock: using the lock backends directly")
        self.lock("manual")
        return True

"""Locking the user's session: per-OS backends tried in order, and the OS's own lock state.

``create_session_locker(lock_command)`` returns a ``SessionLocker`` holding

- the backends for this machine, in the order they should be tried: the administrator's
  ``lock_command`` alone when set; Windows ``LockWorkStation``; macOS
  ``SACLockScreenImmediate`` then ``pmset displaysleepnow``; on Linux the desktop's own
  locker first (from $XDG_CURRENT_DESKTOP), then loginctl, xdg-screensaver, dm-tool and
  the screensaver commands — only those on $PATH;
- a lock-state probe (logind ``LockedHint``, the GNOME ScreenSaver, Windows WTS session
  flags, macOS CGSession). It confirms the backends whose success status says nothing
  (``loginctl lock-session`` exits 0 even when no locker listens; ``LockWorkStation``,
  ``SACLockScreenImmediate`` and ``pmset`` only start a lock), and lets the auto-lock notice
  locks made by someone else.

When every backend fails the outcome carries one reason per backend, and the UI covers the
screens with its privacy curtain instead.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from assistant.platform_flags import IS_MACOS, IS_WINDOWS, desktop_name

logger = logging.getLogger(__name__)

CONFIRM_TIMEOUT_S = 2.0  # how long a backend's lock may take to show in the OS lock state
CONFIRM_POLL_S = 0.2


@dataclass(frozen=True)
class LockAttempt:
    ok: bool
    detail: str = ""


class LockBackend(Protocol):
    name: str
    confirm: bool  # False: trust the exit status even where the OS lock state says otherwise

    def lock(self) -> LockAttempt: ...


LockProbe = Callable[[], "bool | None"]


@dataclass
class LockOutcome:
    locked: bool
    backend: str | None = None
    confirmed: bool = False  # the OS lock state said "locked" after the backend ran
    reasons: dict[str, str] = field(default_factory=dict)  # backend → why it did not lock


class SessionLocker:
    """Try the backends in order until one locks; confirm where the OS can tell."""

    def __init__(self, backends: Sequence[LockBackend], probe: LockProbe | None = None,
                 confirm_timeout_s: float = CONFIRM_TIMEOUT_S,
                 sleep: Callable[[float], None] = time.sleep,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        self.backends = list(backends)
        self.probe = probe
        self._confirm_timeout_s = confirm_timeout_s
        self._sleep = sleep
        self._monotonic = monotonic

    def describe(self) -> str:
        """What would lock the session, for the self-test and the settings dialog."""
        if not self.backends:
            return ""
        return self.backends[0].name

    def lock(self) -> LockOutcome:
        """Blocking (runs subprocesses): call it off the GUI thread."""
        outcome = LockOutcome(False)
        for backend in self.backends:
            try:
                attempt = backend.lock()
            except Exception as exc:  # a broken backend must not stop the next one
                logger.exception("lock backend %s raised", backend.name)
                attempt = LockAttempt(False, f"{type(exc).__name__}: {exc}")
            if not attempt.ok:
                outcome.reasons[backend.name] = attempt.detail or "failed"
                logger.info("lock backend %s failed: %s", backend.name, attempt.detail)
                continue
            state = self._confirm() if backend.confirm else None
            if state is False:
                outcome.reasons[backend.name] = "exited 0 but the session did not lock"
                logger.info("lock backend %s exited 0, but the OS lock state stayed 'unlocked'",
                            backend.name)
                continue
            outcome.locked, outcome.backend, outcome.confirmed = True, backend.name, state is True
            logger.info("session locked by %s%s", backend.name, " (confirmed)" if state else "")
            return outcome
        if not self.backends:
            outcome.reasons["none"] = "no lock backend on this system"
        return outcome

    def _confirm(self) -> bool | None:
        """True once the OS reports the lock; False when it never does; None: cannot tell."""
        if self.probe is None:
            return None
        deadline = self._monotonic() + self._confirm_timeout_s
        while True:
            state = _safe(self.probe)
            if state is None or state is True:
                return state
            if self._monotonic() >= deadline:
                return False
            self._sleep(CONFIRM_POLL_S)


def _safe(probe: LockProbe) -> bool | None:
    try:
        return probe()
    except Exception:
        logger.exception("lock-state probe failed")
        return None


def create_lock_probe(env: Mapping[str, str] | None = None) -> LockProbe | None:
    """The OS lock state for this platform (None when nothing here can tell)."""
    env = os.environ if env is None else env
    if IS_WINDOWS:
        from assistant.locking.windows import WtsLockProbe

        return WtsLockProbe()
    if IS_MACOS:
        from assistant.locking.macos import CGSessionLockProbe

        return CGSessionLockProbe()
    from assistant.locking.probes import linux_lock_probe

    return linux_lock_probe(env)


def create_session_locker(lock_command: str = "", env: Mapping[str, str] | None = None,
                          probe: LockProbe | None = None) -> SessionLocker:
    env = dict(os.environ if env is None else env)
    probe = probe if probe is not None else create_lock_probe(env)
    from assistant.locking.commands import CustomCommandBackend, linux_backends

    if lock_command.strip():
        return SessionLocker([CustomCommandBackend(lock_command, env)], probe)
    if IS_WINDOWS:
        from assistant.locking.windows import LockWorkStationBackend

        return SessionLocker([LockWorkStationBackend()], probe)
    if IS_MACOS:
        from assistant.locking.macos import macos_backends

        return SessionLocker(macos_backends(env), probe)
    desktop = env.get("XDG_CURRENT_DESKTOP", "").split(":")[0].lower() if env else desktop_name()
    return SessionLocker(linux_backends(desktop, env), probe)

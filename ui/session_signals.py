"""Session-wide happenings that several features care about, as Qt signals.

The auto-lock feature emits them (it owns the idle source and the lock backends); breaks,
presence and the self-check listen.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class SessionSignals(QObject):
    locked = Signal(str)  # the session was locked (backend name, or "external")
    unlocked = Signal()
    resumed = Signal(float)  # wall-clock gap in seconds after a suspend
    idle_changed = Signal(bool)  # True: the user went idle; False: input again

"""Run Python's cyclic garbage collector only on the GUI thread (as qutebrowser does).

Automatic collection runs in whichever thread happens to allocate. When it frees a Qt object
from a worker thread (the outbox sender, the heartbeat, hotkey or scan threads), the object's
destructor can deadlock against the GUI thread inside Qt. So automatic collection is switched
off and a coarse timer on the GUI thread collects, generation by generation, when due.
"""

from __future__ import annotations

import gc
import logging

from PySide6.QtCore import QObject, Qt, QTimer

logger = logging.getLogger(__name__)

CHECK_INTERVAL_MS = 2000


class MainThreadGarbageCollector(QObject):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.thresholds = gc.get_threshold()
        self.timer = QTimer(self)
        self.timer.setObjectName("garbage-collector")
        self.timer.setTimerType(Qt.TimerType.VeryCoarseTimer)
        self.timer.setInterval(CHECK_INTERVAL_MS)
        self.timer.timeout.connect(self.check)

    def start(self) -> None:
        self._was_enabled = gc.isenabled()
        gc.disable()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()
        if getattr(self, "_was_enabled", False):
            gc.enable()

    def check(self) -> int:
        """Collect the generations whose counts passed their thresholds; objects freed."""
        counts = gc.get_count()
        freed = 0
        if counts[0] > self.thresholds[0]:
            generation = 0
            if counts[1] > self.thresholds[1]:
                generation = 2 if counts[2] > self.thresholds[2] else 1
            freed = gc.collect(generation)
        return freed

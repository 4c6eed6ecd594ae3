"""The repeating alarm sound, from the first unacknowledged panic until the last is handled."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication

from assistant.supervision.sound import SoundPlayer, create_sound_player
from ui.resources_access import resource_path

logger = logging.getLogger(__name__)

REPEAT_MS = 2000


class AlarmSound(QObject):
    """Plays resources/sounds/alarm.wav every two seconds while ``sounding``.

    Without a sound player (or when it fails, e.g. no sound device) it beeps through Qt.
    The log says "alarm sounding" / "alarm stopped" so tests and IT can follow it.
    """

    def __init__(self, parent: QObject | None = None, player: SoundPlayer | None = None) -> None:
        super().__init__(parent)
        self.player = player or create_sound_player()
        self.wav = resource_path("sounds", "alarm.wav")
        self._timer = QTimer(self)
        self._timer.setObjectName("alarm-repeat")
        self._timer.setInterval(REPEAT_MS)
        self._timer.timeout.connect(self._ring)
        self._beep_only = not self.player.available or not self.wav.exists()
        if not self.player.available:
            logger.warning("no alarm sound player: %s; the console will beep", self.player.reason)
        elif not self.wav.exists():
            logger.warning("alarm sound %s is missing; the console will beep", self.wav)
        self.rings = 0

    @property
    def sounding(self) -> bool:
        return self._timer.isActive()

    def set_sounding(self, on: bool) -> None:
        if on and not self.sounding:
            logger.info("alarm sounding (%s)", "beep" if self._beep_only else self.player.name)
            self._ring()
            self._timer.start()
        elif not on and self.sounding:
            self._timer.stop()
            self.player.stop()
            logger.info("alarm stopped")

    def _ring(self) -> None:
        self.rings += 1
        if not self._beep_only and self.player.last_failed():
            logger.warning("%s could not play the alarm (no sound device?); beeping instead",
                           self.player.name)
            self._beep_only = True
        if self._beep_only:
            QApplication.beep()
            return
        try:
            self.player.play(self.wav)
        except OSError as exc:
            logger.warning("cannot play the alarm with %s: %s; beeping instead",
                           self.player.name, exc)
            self._beep_only = True
            QApplication.beep()

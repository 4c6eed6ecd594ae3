"""macOS: afplay, which ships with the system."""

from __future__ import annotations

import logging
import shutil

from assistant.supervision.sound.base import CommandSoundPlayer, NullSoundPlayer, SoundPlayer

logger = logging.getLogger(__name__)


def macos_sound_player() -> SoundPlayer:
    found = shutil.which("afplay") or "/usr/bin/afplay"
    if shutil.which(found):
        return CommandSoundPlayer([found])
    return NullSoundPlayer("afplay is missing")

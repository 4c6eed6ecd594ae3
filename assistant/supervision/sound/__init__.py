"""Playing the console's alarm sound: one player per OS, a factory and a null fallback.

``create_sound_player()`` picks what this computer has; the null player says what is missing
(the console then beeps through Qt instead).
"""

from __future__ import annotations

import logging

from assistant.platform_flags import IS_LINUX, IS_MACOS, IS_WINDOWS
from assistant.supervision.sound.base import NullSoundPlayer, SoundPlayer

logger = logging.getLogger(__name__)

__all__ = ["NullSoundPlayer", "SoundPlayer", "create_sound_player"]


def create_sound_player() -> SoundPlayer:
    if IS_WINDOWS:
        from assistant.supervision.sound.windows import WindowsSoundPlayer

        return WindowsSoundPlayer()
    if IS_MACOS:
        from assistant.supervision.sound.macos import macos_sound_player

        return macos_sound_player()
    if IS_LINUX:
        from assistant.supervision.sound.linux import linux_sound_player

        return linux_sound_player()
    return NullSoundPlayer("no sound player for this operating system")

"""Linux: PulseAudio/PipeWire (paplay, pw-play) or ALSA (aplay)."""

from __future__ import annotations

import logging
import shutil

from assistant.supervision.sound.base import CommandSoundPlayer, NullSoundPlayer, SoundPlayer

logger = logging.getLogger(__name__)

CANDIDATES: tuple[list[str], ...] = (["paplay"], ["pw-play"], ["aplay", "-q"])


def linux_sound_player() -> SoundPlayer:
    for argv in CANDIDATES:
        found = shutil.which(argv[0])
        if found:
            return CommandSoundPlayer([found, *argv[1:]])
    return NullSoundPlayer("none of paplay, pw-play or aplay is installed "
                           "(apt-get install pulseaudio-utils or alsa-utils)")

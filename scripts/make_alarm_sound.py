#!/usr/bin/env python3
"""Write resources/sounds/alarm.wav: the console's alarm, a 1.2 s two-tone chime (stdlib only).

Run it again after changing the tones; the WAV is small and committed so builds need no step.
    python scripts/make_alarm_sound.py [OUTPUT]
"""

from __future__ import annotations

import math
import struct
import sys
import wave
from pathlib import Path

RATE = 16_000
#: (frequency Hz, seconds): high-low-high-low, like a fire-panel chime but softer
TONES = ((988.0, 0.3), (740.0, 0.3), (988.0, 0.3), (740.0, 0.3))
VOLUME = 0.6
FADE_S = 0.015


def samples() -> bytes:
    frames = bytearray()
    for frequency, seconds in TONES:
        count = int(RATE * seconds)
        fade = int(RATE * FADE_S)
        for i in range(count):
            envelope = min(1.0, i / fade, (count - 1 - i) / fade)
            # a little third harmonic makes it cut through office noise
            value = math.sin(2 * math.pi * frequency * i / RATE)
            value += 0.25 * math.sin(2 * math.pi * 3 * frequency * i / RATE)
            frames += struct.pack("<h", int(32767 * VOLUME * envelope * value / 1.25))
    return bytes(frames)


def main(argv: list[str]) -> int:
    target = Path(argv[1]) if len(argv) > 1 else (
        Path(__file__).resolve().parents[1] / "resources" / "sounds" / "alarm.wav")
    target.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(target), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(samples())
    print(f"wrote {target} ({target.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

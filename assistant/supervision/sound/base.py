"""The sound player protocol, a player that runs a command per play, and the null player."""

from __future__ import annotations

import logging
import subprocess
from pathlib import Path
from typing import Protocol

logger = logging.getLogger(__name__)


class SoundPlayer(Protocol):
    name: str

    @property
    def available(self) -> bool:
        """False when this player cannot make a sound (then ``reason`` says why)."""

    @property
    def reason(self) -> str: ...

    def play(self, wav: Path) -> None:
        """Start playing ``wav`` once without waiting for it to end."""

    def stop(self) -> None:
        """Stop any sound still playing."""

    def last_failed(self) -> bool:
        """True when the previous play ended with an error (no sound device, …)."""


class CommandSoundPlayer:
    """Runs ``argv + [wav]`` (paplay, pw-play, aplay, afplay) as a subprocess per play."""

    def __init__(self, argv: list[str]) -> None:
        self.argv = argv
        self.name = Path(argv[0]).name
        self._proc: subprocess.Popen[bytes] | None = None

    @property
    def available(self) -> bool:
        return True

    @property
    def reason(self) -> str:
        return ""

    def play(self, wav: Path) -> None:
        if self._proc is not None and self._proc.poll() is None:
            return  # the previous play is still going
        self._proc = subprocess.Popen([*self.argv, str(wav)], stdin=subprocess.DEVNULL,
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def stop(self) -> None:
        proc, self._proc = self._proc, None
        if proc is not None and proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(1)
            except subprocess.TimeoutExpired:
                proc.kill()

    def last_failed(self) -> bool:
        proc = self._proc
        return proc is not None and proc.poll() not in (None, 0)


class NullSoundPlayer:
    name = "none"

    def __init__(self, reason: str) -> None:
        self._reason = reason

    @property
    def available(self) -> bool:
        return False

    @property
    def reason(self) -> str:
        return self._reason

    def play(self, wav: Path) -> None:
        return None

    def stop(self) -> None:
        return None

    def last_failed(self) -> bool:
        return False

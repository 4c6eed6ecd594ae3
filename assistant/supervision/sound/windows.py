"""Windows: the standard library's winsound, asynchronously."""

from __future__ import annotations

import logging
from pathlib import Path

logger = logging.getLogger(__name__)


class WindowsSoundPlayer:
    name = "winsound"

    def __init__(self) -> None:
        try:
            import winsound  # noqa: F401
        except ImportError as exc:
            self._reason = f"winsound unavailable: {exc}"
        else:
            self._reason = ""

    @property
    def available(self) -> bool:
        return not self._reason

    @property
    def reason(self) -> str:
        return self._reason

    def play(self, wav: Path) -> None:
        import winsound

        try:
            winsound.PlaySound(str(wav), winsound.SND_FILENAME  # type: ignore[attr-defined]
                               | winsound.SND_ASYNC  # type: ignore[attr-defined]
                               | winsound.SND_NOSTOP)  # type: ignore[attr-defined]
        except RuntimeError:  # SND_NOSTOP: the previous play is still going
            pass

    def stop(self) -> None:
        import winsound

        winsound.PlaySound(None, 0)  # type: ignore[attr-defined]

    def last_failed(self) -> bool:
        return False

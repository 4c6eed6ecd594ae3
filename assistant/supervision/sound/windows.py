"""Windows: the standard library's winsound, asynchronously.

``winsound.PlaySound`` raises RuntimeError when the system reports an error, e.g. a console
PC without an audio device. ``SND_NOSTOP`` is not used: it raises the same RuntimeError while
an earlier sound still plays, so a real failure could not be told apart; each ring simply
restarts the sound. A failed play is remembered, so ``last_failed()`` makes the alarm beep.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)


class WindowsSoundPlayer:
    name = "winsound"

    def __init__(self, winsound_module: Any = None) -> None:
        """``winsound_module``: the standard library's ``winsound`` (the default) or a fake."""
        self._failed = False
        self._winsound: Any = winsound_module
        if self._winsound is None:
            try:
                import winsound
            except ImportError as exc:
                self._reason = f"winsound unavailable: {exc}"
                return
            self._winsound = winsound
        self._reason = ""

    @property
    def available(self) -> bool:
        return not self._reason

    @property
    def reason(self) -> str:
        return self._reason

    def play(self, wav: Path) -> None:
        ws = self._winsound
        assert ws is not None
        try:
            ws.PlaySound(str(wav), ws.SND_FILENAME | ws.SND_ASYNC | ws.SND_NODEFAULT)
        except RuntimeError as exc:
            logger.warning("PlaySound failed (%s)", exc)
            self._failed = True
        else:
            self._failed = False

    def stop(self) -> None:
        if self._winsound is not None:
            self._winsound.PlaySound(None, 0)

    def last_failed(self) -> bool:
        return self._failed

"""GNOME "Do Not Disturb": ``org.gnome.desktop.notifications show-banners`` is false.

Read with ``gsettings`` (no GLib bindings needed), at most once per ``CACHE_S``; the scheduler
asks only when a break is about to be offered or is waiting, so this costs almost nothing.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import time
from collections.abc import Callable

from assistant.focus import Busy, FocusProbeUnavailable

logger = logging.getLogger(__name__)

SCHEMA = "org.gnome.desktop.notifications"
KEY = "show-banners"
CACHE_S = 10.0
TIMEOUT_S = 3.0


class GnomeDoNotDisturbProbe:
    name = "gnome-dnd"

    def __init__(self, monotonic: Callable[[], float] = time.monotonic) -> None:
        self._gsettings = shutil.which("gsettings")
        if self._gsettings is None:
            raise FocusProbeUnavailable("gsettings is not installed (GNOME do-not-disturb unseen)")
        self._monotonic = monotonic
        self._cached: tuple[float, bool] | None = None
        if self._read() is None:
            raise FocusProbeUnavailable(f"the GSettings schema {SCHEMA} is not installed")

    def _read(self) -> bool | None:
        """True when banners are shown, None when the key cannot be read."""
        try:
            result = subprocess.run([self._gsettings or "gsettings", "get", SCHEMA, KEY],
                                    capture_output=True, text=True, timeout=TIMEOUT_S, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            logger.debug("gsettings failed: %s", exc)
            return None
        value = result.stdout.strip()
        if result.returncode != 0 or value not in ("true", "false"):
            return None
        return value == "true"

    def busy(self) -> Busy | None:
        now = self._monotonic()
        if self._cached is None or now - self._cached[0] >= CACHE_S:
            shown = self._read()
            self._cached = (now, True if shown is None else shown)
        return None if self._cached[1] else Busy.DO_NOT_DISTURB

    def close(self) -> None:
        pass

"""Is the user in the middle of something a break must not interrupt?

A ``FocusProbe`` answers cheaply (no subprocess per question where avoidable): a full-screen
window in front (a presentation, a shared screen, a video call), or the OS's
do-not-disturb / focus assist. Per-OS modules; ``create_focus_probe()`` picks them and a null
probe says what is missing.

* Linux/X11: ``_NET_ACTIVE_WINDOW`` and its ``_NET_WM_STATE`` (python-xlib, one connection).
* GNOME: ``org.gnome.desktop.notifications show-banners`` false means do-not-disturb
  (read with ``gsettings``, cached, only when a break is about to be offered).
* Windows: ``SHQueryUserNotificationState``: QUNS_BUSY, QUNS_RUNNING_D3D_FULL_SCREEN and
  QUNS_PRESENTATION_MODE count as full screen, QUNS_QUIET_TIME as do-not-disturb. Windows 10/11
  Focus Assist set by hand is not reported by this API (no public API reports it).
* macOS (best effort): the frontmost normal window covers a whole display (Quartz Window
  Services via ctypes). Focus modes have no public API and are not seen.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Callable
from typing import Protocol

from assistant.capability import Capability
from assistant.platform_flags import IS_MACOS, IS_WINDOWS, session_type

logger = logging.getLogger(__name__)


class Busy(str, enum.Enum):
    FULLSCREEN = "fullscreen"
    DO_NOT_DISTURB = "do_not_disturb"


class FocusProbe(Protocol):
    name: str

    def busy(self) -> Busy | None:
        """Why the user must not be interrupted now, or None."""

    def close(self) -> None: ...


class FocusProbeUnavailable(RuntimeError):
    """This probe cannot work here; the message says what is missing."""


class NullFocusProbe:
    """Detects nothing; ``capability`` says why (shown in the self-test)."""

    name = "none"

    def __init__(self, missing: str) -> None:
        self.capability = Capability.missing(missing)

    def busy(self) -> Busy | None:
        return None

    def close(self) -> None:
        pass


class CombinedFocusProbe:
    """Asks each probe in turn; the first that says busy wins."""

    def __init__(self, probes: list[FocusProbe]) -> None:
        self.probes = probes
        self.name = "+".join(p.name for p in probes)

    def busy(self) -> Busy | None:
        for probe in self.probes:
            try:
                found = probe.busy()
            except Exception:
                logger.exception("focus probe %s failed", probe.name)
                continue
            if found is not None:
                return found
        return None

    def close(self) -> None:
        for probe in self.probes:
            probe.close()


def create_focus_probe() -> FocusProbe:
    """The best probes for this session, combined; a null probe when there is none."""
    probes: list[FocusProbe] = []
    missing: list[str] = []
    candidates: list[Callable[[], FocusProbe]]
    if IS_WINDOWS:
        from assistant.focus.windows import WindowsNotificationStateProbe

        candidates = [WindowsNotificationStateProbe]
    elif IS_MACOS:
        from assistant.focus.macos import MacFullscreenProbe

        candidates = [MacFullscreenProbe]
        missing.append("macOS Focus (do-not-disturb) has no public API and is not seen")
    else:
        from assistant.focus.gnome_dnd import GnomeDoNotDisturbProbe
        from assistant.focus.x11 import X11FullscreenProbe

        candidates = [GnomeDoNotDisturbProbe]
        if session_type() == "x11":
            candidates.insert(0, X11FullscreenProbe)
        else:
            missing.append(f"full-screen windows cannot be seen on a {session_type()} session")
    for make in candidates:
        try:
            probes.append(make())
        except FocusProbeUnavailable as exc:
            missing.append(str(exc))
    for text in missing:
        logger.info("focus probe: %s", text)
    if not probes:
        return NullFocusProbe("; ".join(missing) or "no probe for this system")
    return probes[0] if len(probes) == 1 else CombinedFocusProbe(probes)

"""Is the Linux session's lock screen up? Asked of logind and of the GNOME ScreenSaver.

- logind: ``LockedHint`` of this session (``loginctl show-session $XDG_SESSION_ID -p
  LockedHint --value``). GNOME, KDE and light-locker set it; xscreensaver and
  xss-lock+i3lock-style lockers often do not, so a "no" only overrules ``loginctl
  lock-session`` (which exits 0 whether or not anything locked).
- GNOME Shell / gnome-screensaver: ``org.gnome.ScreenSaver.GetActive`` on the session bus.

Each probe answers True, False, or None when it cannot tell. A probe that fails the first
time it is asked (no logind, no such service) stays silent afterwards, so an unsupported
desktop pays for the question once.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
from collections.abc import Mapping

from assistant.idle.session_bus import BusCallFailed, SessionBus

logger = logging.getLogger(__name__)

PROBE_TIMEOUT_S = 2.0


class LogindLockedHintProbe:
    name = "logind"

    def __init__(self, env: Mapping[str, str]) -> None:
        self._env = dict(env)
        self._loginctl = shutil.which("loginctl", path=env.get("PATH", ""))
        self._session = env.get("XDG_SESSION_ID") or "auto"
        self._ever_worked = False
        self._gave_up = self._loginctl is None

    def __call__(self) -> bool | None:
        if self._gave_up or self._loginctl is None:
            return None
        try:
            result = subprocess.run(
                [self._loginctl, "show-session", self._session, "-p", "LockedHint", "--value"],
                capture_output=True, text=True, timeout=PROBE_TIMEOUT_S, env=self._env,
                stdin=subprocess.DEVNULL, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            self._failed(str(exc))
            return None
        value = result.stdout.strip().lower()
        if result.returncode != 0 or value not in ("yes", "no"):
            self._failed(result.stderr.strip()[:160] or f"exit {result.returncode}")
            return None
        self._ever_worked = True
        return value == "yes"

    def _failed(self, why: str) -> None:
        if not self._ever_worked:
            logger.info("logind cannot tell the lock state (%s); not asking again", why)
            self._gave_up = True


class GnomeScreenSaverProbe:
    name = "gnome-screensaver"

    def __init__(self, bus: SessionBus | None = None) -> None:
        self._bus = bus
        self._gave_up = False

    def __call__(self) -> bool | None:
        if self._gave_up:
            return None
        try:
            if self._bus is None:
                self._bus = SessionBus()
            value = self._bus.call("org.gnome.ScreenSaver", "/org/gnome/ScreenSaver",
                                   "org.gnome.ScreenSaver", "GetActive")
        except BusCallFailed as exc:
            logger.info("the GNOME ScreenSaver cannot tell the lock state (%s); not asking again", exc)
            self._gave_up = True
            return None
        return bool(value)


class FirstAnswerProbe:
    """Ask probes in order; the first that can tell decides."""

    def __init__(self, probes: list) -> None:  # type: ignore[type-arg]
        self.probes = probes

    def __call__(self) -> bool | None:
        for probe in self.probes:
            answer = probe()
            if answer is not None:
                return bool(answer)
        return None


def linux_lock_probe(env: Mapping[str, str]) -> FirstAnswerProbe:
    probes: list = [LogindLockedHintProbe(env)]  # type: ignore[type-arg]
    if env.get("DBUS_SESSION_BUS_ADDRESS"):
        probes.append(GnomeScreenSaverProbe())
    return FirstAnswerProbe(probes)

"""Lock backends that are commands: the Linux lockers and the administrator's lock_command.

Commands run without a shell, with a timeout, and count as locked only when they exit 0.
The order puts the current desktop's own locker first (a desktop knows best how to lock
itself), then loginctl (every logind desktop listens to it), then the rest.
"""

from __future__ import annotations

import logging
import shlex
import shutil
import subprocess
import threading
from collections.abc import Mapping
from dataclasses import dataclass

from assistant.locking import LockAttempt

logger = logging.getLogger(__name__)

COMMAND_TIMEOUT_S = 5.0
REASON_CHARS = 160

# Generic order: logind first, then what the freedesktop world offers.
GENERIC_ORDER = (
    "loginctl",
    "xdg-screensaver",
    "dm-tool",
    "xscreensaver-command",
    "light-locker-command",
    "gnome-screensaver-command",
    "cinnamon-screensaver-command",
    "mate-screensaver-command",
)

# The desktop's own locker goes before the generic order.
DESKTOP_FIRST: dict[str, tuple[str, ...]] = {
    "gnome": ("gnome-screensaver-command",),
    "ubuntu": ("gnome-screensaver-command",),
    "unity": ("gnome-screensaver-command",),
    "gnome-flashback": ("gnome-screensaver-command",),
    "budgie": ("gnome-screensaver-command",),
    "x-cinnamon": ("cinnamon-screensaver-command",),
    "cinnamon": ("cinnamon-screensaver-command",),
    "mate": ("mate-screensaver-command",),
    "xfce": ("xflock4", "light-locker-command"),
    "lxde": ("light-locker-command", "xscreensaver-command"),
    "lxqt": ("light-locker-command", "xscreensaver-command"),
}

ARGUMENTS: dict[str, tuple[str, ...]] = {
    "loginctl": ("lock-session",),
    "xdg-screensaver": ("lock",),
    "dm-tool": ("lock",),
    "xscreensaver-command": ("-lock",),
    "light-locker-command": ("-l",),
    "gnome-screensaver-command": ("-l",),
    "cinnamon-screensaver-command": ("-l",),
    "mate-screensaver-command": ("-l",),
    "xflock4": (),
}


def _tail(text: str) -> str:
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return lines[-1][:REASON_CHARS] if lines else ""


@dataclass
class CommandBackend:
    """One locker program, found on PATH, run with its lock arguments."""

    name: str
    argv: list[str]
    env: Mapping[str, str]
    confirm: bool = False
    timeout_s: float = COMMAND_TIMEOUT_S

    def lock(self) -> LockAttempt:
        try:
            result = subprocess.run(self.argv, capture_output=True, text=True, errors="replace",
                                    timeout=self.timeout_s, env=dict(self.env),
                                    stdin=subprocess.DEVNULL, check=False)
        except FileNotFoundError:
            return LockAttempt(False, "not found")
        except subprocess.TimeoutExpired:
            return LockAttempt(False, f"no answer within {self.timeout_s:g} s")
        except OSError as exc:
            return LockAttempt(False, f"cannot run: {exc.strerror or exc}")
        if result.returncode != 0:
            why = _tail(result.stderr) or _tail(result.stdout)
            return LockAttempt(False, f"exit {result.returncode}" + (f": {why}" if why else ""))
        return LockAttempt(True, "exit 0")


class CustomCommandBackend:
    """The administrator's ``lock_command`` (policy only): run instead of every built-in.

    Split with shlex, no shell. Exit 0 counts as locked. A command still running after the
    timeout is taken for a foreground locker (``slock``-style, which exits on unlock): it is
    left running, never killed — killing it would unlock the screen. Reasons name the exit
    status only, never the command line (it is the administrator's, and may hold secrets).
    """

    name = "lock_command"
    confirm = False  # the administrator's command may lock in ways the OS state cannot see

    def __init__(self, command: str, env: Mapping[str, str], timeout_s: float = COMMAND_TIMEOUT_S) -> None:
        self._command = command
        self._env = dict(env)
        self.timeout_s = timeout_s

    def lock(self) -> LockAttempt:
        try:
            argv = shlex.split(self._command)
        except ValueError as exc:
            return LockAttempt(False, f"cannot parse the command: {exc}")
        if not argv:
            return LockAttempt(False, "empty command")
        try:
            proc = subprocess.Popen(argv, env=self._env, stdin=subprocess.DEVNULL,
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        except FileNotFoundError:
            return LockAttempt(False, "command not found")
        except OSError as exc:
            return LockAttempt(False, f"cannot run the command: {exc.strerror or exc}")
        try:
            code = proc.wait(self.timeout_s)
        except subprocess.TimeoutExpired:
            threading.Thread(target=proc.wait, name="lock-command-reaper", daemon=True).start()
            return LockAttempt(True, "still running (foreground locker)")
        if code != 0:
            return LockAttempt(False, f"exit {code}")
        return LockAttempt(True, "exit 0")


def linux_backends(desktop: str, env: Mapping[str, str]) -> list[CommandBackend]:
    """The lockers on $PATH, the desktop's own first."""
    path = env.get("PATH", "")
    order = list(dict.fromkeys([*DESKTOP_FIRST.get(desktop, ()), *GENERIC_ORDER]))
    backends = []
    for name in order:
        found = shutil.which(name, path=path)
        if not found:
            continue
        argv = [found, *ARGUMENTS[name]]
        if name == "loginctl" and env.get("XDG_SESSION_ID"):
            argv.append(env["XDG_SESSION_ID"])
        # loginctl exits 0 even when no locker listens to logind's Lock signal, so only its
        # lock must show up in LockedHint; the other commands fail when their locker is not
        # running, and several of them never set LockedHint.
        backends.append(CommandBackend(name, argv, env, confirm=name == "loginctl"))
    logger.debug("lock backends for desktop %r: %s", desktop, [b.name for b in backends])
    return backends

"""Lock backends: which lockers are tried, in which order, and what counts as locked.

The lockers are tiny shell scripts in a temporary PATH, run as real subprocesses.
"""

from __future__ import annotations

import os
import shutil
import signal
import stat
import sys
from pathlib import Path

import pytest

from assistant.locking import SessionLocker, create_session_locker
from assistant.locking.commands import CommandBackend, CustomCommandBackend, linux_backends
from assistant.locking.probes import FirstAnswerProbe, LogindLockedHintProbe

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="shell-script lockers")


def exe(bindir: Path, name: str, body: str) -> Path:
    bindir.mkdir(parents=True, exist_ok=True)
    path = bindir / name
    path.write_text("#!/bin/sh\n" + body + "\n")
    path.chmod(path.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return path


def env_with(bindir: Path, **extra: str) -> dict[str, str]:
    """PATH is the fake bin dir alone (a real locker on this machine must never run); the
    few tools the scripts use are linked into it."""
    bindir.mkdir(parents=True, exist_ok=True)
    for tool in ("sleep", "touch"):
        link = bindir / tool
        if not link.exists():
            link.symlink_to(shutil.which(tool) or f"/bin/{tool}")
    return {"PATH": str(bindir), "HOME": str(bindir), **extra}


def names(backends: list[CommandBackend]) -> list[str]:
    return [b.name for b in backends]


def fake_lockers(bindir: Path, log: Path, exits: dict[str, int]) -> None:
    for name, code in exits.items():
        exe(bindir, name, f'echo "{name} $*" >> "{log}"\necho "{name} is unhappy" >&2\nexit {code}')


def test_only_lockers_on_path_and_the_desktops_own_first(tmp_path: Path) -> None:
    bindir = tmp_path / "bin"
    fake_lockers(bindir, tmp_path / "log", {"loginctl": 0, "xdg-screensaver": 0,
                                            "cinnamon-screensaver-command": 0,
                                            "xscreensaver-command": 0})
    env = env_with(bindir)
    assert names(linux_backends("x-cinnamon", env)) == [
        "cinnamon-screensaver-command", "loginctl", "xdg-screensaver", "xscreensaver-command"]
    assert names(linux_backends("", env)) == [
        "loginctl", "xdg-screensaver", "xscreensaver-command", "cinnamon-screensaver-command"]
    assert "dm-tool" not in names(linux_backends("", env))
    assert linux_backends("", {"PATH": str(tmp_path / "empty")}) == []


def test_lockers_are_tried_in_order_until_one_exits_0(tmp_path: Path) -> None:
    bindir, log = tmp_path / "bin", tmp_path / "log"
    fake_lockers(bindir, log, {"loginctl": 1, "xdg-screensaver": 4, "dm-tool": 0,
                               "xscreensaver-command": 0})
    env = env_with(bindir, XDG_SESSION_ID="c7")
    locker = SessionLocker(linux_backends("", env), probe=None)
    outcome = locker.lock()
    assert outcome.locked and outcome.backend == "dm-tool" and not outcome.confirmed
    assert outcome.reasons == {"loginctl": "exit 1: loginctl is unhappy",
                               "xdg-screensaver": "exit 4: xdg-screensaver is unhappy"}
    assert log.read_text().splitlines() == ["loginctl lock-session c7", "xdg-screensaver lock",
                                            "dm-tool lock"]  # xscreensaver-command never ran


def test_nothing_locks_gives_a_reason_per_backend(tmp_path: Path) -> None:
    bindir, log = tmp_path / "bin", tmp_path / "log"
    fake_lockers(bindir, log, {"loginctl": 1, "xdg-screensaver": 3})
    env = env_with(bindir)
    outcome = SessionLocker(linux_backends("", env)).lock()
    assert not outcome.locked
    assert set(outcome.reasons) >= {"loginctl", "xdg-screensaver"}
    assert SessionLocker([]).lock().reasons == {"none": "no lock backend on this system"}


def test_loginctl_exit_0_without_a_locker_is_not_taken_for_a_lock(tmp_path: Path) -> None:
    """logind accepts lock-session even when no locker listens; LockedHint tells the truth."""
    bindir, log = tmp_path / "bin", tmp_path / "log"
    exe(bindir, "loginctl", f'''
case "$1" in
  lock-session) echo "lock $2" >> "{log}"; exit 0 ;;
  show-session) echo no; exit 0 ;;
esac
exit 1''')
    exe(bindir, "xscreensaver-command", f'echo xscreensaver >> "{log}"; exit 0')
    env = env_with(bindir, XDG_SESSION_ID="4")
    probe = FirstAnswerProbe([LogindLockedHintProbe(env)])
    locker = SessionLocker(linux_backends("", env), probe, confirm_timeout_s=0.5)
    outcome = locker.lock()
    assert outcome.reasons["loginctl"] == "exited 0 but the session did not lock"
    assert outcome.locked and outcome.backend == "xscreensaver-command"
    assert log.read_text().splitlines() == ["lock 4", "xscreensaver"]


def test_loginctl_lock_confirmed_by_lockedhint(tmp_path: Path) -> None:
    bindir, state = tmp_path / "bin", tmp_path / "locked"
    exe(bindir, "loginctl", f'''
case "$1" in
  lock-session) touch "{state}"; exit 0 ;;
  show-session) [ "$2" = 9 ] || exit 1; if [ -e "{state}" ]; then echo yes; else echo no; fi; exit 0 ;;
esac
exit 1''')
    env = env_with(bindir, XDG_SESSION_ID="9")
    probe = LogindLockedHintProbe(env)
    assert probe() is False
    outcome = create_session_locker("", env=env, probe=probe).lock()
    assert outcome.locked and outcome.confirmed and outcome.backend == "loginctl"
    assert probe() is True


def test_logind_probe_gives_up_quietly_without_logind(tmp_path: Path) -> None:
    bindir, count = tmp_path / "bin", tmp_path / "count"
    exe(bindir, "loginctl", f'echo x >> "{count}"\necho "System has not been booted with systemd" >&2\nexit 1')
    probe = LogindLockedHintProbe(env_with(bindir))
    assert probe() is None and probe() is None
    assert count.read_text().count("x") == 1  # asked once, not on every tick


def test_lock_command_runs_alone_without_a_shell(tmp_path: Path) -> None:
    bindir, log = tmp_path / "bin", tmp_path / "log"
    fake_lockers(bindir, log, {"loginctl": 0, "xdg-screensaver": 0})
    record = tmp_path / "args"
    script = exe(tmp_path / "admin", "our-lock", f'for a in "$@"; do echo "[$a]" >> "{record}"; done')
    env = env_with(bindir)
    locker = create_session_locker(f"{script} 'two words' $HOME ';' 'touch {tmp_path}/pwned'", env=env)
    assert [b.name for b in locker.backends] == ["lock_command"]
    outcome = locker.lock()
    assert outcome.locked and outcome.backend == "lock_command"
    assert record.read_text().splitlines() == ["[two words]", "[$HOME]", "[;]", f"[touch {tmp_path}/pwned]"]
    assert not (tmp_path / "pwned").exists() and not log.exists()


def test_lock_command_failure_names_the_exit_status_not_the_command(tmp_path: Path) -> None:
    script = exe(tmp_path, "lock-it", "echo 'token hunter2 rejected' >&2; exit 3")
    outcome = create_session_locker(f"{script} --password=hunter2", env=env_with(tmp_path)).lock()
    assert not outcome.locked
    assert outcome.reasons == {"lock_command": "exit 3"}
    assert "hunter2" not in repr(outcome)


def test_lock_command_that_does_not_exist(tmp_path: Path) -> None:
    outcome = CustomCommandBackend(str(tmp_path / "no-such-locker"), env_with(tmp_path)).lock()
    assert not outcome.ok and outcome.detail == "command not found"
    assert not CustomCommandBackend("'unbalanced", {}).lock().ok


def test_a_foreground_locker_is_left_running(tmp_path: Path) -> None:
    """slock-style lockers exit on unlock: killing one after a timeout would unlock."""
    pidfile = tmp_path / "pid"
    script = exe(tmp_path, "slock", f'echo $$ > "{pidfile}"\nexec sleep 60')
    backend = CustomCommandBackend(str(script), env_with(tmp_path), timeout_s=0.5)
    attempt = backend.lock()
    pid = int(pidfile.read_text())
    try:
        assert attempt.ok and "still running" in attempt.detail
        os.kill(pid, 0)  # still alive
    finally:
        os.kill(pid, signal.SIGTERM)


def test_a_builtin_locker_that_hangs_is_given_up(tmp_path: Path) -> None:
    script = exe(tmp_path, "gnome-screensaver-command", "exec sleep 30")
    backend = CommandBackend("gnome-screensaver-command", [str(script), "-l"], env_with(tmp_path),
                             timeout_s=0.3)
    attempt = backend.lock()
    assert not attempt.ok and attempt.detail == "no answer within 0.3 s"


def test_the_first_probe_that_can_tell_decides() -> None:
    assert FirstAnswerProbe([lambda: None, lambda: True, lambda: False])() is True
    assert FirstAnswerProbe([lambda: None])() is None
    assert FirstAnswerProbe([lambda: False, lambda: True])() is False

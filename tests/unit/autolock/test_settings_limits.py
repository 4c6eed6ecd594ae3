"""The auto-lock's limits as a user meets them on the command line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from assistant.autolock import IdleLockPolicy
from assistant.settings import resolve

REPO = Path(__file__).resolve().parents[3]


def cli(tmp_path: Path, *args: str, policy: str) -> subprocess.CompletedProcess[str]:
    policy_file = tmp_path / "policy.toml"
    policy_file.write_text(policy, encoding="utf-8")
    return subprocess.run([sys.executable, "-m", "assistant", *args, "--basedir", str(tmp_path / "base"),
                           "--policy", str(policy_file)], capture_output=True, text=True, cwd=REPO,
                          timeout=60, check=False)


def test_a_longer_idle_time_than_the_policy_allows_is_refused(tmp_path: Path) -> None:
    policy = "[autolock]\nidle_timeout_s = { max = 600 }\n"
    result = cli(tmp_path, "config", "set", "autolock.idle_timeout_s", "900", policy=policy)
    assert result.returncode == 1
    assert "Refused: autolock.idle_timeout_s = 900" in result.stderr
    assert "above the maximum 600" in result.stderr and "administrator's policy" in result.stderr
    settings_file = tmp_path / "base" / "config" / "settings.toml"
    assert not settings_file.exists() or "900" not in settings_file.read_text()
    shorter = cli(tmp_path, "config", "set", "autolock.idle_timeout_s", "120", policy=policy)
    assert shorter.returncode == 0, shorter.stderr


def test_no_setting_allows_more_than_30_minutes(tmp_path: Path) -> None:
    result = cli(tmp_path, "config", "set", "autolock.idle_timeout_s", "1801", policy="")
    assert result.returncode == 1 and "1800" in result.stderr and "hard limit" in result.stderr


def test_the_lock_command_is_the_administrators_alone(tmp_path: Path) -> None:
    result = cli(tmp_path, "config", "set", "autolock.lock_command", '"xdg-screensaver lock"', policy="")
    assert result.returncode == 1 and "Refused" in result.stderr


def test_a_user_file_cannot_lengthen_the_policy_value(tmp_path: Path) -> None:
    policy = tmp_path / "policy.toml"
    policy.write_text("[autolock]\nidle_timeout_s = 600\n")
    user = tmp_path / "settings.toml"
    user.write_text("[autolock]\nidle_timeout_s = 1200\nwarning_s = 20\n")
    resolved = resolve(policy, user)
    effective = IdleLockPolicy.from_settings(resolved.settings.autolock)
    assert effective.timeout_s == 600 and effective.warning_s == 20
    assert any("idle_timeout_s" in str(p) for p in resolved.problems)

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from assistant import __version__

REPO = Path(__file__).resolve().parents[2]


def cli(tmp_path: Path, *args: str, policy: str = "") -> subprocess.CompletedProcess[str]:
    policy_file = tmp_path / "policy.toml"
    policy_file.write_text(policy)
    return subprocess.run([sys.executable, "-m", "assistant", *args, "--basedir", str(tmp_path / "base"),
                           "--policy", str(policy_file)], capture_output=True, text=True, cwd=REPO, timeout=60,
                          check=False)


def test_version(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "assistant", "--version"], capture_output=True, text=True, cwd=REPO,
                            check=False)
    assert result.stdout.strip() == f"safety-assistant {__version__}"


def test_config_set_above_policy_maximum_is_refused(tmp_path: Path) -> None:
    policy = "[autolock]\nidle_timeout_s = { max = 600 }\n"
    result = cli(tmp_path, "config", "set", "autolock.idle_timeout_s", "900", policy=policy)
    assert result.returncode == 1
    assert "Refused" in result.stderr and "above the maximum 600" in result.stderr
    assert "administrator's policy" in result.stderr
    ok = cli(tmp_path, "config", "set", "autolock.idle_timeout_s", "240", policy=policy)
    assert ok.returncode == 0
    shown = cli(tmp_path, "config", "show", policy=policy).stdout
    assert "autolock.idle_timeout_s = 240  (user)" in shown


def test_audit_json_and_since(tmp_path: Path) -> None:
    cli(tmp_path, "config", "set", "breaks.eye_interval_s", "600")
    result = cli(tmp_path, "audit", "--json")
    [event] = [json.loads(line) for line in result.stdout.splitlines()]
    assert event["kind"] == "settings.changed" and event["details"]["key"] == "breaks.eye_interval_s"
    assert "time" in event
    assert cli(tmp_path, "audit", "--since", "2999-01-01").stdout == ""
    bad = cli(tmp_path, "audit", "--since", "yesterday")
    assert bad.returncode == 2 and "not an ISO time" in bad.stderr


def test_autostart_install_and_remove(tmp_path: Path) -> None:
    env_home = tmp_path / "xdg"
    import os

    env = {**os.environ, "XDG_CONFIG_HOME": str(env_home)}
    run = lambda *a: subprocess.run([sys.executable, "-m", "assistant", *a], capture_output=True,
                                    text=True, cwd=REPO, env=env, timeout=60, check=False)
    if not sys.platform.startswith("linux"):
        return
    result = run("--install-autostart", "--basedir", str(tmp_path / "b"))
    assert result.returncode == 0
    entry = env_home / "autostart" / "safety-assistant.desktop"
    text = entry.read_text()
    assert "Exec=" in text and "--basedir" in text and "Name[zh_CN]=坐席安全助手" in text
    assert run("--remove-autostart").returncode == 0 and not entry.exists()


def test_enroll_over_http_to_another_machine_is_refused(tmp_path: Path) -> None:
    result = cli(tmp_path, "enroll", "http://192.0.2.77:8443", "SOME-CODE")
    assert result.returncode == 1
    assert "plain http" in result.stderr and "--insecure" in result.stderr
    assert not (tmp_path / "base" / "config" / "settings.toml").exists() or \
        "192.0.2.77" not in (tmp_path / "base" / "config" / "settings.toml").read_text()


def test_the_windowed_executable_without_standard_streams_still_returns_exit_codes(tmp_path: Path) -> None:
    # A console=False Windows executable (and pythonw.exe) starts with sys.stdin/stdout/stderr
    # set to None; the commands a desktop button calls must still run and say how it went.
    sample = tmp_path / "sample.txt"
    sample.write_text("客户身份证 11010519491231002X", encoding="utf-8")
    code = ("import sys; sys.stdin = sys.stdout = sys.stderr = None\n"
            "from assistant.cli import main\n"
            f"raise SystemExit(main(['scan', {str(sample)!r}]) * 10 + main(['scan', {str(tmp_path / 'none.txt')!r}]))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=60,
                            check=False)
    assert (result.returncode, result.stdout, result.stderr) == (1 * 10 + 2, "", "")

"""The real program starts on 1 MB broken policy and settings files and says what is wrong."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]

BROKEN_MB = (b"[panic]\nconfirm = \"hold\"\nhold_s = " + b"[" * 1000 + b"]" * 1000 + b"\n"
             + b"".join(b"hold_s = [[%d\nunknown_%d = 1\n" % (i, i) for i in range(40_000)))


def run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    base = tmp_path / "base"
    (base / "config").mkdir(parents=True, exist_ok=True)
    (base / "config" / "settings.toml").write_bytes(BROKEN_MB)
    policy = tmp_path / "policy.toml"
    policy.write_bytes(b"\xef\xbb\xbf" + BROKEN_MB[:4000].replace(b"hold_s = [", b"hold_s = { max = 2.0 }\nx = [", 1))
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run([sys.executable, "-m", "assistant", "--basedir", str(base), "--policy", str(policy), *args],
                          check=False, capture_output=True, text=True, cwd=REPO, env=env, timeout=300)


def test_config_check_on_a_broken_megabyte(tmp_path: Path) -> None:
    assert len(BROKEN_MB) > 1_000_000
    result = run(tmp_path, "config", "check")
    assert result.returncode == 1
    assert "settings.toml, line 3, panic.hold_s: not valid TOML: values nested too deeply" in result.stdout
    assert "policy.toml, line 4, panic.x: not valid TOML: values nested too deeply" in result.stdout
    assert "problem(s)" in result.stdout.splitlines()[-1]
    shown = run(tmp_path, "config", "show").stdout
    assert 'panic.confirm = "hold"  (policy (fixed))' in shown
    assert "panic.hold_s = 1.5" in shown and "..2.0]" in shown


def test_the_app_starts_on_a_broken_megabyte(tmp_path: Path) -> None:
    result = run(tmp_path, "--self-test")
    lines = result.stdout.splitlines()
    assert any(line.startswith("self-test:") for line in lines), result.stdout[-2000:] + result.stderr[-2000:]
    settings_line = next(line for line in lines if line.split()[1:2] == ["settings"])
    assert "problem(s)" in settings_line and "policy.toml, line 4, panic.x: not valid TOML: values nested too deeply" in settings_line

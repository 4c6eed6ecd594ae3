from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.selfcheck.app_windows import WindowInfo
from assistant.selfcheck.cli import selfcheck_command
from assistant.selfcheck.probes import Platform
from assistant.selfcheck.removable import SysfsRemovableDrives
from assistant.settings.model import Settings
from tests.unit.selfcheck.fakes import (
    FakeClipboard,
    FakeSys,
    FakeWindows,
    resident_id,
    write_script,
)

REPO = Path(__file__).resolve().parents[3]


def platform(tmp_path: Path, clipboard: str, windows: list[WindowInfo]) -> Platform:
    fake = FakeSys(tmp_path)
    fake.disk("sda", FakeSys.SATA_PARENT, removable=False)
    return Platform(clipboard=FakeClipboard(clipboard),
                    drives=SysfsRemovableDrives(fake.root, fake.mounts),
                    windows=FakeWindows(windows))


def test_json_lines_and_exit_status(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_script(tmp_path / "bin", "lpstat", "exit 0\n")
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    settings = Settings()
    settings.selfcheck.customer_app_patterns = ["CRM"]
    out = io.StringIO()
    code = selfcheck_command(settings, True, True, out,
                             platform(tmp_path, f"身份证 {resident_id()}", [WindowInfo(7, "CRM - 客户")]))
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert code == 1
    assert [line["item"] for line in lines] == ["clipboard", "removable_storage", "print_queue",
                                                "customer_apps"]
    assert [line["ok"] for line in lines] == [False, True, True, False]
    assert all(set(line) == {"item", "ok", "status", "detail"} for line in lines)
    assert resident_id() not in out.getvalue()

    out = io.StringIO()
    assert selfcheck_command(settings, False, False, out, platform(tmp_path / "b", "", [])) == 0
    assert out.getvalue().splitlines()[-1] == "All automatic checks passed."


def test_cli_subcommand_reads_the_clipboard_tool_and_policy(tmp_path: Path) -> None:
    """The real command line: a fake xclip on PATH holds an ID number; no Qt is imported."""
    store = tmp_path / "clip"
    store.write_text(resident_id())
    bin_dir = tmp_path / "bin"
    write_script(bin_dir, "xclip", f'[ "$1" = "-o" ] && cat "{store}"\n')
    write_script(bin_dir, "lpstat", "exit 0\n")
    policy = tmp_path / "policy.toml"
    policy.write_text('[selfcheck]\ncustomer_app_patterns = ["CRM"]\n')
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}", "DISPLAY": ":99"}
    env.pop("WAYLAND_DISPLAY", None)
    code = ("import sys; sys.modules['PySide6'] = None\n"
            "from assistant.cli import main\n"
            "sys.exit(main(sys.argv[1:]))\n")
    args = [sys.executable, "-c", code, "selfcheck", "--json", "--basedir", str(tmp_path / "base"),
            "--policy", str(policy)]
    result = subprocess.run(args, capture_output=True, text=True, env=env, cwd=REPO, timeout=60,
                            check=False)
    assert result.returncode == 1, result.stderr
    first = json.loads(result.stdout.splitlines()[0])
    assert first["item"] == "clipboard" and first["ok"] is False and "cn_resident_id" in first["detail"]
    store.write_text("")
    result = subprocess.run(args, capture_output=True, text=True, env=env, cwd=REPO, timeout=60,
                            check=False)
    assert json.loads(result.stdout.splitlines()[0])["ok"] is True
    assert result.returncode == 0, result.stdout

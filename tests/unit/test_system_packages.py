"""scripts/install-system-packages names every program the app and the tests run.

The programs are found the way a reader would: the first word of every subprocess call and
every shutil.which() in the Python sources, plus the tools scripts/virtual-desktop needs. A
program that is added there without adding it to the script's command lists fails here, and so
does a command in the lists that nothing runs any more.
"""
from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "scripts" / "install-system-packages"
SOURCE_ROOTS = ("assistant", "ui", "relay", "tests", "scripts", "benchmarks")
CALLS = {"run", "Popen", "check_output", "check_call", "call", "which"}

# Found by the scan but not required on this Debian test machine, and why.
NOT_REQUIRED = {
    # other operating systems
    "afplay": "macOS", "diskutil": "macOS", "osascript": "macOS", "pbcopy": "macOS",
    "pbpaste": "macOS", "powershell": "Windows",
    # alternatives the app uses only when present (the tests fake them on PATH)
    "udisksctl": "udisks2 is optional: without it the app says it cannot eject",
    "xsel": "xclip is the X11 clipboard tool the app prefers", "wl-copy": "Wayland only",
    "wl-paste": "Wayland only",
    # PostgreSQL's bin dir is not on PATH on Debian: tests/relay/postgres_cluster.py looks in
    # /usr/lib/postgresql/*/bin (package postgresql, installed with --test); pg_config is only
    # its last fallback
    "initdb": "postgresql, not on PATH", "pg_ctl": "postgresql, not on PATH",
    "pg_config": "postgresql-common, a fallback only",
    # string arguments that are not programs
    "-": "stdin", "--install-autostart": "CLI flag", "--remove-autostart": "CLI flag",
    "org.gnome.ScreenSaver": "a D-Bus name",
}
# Run without a literal first word in a call, so the scan cannot see them: where they are run.
RUN_INDIRECTLY = {
    "aplay": ("assistant/supervision/sound/linux.py", '["aplay"'),
    "gcc": ("scripts/compile_native.py", "mypyc"),
}


def _called_name(node: ast.Call) -> str | None:
    func = node.func
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else None


def programs_in_python() -> dict[str, set[str]]:
    """The literal first word of each subprocess call / shutil.which() → the files running it."""
    found: dict[str, set[str]] = {}
    for root in SOURCE_ROOTS:
        for path in (REPO / root).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not isinstance(node, ast.Call) or not node.args or _called_name(node) not in CALLS:
                    continue
                first = node.args[0]
                if isinstance(first, ast.List | ast.Tuple) and first.elts:
                    first = first.elts[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    found.setdefault(first.value, set()).add(str(path.relative_to(REPO)))
    return found


def programs_in_virtual_desktop() -> set[str]:
    text = (REPO / "scripts" / "virtual-desktop").read_text(encoding="utf-8")
    checked = re.search(r"^for tool in ([^;]+); do", text, re.MULTILINE)
    assert checked, "scripts/virtual-desktop no longer lists the tools it checks"
    return set(checked.group(1).split()) | set(re.findall(r"\bexec (\S+)", text))


def required_commands() -> set[str]:
    """The union of the script's runtime_commands and test_commands arrays."""
    text = SCRIPT.read_text(encoding="utf-8")
    commands: set[str] = set()
    for name in ("runtime_commands", "test_commands"):
        body = re.search(rf"^{name}=\((.*?)^\)", text, re.MULTILINE | re.DOTALL)
        assert body, f"{name} is missing from {SCRIPT}"
        for line in body.group(1).splitlines():
            word = line.split("#", 1)[0].strip()
            if word:
                commands.add(word)
    return commands


def test_every_program_the_code_runs_is_required() -> None:
    required = required_commands()
    run = programs_in_python()
    missing = {name: sorted(files) for name, files in run.items()
               if name not in required and name not in NOT_REQUIRED}
    missing.update({name: ["scripts/virtual-desktop"]
                    for name in programs_in_virtual_desktop() - required})
    assert not missing, f"add these to scripts/install-system-packages (with their package): {missing}"


def test_every_required_command_is_still_run() -> None:
    run = set(programs_in_python()) | programs_in_virtual_desktop()
    for name, (file, marker) in RUN_INDIRECTLY.items():
        assert marker in (REPO / file).read_text(encoding="utf-8"), f"{name}: {file} changed"
        run.add(name)
    assert required_commands() - run == set()
    assert not set(NOT_REQUIRED) & required_commands()


def _bin_with(tmp_path: Path, names: list[str]) -> Path:
    """A PATH holding the tools the script itself needs, fake dpkg tools and the given commands."""
    bindir = tmp_path / "bin"
    bindir.mkdir()
    for tool in ("bash", "grep", "id", "env"):
        target = shutil.which(tool)
        assert target
        (bindir / tool).symlink_to(target)
    (bindir / "dpkg").write_text("#!/bin/sh\nexit 0\n")
    (bindir / "dpkg-query").write_text("#!/bin/sh\necho 'install ok installed'\n")  # all installed
    for name in names:
        (bindir / name).write_text("#!/bin/sh\nexit 0\n")
    for exe in bindir.iterdir():
        if not exe.is_symlink():
            exe.chmod(0o755)
    return bindir


@pytest.mark.linux
def test_the_script_stops_naming_the_commands_still_missing(tmp_path: Path) -> None:
    present = sorted(required_commands() - {"xrandr", "wmctrl"})
    bindir = _bin_with(tmp_path, present)
    result = subprocess.run([str(bindir / "bash"), str(SCRIPT), "--test"], capture_output=True, text=True,
                            env={**os.environ, "PATH": str(bindir)}, timeout=60, check=False)
    assert result.returncode == 1
    missing_line = result.stderr.strip().splitlines()[-1]
    assert "still missing" in missing_line
    absent = set(missing_line.rsplit(":", 1)[1].split())
    # /usr/sbin and /sbin are searched too (cupsd, lpadmin), so only the two /usr/bin tools are absent
    assert absent == {"xrandr", "wmctrl"}

    (bindir / "xrandr").write_text("#!/bin/sh\nexit 0\n")
    (bindir / "wmctrl").write_text("#!/bin/sh\nexit 0\n")
    (bindir / "xrandr").chmod(0o755)
    (bindir / "wmctrl").chmod(0o755)
    result = subprocess.run([str(bindir / "bash"), str(SCRIPT), "--test"], capture_output=True, text=True,
                            env={**os.environ, "PATH": str(bindir)}, timeout=60, check=False)
    assert result.returncode == 0, result.stderr

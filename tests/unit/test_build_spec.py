"""What build.spec asks PyInstaller to build on each OS.

PyInstaller builds only for the OS it runs on, so the Windows and macOS builds cannot run here
(their CI workflows are in .github/workflows). The spec is a Python script PyInstaller runs
with its build classes (Analysis, PYZ, EXE, COLLECT, BUNDLE) as globals; here it runs with
recorders in their place and ``sys.platform`` set to each OS, and the test checks the
executables and the bundle it asks for. The Linux build itself runs in scripts/test.
"""

from __future__ import annotations

import plistlib
import sys
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]


class Recorded:
    def __init__(self, kind: str, builds: list[Recorded], *args: Any, **kwargs: Any) -> None:
        self.kind, self.args, self.kwargs = kind, args, kwargs
        self.pure = self.scripts = self.binaries = self.datas = []
        builds.append(self)


def run_spec(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, platform: str) -> list[Recorded]:
    import PyInstaller.utils.hooks

    # A copy of the tree without build/native: the spec then needs SAFETY_ALLOW_PURE_PII.
    for part in ("assistant", "resources", "scripts", "build.spec"):
        (tmp_path / part).symlink_to(REPO / part)
    monkeypatch.setenv("SAFETY_ALLOW_PURE_PII", "1")
    monkeypatch.setattr(PyInstaller.utils.hooks, "collect_submodules", lambda package: [package])
    builds: list[Recorded] = []
    spec_globals: dict[str, Any] = {"SPECPATH": str(tmp_path), "__name__": "__main__"}
    for kind in ("Analysis", "PYZ", "EXE", "COLLECT", "BUNDLE"):
        spec_globals[kind] = lambda *a, _kind=kind, **k: Recorded(_kind, builds, *a, **k)
    monkeypatch.setattr(sys, "platform", platform)
    exec(compile((REPO / "build.spec").read_text(encoding="utf-8"), "build.spec", "exec"), spec_globals)  # noqa: S102 (as PyInstaller runs it)
    monkeypatch.undo()
    return builds


def executables(builds: list[Recorded]) -> dict[str, bool]:
    return {b.kwargs["name"]: b.kwargs["console"] for b in builds if b.kind == "EXE"}


def test_linux_builds_one_console_executable_as_before(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    builds = run_spec(tmp_path, monkeypatch, "linux")
    assert executables(builds) == {"safety-assistant": True}
    assert not [b for b in builds if b.kind == "BUNDLE"]


def test_windows_builds_a_windowed_tray_app_and_a_console_cli_in_one_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    builds = run_spec(tmp_path, monkeypatch, "win32")
    # No console window at login (closing it would end the app, the auto-lock and the panic
    # button); the command line gets one and its exit codes.
    assert executables(builds) == {"safety-assistant": False, "safety-assistant-cli": True}
    [collect] = [b for b in builds if b.kind == "COLLECT"]
    assert [a for a in collect.args if isinstance(a, Recorded) and a.kind == "EXE"] == \
        [b for b in builds if b.kind == "EXE"]  # both share one folder of libraries
    icon = Path(next(b for b in builds if b.kind == "EXE").kwargs["icon"])
    assert icon.read_bytes()[:4] == b"\x00\x00\x01\x00"  # a real .ico (the header Windows reads)


def test_macos_builds_an_app_bundle_without_a_dock_icon(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    builds = run_spec(tmp_path, monkeypatch, "darwin")
    # console=True would make PyInstaller write LSBackgroundOnly: no menu-bar item at all.
    assert executables(builds) == {"safety-assistant": False}
    [bundle] = [b for b in builds if b.kind == "BUNDLE"]
    assert bundle.kwargs["name"].endswith(".app")
    assert bundle.kwargs["info_plist"]["LSUIElement"] is True
    assert bundle.kwargs["bundle_identifier"]  # what the privacy permissions attach to
    plistlib.dumps(bundle.kwargs["info_plist"])  # PyInstaller writes it with plistlib
    assert Path(bundle.kwargs["icon"]).read_bytes()[:4] == b"icns"

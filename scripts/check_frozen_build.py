#!/usr/bin/env python3
"""Check what the Windows and macOS frozen builds must be (the CI workflows run it).

  python scripts/check_frozen_build.py windows dist/safety-assistant
      safety-assistant.exe is a windowed (GUI subsystem) program: no console opens at login;
      safety-assistant-cli.exe is a console program: it prints and returns exit codes.
  python scripts/check_frozen_build.py macos "dist/Safety Assistant.app"
      the bundle's Info.plist has LSUIElement (no Dock icon) and a bundle identifier.

Exit status 1 with the reason when the build is not what it should be.
"""

from __future__ import annotations

import plistlib
import struct
import sys
from pathlib import Path

IMAGE_SUBSYSTEM_WINDOWS_GUI = 2
IMAGE_SUBSYSTEM_WINDOWS_CUI = 3


def pe_subsystem(exe: Path) -> int:
    """The Subsystem field of a PE image's optional header (the same offset in PE32 and PE32+)."""
    data = exe.read_bytes()
    if data[:2] != b"MZ":
        raise ValueError(f"{exe} is not a PE image")
    pe = struct.unpack_from("<I", data, 0x3C)[0]
    if data[pe:pe + 4] != b"PE\0\0":
        raise ValueError(f"{exe} has no PE signature")
    optional_header = pe + 4 + 20  # signature, COFF file header
    return int(struct.unpack_from("<H", data, optional_header + 68)[0])


def check_windows(folder: Path) -> list[str]:
    problems = []
    for name, wanted, what in (("safety-assistant.exe", IMAGE_SUBSYSTEM_WINDOWS_GUI, "windowed"),
                               ("safety-assistant-cli.exe", IMAGE_SUBSYSTEM_WINDOWS_CUI, "console")):
        exe = folder / name
        if not exe.is_file():
            problems.append(f"{exe} is missing")
        elif pe_subsystem(exe) != wanted:
            problems.append(f"{exe} is not a {what} program (subsystem {pe_subsystem(exe)})")
    return problems


def check_macos(bundle: Path) -> list[str]:
    plist = bundle / "Contents" / "Info.plist"
    if not plist.is_file():
        return [f"{plist} is missing"]
    info = plistlib.loads(plist.read_bytes())
    problems = []
    if info.get("LSUIElement") is not True:
        problems.append("Info.plist: LSUIElement is not true (the app would show a Dock icon)")
    if info.get("LSBackgroundOnly"):
        problems.append("Info.plist: LSBackgroundOnly is set (the menu-bar item could not show)")
    if not info.get("CFBundleIdentifier"):
        problems.append("Info.plist: no CFBundleIdentifier (privacy permissions attach to it)")
    executable = bundle / "Contents" / "MacOS" / str(info.get("CFBundleExecutable", ""))
    if not executable.is_file():
        problems.append(f"{executable} is missing")
    return problems


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("windows", "macos"):
        raise SystemExit(__doc__)
    found = (check_windows if sys.argv[1] == "windows" else check_macos)(Path(sys.argv[2]))
    for problem in found:
        print(problem, file=sys.stderr)
    print("frozen build: OK" if not found else f"frozen build: {len(found)} problem(s)")
    sys.exit(1 if found else 0)

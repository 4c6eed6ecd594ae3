"""scripts/check_frozen_build.py, which the Windows and macOS workflows run on their builds,
checked here on hand-made images: a PE header per subsystem, an .app's Info.plist."""

from __future__ import annotations

import importlib.util
import plistlib
import struct
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("check_frozen_build", REPO / "scripts" / "check_frozen_build.py")
assert spec is not None and spec.loader is not None
check = importlib.util.module_from_spec(spec)
spec.loader.exec_module(check)


def pe_image(subsystem: int) -> bytes:
    """MZ stub, e_lfanew at 0x3C, PE signature, COFF header, PE32+ optional header."""
    image = bytearray(0x200)
    image[:2] = b"MZ"
    struct.pack_into("<I", image, 0x3C, 0x80)
    image[0x80:0x84] = b"PE\0\0"
    struct.pack_into("<H", image, 0x80 + 24, 0x20B)  # PE32+ magic
    struct.pack_into("<H", image, 0x80 + 24 + 68, subsystem)
    return bytes(image)


def test_windows_tray_exe_must_be_windowed_and_cli_a_console_program(tmp_path: Path) -> None:
    (tmp_path / "safety-assistant.exe").write_bytes(pe_image(check.IMAGE_SUBSYSTEM_WINDOWS_GUI))
    (tmp_path / "safety-assistant-cli.exe").write_bytes(pe_image(check.IMAGE_SUBSYSTEM_WINDOWS_CUI))
    assert check.check_windows(tmp_path) == []
    (tmp_path / "safety-assistant.exe").write_bytes(pe_image(check.IMAGE_SUBSYSTEM_WINDOWS_CUI))
    assert check.check_windows(tmp_path) == [f"{tmp_path / 'safety-assistant.exe'} is not a windowed program (subsystem 3)"]


def test_macos_bundle_must_be_lsuielement(tmp_path: Path) -> None:
    bundle = tmp_path / "Safety Assistant.app"
    (bundle / "Contents" / "MacOS").mkdir(parents=True)
    (bundle / "Contents" / "MacOS" / "safety-assistant").write_bytes(b"")
    info = {"CFBundleExecutable": "safety-assistant", "CFBundleIdentifier": "cn.agentdesk.safety-assistant",
            "LSUIElement": True}
    (bundle / "Contents" / "Info.plist").write_bytes(plistlib.dumps(info))
    assert check.check_macos(bundle) == []
    (bundle / "Contents" / "Info.plist").write_bytes(plistlib.dumps({**info, "LSUIElement": False,
                                                                      "LSBackgroundOnly": True}))
    assert len(check.check_macos(bundle)) == 2

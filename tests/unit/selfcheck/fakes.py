"""Fake platform data for the self-check probes: resident IDs, a /sys tree, providers."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from assistant.capability import Capability
from assistant.selfcheck.app_windows import WindowInfo

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"


def resident_id(region: str = "110105", birth: str = "19900307", sequence: str = "123") -> str:
    """A valid 18-digit resident ID: GB 11643 with the ISO 7064 MOD 11-2 check character."""
    first17 = region + birth + sequence
    assert len(first17) == 17 and first17.isdigit()
    return first17 + _CHECK[sum(int(d) * w for d, w in zip(first17, _WEIGHTS)) % 11]


class FakeClipboard:
    name = "fake"
    capability = Capability.works()

    def __init__(self, text: str | None = "") -> None:
        self.text = text
        self.cleared = 0

    def read_text(self) -> str | None:
        return self.text

    def clear(self) -> bool:
        self.text = ""
        self.cleared += 1
        return True


class FakeWindows:
    name = "fake"
    capability = Capability.works()

    def __init__(self, windows: list[WindowInfo] | None) -> None:
        self.open = windows
        self.closed: list[int] = []

    def windows(self) -> list[WindowInfo] | None:
        return None if self.open is None else list(self.open)

    def close(self, window: WindowInfo) -> bool:
        self.closed.append(window.window_id)
        assert self.open is not None
        self.open = [w for w in self.open if w.window_id != window.window_id]
        return True


def write_script(directory: Path, name: str, body: str) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    path.write_text("#!/bin/sh\n" + body, encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return path


class FakeSys:
    """A /sys tree with block devices where the test says, plus a /proc/mounts file."""

    USB_PARENT = "devices/pci0000:00/0000:00:14.0/usb2/2-1/2-1:1.0/host6/target6:0:0/6:0:0:0/block"
    SATA_PARENT = "devices/pci0000:00/0000:00:1f.2/ata1/host0/target0:0:0/0:0:0:0/block"
    MMC_PARENT = "devices/platform/mmc0/mmc_host/mmc0/block"
    VIRTUAL_PARENT = "devices/virtual/block"

    def __init__(self, root: Path) -> None:
        self.root = root / "sys"
        (self.root / "block").mkdir(parents=True)
        self.mounts = root / "mounts"
        self.mounts.write_text("proc /proc proc rw 0 0\n/dev/sda2 / ext4 rw 0 0\n", encoding="utf-8")

    def disk(self, name: str, parent: str, removable: bool, size: int = 31_260_672,
             partitions: int = 0, vendor: str = "", model: str = "") -> Path:
        directory = self.root / parent / name
        directory.mkdir(parents=True)
        (directory / "removable").write_text("1\n" if removable else "0\n")
        (directory / "size").write_text(f"{size}\n")
        if vendor or model:
            (directory / "device").mkdir()
            (directory / "device" / "vendor").write_text(vendor + "\n")
            (directory / "device" / "model").write_text(model + "\n")
        for n in range(1, partitions + 1):
            part = directory / f"{name}{n}"
            part.mkdir()
            (part / "partition").write_text(f"{n}\n")
        os.symlink(os.path.relpath(directory, self.root / "block"), self.root / "block" / name)
        return directory

    def mount(self, device: str, where: str, fstype: str = "vfat") -> None:
        escaped = where.replace(" ", "\\040")
        with self.mounts.open("a", encoding="utf-8") as f:
            f.write(f"{device} {escaped} {fstype} rw,nosuid,nodev 0 0\n")

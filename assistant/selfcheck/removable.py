"""Is a USB drive (removable storage) left in the workstation? ("U盘…不应留在工位")

Per OS: Linux reads ``/sys/block`` (the ``removable`` flag, or a USB device path) and
``/proc/mounts`` (partitions too); Windows asks ``GetDriveTypeW`` for DRIVE_REMOVABLE;
macOS lists ``diskutil list -plist external physical``. Every reader takes its root paths or
runner so tests can hand it a fake tree.

A drive fails the check when any of it is mounted; a USB drive with a medium fails even
when it is not mounted (it is still "left in the workstation"). An empty card reader or
an optical drive that is not mounted does not.
"""

from __future__ import annotations

import logging
import os
import plistlib
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from assistant.capability import Capability
from assistant.platform_flags import IS_MACOS, IS_WINDOWS
from assistant.selfcheck.items import Fix, ItemKey, ItemResult, Outcome, Reason

logger = logging.getLogger(__name__)

TOOL_TIMEOUT_S = 10.0
_VIRTUAL_PREFIXES = ("loop", "ram", "zram", "dm-", "md", "nbd")


@dataclass(frozen=True)
class RemovableDrive:
    device: str  # /dev/sdb, E:, disk2
    label: str = ""  # vendor/model or volume name
    usb: bool = False
    mount_points: tuple[str, ...] = ()
    partitions: tuple[str, ...] = field(default=())  # /dev/sdb1 … (mounted or not)

    @property
    def mounted(self) -> bool:
        return bool(self.mount_points)


class RemovableDrives(Protocol):
    name: str
    capability: Capability  # what it can do here; why not, after a failed call

    def drives(self) -> list[RemovableDrive] | None:
        """Removable drives that hold a medium; None when this machine cannot tell."""
        ...


def _unescape_mount_field(value: str) -> str:
    """/proc/mounts writes space, tab, newline and backslash as octal escapes."""
    for code, char in (("\\040", " "), ("\\011", "\t"), ("\\012", "\n"), ("\\134", "\\")):
        value = value.replace(code, char)
    return value


def read_mounts(mounts_file: Path) -> dict[str, list[str]]:
    """Device → mount points, from a /proc/mounts-format file."""
    mounts: dict[str, list[str]] = {}
    try:
        text = mounts_file.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        logger.info("cannot read %s: %s", mounts_file, exc)
        return mounts
    for line in text.splitlines():
        parts = line.split()
        if len(parts) < 2 or not parts[0].startswith("/dev/"):
            continue
        device = _unescape_mount_field(parts[0])
        if device.startswith("/dev/disk/"):
            device = os.path.realpath(device)  # /dev/disk/by-uuid/… → /dev/sdb1
        mounts.setdefault(device, []).append(_unescape_mount_field(parts[1]))
    return mounts


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace").strip()
    except OSError:
        return ""


class SysfsRemovableDrives:
    """Linux: ``<sys_root>/block/*`` with ``removable`` == 1 or a ``/usb`` device path."""

    name = "sysfs"
    capability = Capability.works()  # until a call finds something missing

    def __init__(self, sys_root: Path = Path("/sys"), mounts_file: Path = Path("/proc/mounts"),
                 dev_root: str = "/dev") -> None:
        self.sys_root = sys_root
        self.mounts_file = mounts_file
        self.dev_root = dev_root.rstrip("/")

    def drives(self) -> list[RemovableDrive] | None:
        block = self.sys_root / "block"
        if not block.is_dir():
            logger.info("%s is missing: cannot list drives", block)
            self.capability = Capability.missing(str(block))
            return None
        mounts = read_mounts(self.mounts_file)
        found = []
        for entry in sorted(block.iterdir(), key=lambda p: p.name):
            if entry.name.startswith(_VIRTUAL_PREFIXES):
                continue
            real = Path(os.path.realpath(entry))
            usb = any(part.startswith("usb") for part in real.parts)
            removable = _read(entry / "removable") == "1"
            if not (removable or usb):
                continue
            partitions = sorted(p.name for p in real.iterdir() if (p / "partition").exists()) \
                if real.is_dir() else []
            names = [entry.name, *partitions]
            mount_points = tuple(mp for n in names for mp in mounts.get(f"{self.dev_root}/{n}", []))
            has_medium = _read(entry / "size") not in ("", "0")
            if not mount_points and not (usb and has_medium):
                continue
            vendor, model = _read(entry / "device" / "vendor"), _read(entry / "device" / "model")
            found.append(RemovableDrive(
                device=f"{self.dev_root}/{entry.name}",
                label=" ".join(x for x in (vendor, model) if x),
                usb=usb,
                mount_points=mount_points,
                partitions=tuple(f"{self.dev_root}/{p}" for p in partitions),
            ))
        return found


class Win32RemovableDrives:
    """Windows: drive letters that are DRIVE_REMOVABLE, or DRIVE_FIXED on the USB bus (USB
    SSDs, hard drives and some large sticks report DRIVE_FIXED), with a medium in them.

    The volume is read with SEM_FAILCRITICALERRORS for this thread, so an empty card reader
    does not pop up "insert a disk"."""

    name = "win32"
    capability = Capability.works()  # until a call finds something missing

    def __init__(self, bindings: Any = None) -> None:
        self._bindings = bindings

    def drives(self) -> list[RemovableDrive] | None:
        import ctypes

        from assistant.platform_bindings import windows as w

        try:
            win = self._bindings if self._bindings is not None else w.load()
        except OSError as exc:
            self.capability = Capability.missing(f"kernel32 ({exc})")
            return None
        k = win.kernel32
        mask = k.GetLogicalDrives()
        if not mask:
            return None
        found = []
        for index in range(26):
            if not mask & (1 << index):
                continue
            root = f"{chr(ord('A') + index)}:\\"
            kind = k.GetDriveTypeW(root)
            if kind != w.DRIVE_REMOVABLE and not (kind == w.DRIVE_FIXED and _on_usb(win, root[:2])):
                continue
            label = ctypes.create_unicode_buffer(261)
            old_mode = w.DWORD(0)
            k.SetThreadErrorMode(w.SEM_FAILCRITICALERRORS, ctypes.byref(old_mode))
            try:
                has_medium = bool(k.GetVolumeInformationW(root, label, 261, None, None, None, None, 0))
            finally:
                k.SetThreadErrorMode(old_mode.value, None)
            if has_medium:
                found.append(RemovableDrive(root[:2], label.value, usb=True, mount_points=(root,)))
        return found


def _on_usb(win: Any, letter: str) -> bool:
    """IOCTL_STORAGE_QUERY_PROPERTY(StorageDeviceProperty) on ``\\\\.\\X:``: BusType == BusTypeUsb."""
    import ctypes

    from assistant.platform_bindings import windows as w

    k = win.kernel32
    handle = k.CreateFileW(rf"\\.\{letter}", 0, w.FILE_SHARE_READ_WRITE, None, w.OPEN_EXISTING, 0, None)
    if handle in (None, w.INVALID_HANDLE_VALUE):
        return False
    try:
        query = w.STORAGE_PROPERTY_QUERY(PropertyId=0, QueryType=0)  # StorageDeviceProperty, standard
        descriptor = w.STORAGE_DEVICE_DESCRIPTOR()
        returned = w.DWORD(0)
        if not k.DeviceIoControl(handle, w.IOCTL_STORAGE_QUERY_PROPERTY, ctypes.byref(query),
                                 ctypes.sizeof(query), ctypes.byref(descriptor),
                                 ctypes.sizeof(descriptor), ctypes.byref(returned), None):
            return False
        return bool(descriptor.BusType == w.BUS_TYPE_USB)
    finally:
        k.CloseHandle(handle)


Runner = Callable[..., "subprocess.CompletedProcess[bytes]"]


class DiskutilRemovableDrives:
    """macOS: ``diskutil list -plist external physical``: USB and other external disks.
    ``external`` alone also lists mounted disk images (.dmg), which are external *virtual*
    disks (``diskutil list [internal | external] [physical | virtual]``)."""

    name = "diskutil"
    capability = Capability.works()  # until a call finds something missing

    def __init__(self, run: Runner = subprocess.run) -> None:
        self._run = run

    def drives(self) -> list[RemovableDrive] | None:
        try:
            result = self._run(["diskutil", "list", "-plist", "external", "physical"],
                               capture_output=True,
                               timeout=TOOL_TIMEOUT_S)
        except (OSError, subprocess.SubprocessError):
            self.capability = Capability.missing("diskutil")
            return None
        if result.returncode != 0:
            self.capability = Capability.missing("diskutil list (it failed)")
            return None
        try:
            data = plistlib.loads(result.stdout)
        except Exception:  # noqa: BLE001  (plistlib raises assorted errors for bad input)
            self.capability = Capability.missing("diskutil list (unreadable output)")
            return None
        return parse_diskutil_plist(data)


def parse_diskutil_plist(data: dict[str, object]) -> list[RemovableDrive]:
    found = []
    disks = data.get("AllDisksAndPartitions")
    for disk in disks if isinstance(disks, list) else []:
        if not isinstance(disk, dict):
            continue
        parts = [p for p in disk.get("Partitions", []) or [] if isinstance(p, dict)]
        parts += [v for v in disk.get("APFSVolumes", []) or [] if isinstance(v, dict)]
        mounts = [str(p["MountPoint"]) for p in [disk, *parts] if p.get("MountPoint")]
        labels = [str(p["VolumeName"]) for p in parts if p.get("VolumeName")]
        found.append(RemovableDrive(
            device=str(disk.get("DeviceIdentifier", "")),
            label=labels[0] if labels else "",
            usb=True,
            mount_points=tuple(mounts),
            partitions=tuple(str(p.get("DeviceIdentifier", "")) for p in parts),
        ))
    return found


class NullRemovableDrives:
    def __init__(self, missing: str) -> None:
        self.name = "none"
        self.capability = Capability.missing(missing)

    def drives(self) -> list[RemovableDrive] | None:
        return None


def create_removable_drives() -> RemovableDrives:
    if IS_WINDOWS:
        return Win32RemovableDrives()
    if IS_MACOS:
        return DiskutilRemovableDrives() if shutil.which("diskutil") else NullRemovableDrives("diskutil")
    if Path("/sys/block").is_dir():
        return SysfsRemovableDrives()
    return NullRemovableDrives("/sys/block")


# -- ejecting ------------------------------------------------------------------------------
@dataclass(frozen=True)
class EjectResult:
    ok: bool
    detail: str = ""


class DriveEjector(Protocol):
    name: str
    capability: Capability  # what it can do here; why not, after a failed call

    def eject(self, drive: RemovableDrive) -> EjectResult: ...


class UdisksEjector:
    """Linux: ``udisksctl unmount`` each mounted partition, then ``udisksctl power-off``."""

    name = "udisksctl"
    capability = Capability.works()  # until a call finds something missing

    def __init__(self, run: Runner = subprocess.run) -> None:
        self._run = run

    def _udisks(self, *args: str) -> tuple[bool, str]:
        try:
            result = self._run(["udisksctl", *args, "--no-user-interaction"], capture_output=True,
                               timeout=TOOL_TIMEOUT_S)
        except (OSError, subprocess.SubprocessError) as exc:
            return False, type(exc).__name__
        return result.returncode == 0, result.stderr.decode(errors="replace").strip()[:200]

    def eject(self, drive: RemovableDrive) -> EjectResult:
        mounts = read_mounts(Path("/proc/mounts"))
        for device in (*drive.partitions, drive.device):
            if device in mounts:
                ok, error = self._udisks("unmount", "-b", device)
                if not ok:
                    return EjectResult(False, f"unmount {device}: {error}")
        ok, error = self._udisks("power-off", "-b", drive.device)
        return EjectResult(ok, "" if ok else f"power-off {drive.device}: {error}")


class DiskutilEjector:
    name = "diskutil"
    capability = Capability.works()  # until a call finds something missing

    def __init__(self, run: Runner = subprocess.run) -> None:
        self._run = run

    def eject(self, drive: RemovableDrive) -> EjectResult:
        try:
            result = self._run(["diskutil", "eject", drive.device], capture_output=True,
                               timeout=TOOL_TIMEOUT_S)
        except (OSError, subprocess.SubprocessError) as exc:
            return EjectResult(False, type(exc).__name__)
        return EjectResult(result.returncode == 0, result.stderr.decode(errors="replace")[:200])


class NullEjector:
    """Cannot eject here; the dialog tells the agent how (the file manager's eject button,
    Windows' "Safely Remove Hardware")."""

    def __init__(self, missing: str) -> None:
        self.name = "none"
        self.capability = Capability.missing(missing)

    def eject(self, drive: RemovableDrive) -> EjectResult:
        return EjectResult(False, f"cannot eject here (needs {self.capability.reason})")


def create_drive_ejector() -> DriveEjector:
    if IS_WINDOWS:
        return NullEjector("Safely Remove Hardware")
    if IS_MACOS:
        return DiskutilEjector() if shutil.which("diskutil") else NullEjector("diskutil")
    return UdisksEjector() if shutil.which("udisksctl") else NullEjector("udisksctl")


# -- the probe -----------------------------------------------------------------------------
def _describe(drive: RemovableDrive) -> str:
    where = ", ".join(drive.mount_points) if drive.mount_points else "not mounted"
    label = f" {drive.label}" if drive.label else ""
    return f"{drive.device}{label} ({where})"


class RemovableStorageProbe:
    key = ItemKey.REMOVABLE_STORAGE

    def __init__(self, source: RemovableDrives, ejector: DriveEjector | None = None) -> None:
        self.source = source
        self.ejector = ejector
        self._last: list[RemovableDrive] = []

    @property
    def can_fix(self) -> bool:
        return self.ejector is not None and not isinstance(self.ejector, NullEjector)

    def check(self) -> ItemResult:
        name = self.key.value
        drives = self.source.drives()
        if drives is None:
            missing = self.source.capability.reason or self.source.name
            return ItemResult(name, Outcome.UNKNOWN, Reason.REMOVABLE_UNKNOWN,
                              f"removable drives cannot be listed here (needs {missing})")
        self._last = drives
        if not drives:
            return ItemResult(name, Outcome.PASSED, Reason.NO_REMOVABLE_DRIVE,
                              "no removable drive in the workstation")
        subjects = tuple(_describe(d) for d in drives)
        fix = Fix.EJECT_DRIVES if self.can_fix else None
        if any(d.mounted for d in drives):
            return ItemResult(name, Outcome.FAILED, Reason.REMOVABLE_MOUNTED,
                              "removable drive mounted: " + "; ".join(subjects), subjects, fix)
        return ItemResult(name, Outcome.FAILED, Reason.REMOVABLE_PLUGGED_IN,
                          "USB drive plugged in: " + "; ".join(subjects), subjects, fix)

    def fix(self) -> bool:
        if self.ejector is None:
            return False
        ok = True
        for drive in self._last:
            result = self.ejector.eject(drive)
            logger.info("eject %s: %s %s", drive.device, "ok" if result.ok else "failed", result.detail)
            ok = ok and result.ok
        return ok

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from assistant.selfcheck.items import Fix, Outcome, Reason
from assistant.selfcheck.removable import (
    NullEjector,
    RemovableDrive,
    RemovableStorageProbe,
    SysfsRemovableDrives,
    UdisksEjector,
    parse_diskutil_plist,
    read_mounts,
)
from tests.unit.selfcheck.fakes import FakeSys


@pytest.fixture
def fake_sys(tmp_path: Path) -> FakeSys:
    sys_tree = FakeSys(tmp_path)
    sys_tree.disk("sda", FakeSys.SATA_PARENT, removable=False, partitions=2)
    sys_tree.disk("loop0", FakeSys.VIRTUAL_PARENT, removable=False)
    sys_tree.disk("mmcblk0", FakeSys.MMC_PARENT, removable=True, size=0)  # empty card reader
    return sys_tree


def probe_for(fake: FakeSys) -> RemovableStorageProbe:
    return RemovableStorageProbe(SysfsRemovableDrives(fake.root, fake.mounts))


def test_internal_disks_and_empty_readers_pass(fake_sys: FakeSys) -> None:
    result = probe_for(fake_sys).check()
    assert result.outcome is Outcome.PASSED and result.reason is Reason.NO_REMOVABLE_DRIVE


def test_mounted_usb_partition_fails_with_its_mount_point(fake_sys: FakeSys) -> None:
    fake_sys.disk("sdb", FakeSys.USB_PARENT, removable=True, partitions=1, vendor="Kingston",
                  model="DataTraveler")
    fake_sys.mount("/dev/sdb1", "/media/agent/KINGSTON USB")
    drives = SysfsRemovableDrives(fake_sys.root, fake_sys.mounts).drives()
    assert drives == [RemovableDrive("/dev/sdb", "Kingston DataTraveler", usb=True,
                                     mount_points=("/media/agent/KINGSTON USB",),
                                     partitions=("/dev/sdb1",))]
    result = probe_for(fake_sys).check()
    assert result.outcome is Outcome.FAILED and result.reason is Reason.REMOVABLE_MOUNTED
    assert "/media/agent/KINGSTON USB" in result.detail


def test_usb_disk_without_removable_flag_is_found_by_its_path(fake_sys: FakeSys) -> None:
    fake_sys.disk("sdc", FakeSys.USB_PARENT.replace("6:0:0:0", "7:0:0:0"), removable=False)
    result = probe_for(fake_sys).check()
    assert result.outcome is Outcome.FAILED and result.reason is Reason.REMOVABLE_PLUGGED_IN
    assert "not mounted" in result.detail


def test_removable_flag_counts_only_when_mounted(fake_sys: FakeSys) -> None:
    fake_sys.disk("sr0", "devices/pci0000:00/0000:00:1f.2/ata2/host1/target1:0:0/1:0:0:0/block",
                  removable=True)
    assert probe_for(fake_sys).check().outcome is Outcome.PASSED
    fake_sys.mount("/dev/sr0", "/media/cdrom", "iso9660")
    assert probe_for(fake_sys).check().reason is Reason.REMOVABLE_MOUNTED


def test_missing_sys_is_unknown(tmp_path: Path) -> None:
    result = RemovableStorageProbe(SysfsRemovableDrives(tmp_path / "nowhere", tmp_path / "m")).check()
    assert result.outcome is Outcome.UNKNOWN and result.ok


def test_fix_offered_only_with_an_ejector(fake_sys: FakeSys) -> None:
    fake_sys.disk("sdb", FakeSys.USB_PARENT, removable=True, partitions=1)
    source = SysfsRemovableDrives(fake_sys.root, fake_sys.mounts)
    assert RemovableStorageProbe(source, NullEjector("udisksctl")).check().fix is None
    calls: list[list[str]] = []

    def run(args: list[str], **_kw: object) -> subprocess.CompletedProcess[bytes]:
        calls.append(args)
        return subprocess.CompletedProcess(args, 0, b"", b"")

    probe = RemovableStorageProbe(source, UdisksEjector(run))
    assert probe.check().fix is Fix.EJECT_DRIVES
    assert probe.fix()
    assert calls[-1][:4] == ["udisksctl", "power-off", "-b", "/dev/sdb"]


def test_mount_escapes_are_decoded(tmp_path: Path) -> None:
    mounts = tmp_path / "mounts"
    mounts.write_text("/dev/sdb1 /media/a\\040b\\134c vfat rw 0 0\ntmpfs /tmp tmpfs rw 0 0\n")
    assert read_mounts(mounts) == {"/dev/sdb1": ["/media/a b\\c"]}


def test_diskutil_plist_external_disks() -> None:
    data = {"AllDisksAndPartitions": [{"DeviceIdentifier": "disk4", "Partitions": [
        {"DeviceIdentifier": "disk4s1", "MountPoint": "/Volumes/USB", "VolumeName": "USB"}]}]}
    assert parse_diskutil_plist(data) == [RemovableDrive("disk4", "USB", True, ("/Volumes/USB",),
                                                         ("disk4s1",))]


@pytest.mark.linux
def test_the_real_sys_and_mounts_read_without_error() -> None:
    drives = SysfsRemovableDrives().drives()
    assert drives is not None
    result = RemovableStorageProbe(SysfsRemovableDrives()).check()
    assert result.outcome in (Outcome.PASSED, Outcome.FAILED)
    lsblk = subprocess.run(["lsblk", "-ndbo", "NAME,SIZE,TRAN"], capture_output=True, text=True,
                           check=False)
    if lsblk.returncode == 0:  # every USB disk with a medium that lsblk sees is found too
        rows = [line.split() for line in lsblk.stdout.splitlines()]
        usb = {r[0] for r in rows if len(r) == 3 and r[2] == "usb" and r[1] != "0"}
        assert usb <= {d.device.removeprefix("/dev/") for d in drives}


# What `diskutil list -plist` shows (trimmed to the keys read) on a Mac with a FAT32 USB stick
# (disk4, external physical) and a mounted installer disk image (disk5, external virtual).
USB_STICK = {"DeviceIdentifier": "disk4", "Content": "FDisk_partition_scheme", "Size": 15_931_539_456,
             "Partitions": [{"DeviceIdentifier": "disk4s1", "Content": "DOS_FAT_32",
                             "MountPoint": "/Volumes/KINGSTON", "VolumeName": "KINGSTON"}]}
DISK_IMAGE = {"DeviceIdentifier": "disk5", "Content": "GUID_partition_scheme", "Size": 209_715_200,
              "Partitions": [{"DeviceIdentifier": "disk5s1", "Content": "Apple_HFS",
                              "MountPoint": "/Volumes/Zoom Installer", "VolumeName": "Zoom Installer"}]}


def fake_diskutil(argv: list[str], **_: object) -> subprocess.CompletedProcess[bytes]:
    """diskutil list's filters as its man page describes them: [internal|external] [physical|virtual]."""
    import plistlib

    disks = [(USB_STICK, {"external", "physical"}), (DISK_IMAGE, {"external", "virtual"})]
    wanted = {word for word in argv[2:] if word in {"internal", "external", "physical", "virtual"}}
    shown = [disk for disk, kinds in disks if wanted <= kinds]
    plist = {"AllDisks": [d["DeviceIdentifier"] for d in shown], "AllDisksAndPartitions": shown}
    return subprocess.CompletedProcess(argv, 0, plistlib.dumps(plist), b"")


def test_diskutil_reader_counts_the_usb_stick_but_not_a_mounted_disk_image() -> None:
    from assistant.selfcheck.removable import DiskutilRemovableDrives

    drives = DiskutilRemovableDrives(run=fake_diskutil).drives()
    assert drives == [RemovableDrive("disk4", "KINGSTON", True, ("/Volumes/KINGSTON",), ("disk4s1",))]

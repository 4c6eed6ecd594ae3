"""Do-not-interrupt probes that can run here: GNOME do-not-disturb through real gsettings."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from assistant.focus import Busy, CombinedFocusProbe, FocusProbeUnavailable, NullFocusProbe
from assistant.focus.gnome_dnd import CACHE_S, GnomeDoNotDisturbProbe
from assistant.platform_flags import IS_WINDOWS


def _schema_installed() -> bool:
    if shutil.which("gsettings") is None:
        return False
    result = subprocess.run(["gsettings", "list-schemas"], capture_output=True, text=True, check=False)
    return "org.gnome.desktop.notifications" in result.stdout.split()


@pytest.fixture
def private_gsettings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A keyfile GSettings backend in a temporary folder, shared by this test and gsettings."""
    monkeypatch.setenv("GSETTINGS_BACKEND", "keyfile")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))


@pytest.mark.linux
@pytest.mark.skipif(not _schema_installed(), reason="GNOME notification schema not installed")
def test_gnome_do_not_disturb_is_seen(private_gsettings: None) -> None:
    now = [0.0]
    probe = GnomeDoNotDisturbProbe(monotonic=lambda: now[0])
    assert probe.busy() is None
    subprocess.run(["gsettings", "set", "org.gnome.desktop.notifications", "show-banners", "false"], check=True)
    assert probe.busy() is None  # cached: gsettings is not asked on every question
    now[0] += CACHE_S
    assert probe.busy() is Busy.DO_NOT_DISTURB
    subprocess.run(["gsettings", "set", "org.gnome.desktop.notifications", "show-banners", "true"], check=True)
    now[0] += CACHE_S
    assert probe.busy() is None


def test_gnome_probe_says_what_is_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(FocusProbeUnavailable, match="gsettings is not installed"):
        GnomeDoNotDisturbProbe()


@pytest.mark.skipif(IS_WINDOWS, reason="the Windows probe works there")
def test_windows_probe_is_unavailable_elsewhere() -> None:
    from assistant.focus.windows import WindowsNotificationStateProbe

    with pytest.raises(FocusProbeUnavailable):
        WindowsNotificationStateProbe()


def test_combined_probe_takes_the_first_busy_and_survives_a_broken_one() -> None:
    class Broken:
        name = "broken"

        def busy(self) -> Busy | None:
            raise OSError("gone")

        def close(self) -> None:
            pass

    class Busy_:
        name = "dnd"

        def busy(self) -> Busy | None:
            return Busy.DO_NOT_DISTURB

        def close(self) -> None:
            pass

    probe = CombinedFocusProbe([Broken(), NullFocusProbe("nothing"), Busy_()])
    assert probe.name == "broken+none+dnd"
    assert probe.busy() is Busy.DO_NOT_DISTURB


def test_macos_probe_geometry_and_absence_elsewhere() -> None:
    from assistant.focus.macos import CGPoint, CGRect, CGSize, MacFullscreenProbe, covers
    from assistant.platform_flags import IS_MACOS

    display = CGRect(CGPoint(0, 0), CGSize(1440, 900))
    assert covers(CGRect(CGPoint(0, 0), CGSize(1440, 900)), display)
    assert not covers(CGRect(CGPoint(0, 25), CGSize(1440, 875)), display)  # a maximised window
    assert not covers(CGRect(CGPoint(100, 100), CGSize(800, 600)), display)
    if not IS_MACOS:
        with pytest.raises(FocusProbeUnavailable, match="framework not found"):
            MacFullscreenProbe()

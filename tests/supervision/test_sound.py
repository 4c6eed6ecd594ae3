"""Choosing and running the alarm sound player (real subprocesses)."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from assistant.supervision.sound.base import CommandSoundPlayer
from assistant.supervision.sound.linux import linux_sound_player
from tests.relay.support import wait_until

WAV = Path(__file__).resolve().parents[2] / "resources" / "sounds" / "alarm.wav"


def fake_tool(folder: Path, name: str, body: str) -> None:
    path = folder / name
    path.write_text("#!/bin/sh\n" + body + "\n")
    path.chmod(path.stat().st_mode | stat.S_IEXEC)


@pytest.mark.linux
def test_linux_prefers_pulseaudio_then_alsa_and_says_what_is_missing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    player = linux_sound_player()
    assert not player.available and "paplay" in player.reason

    record = tmp_path / "played.txt"
    fake_tool(tmp_path, "aplay", f'echo "$@" >> "{record}"')
    player = linux_sound_player()
    assert player.available and player.name == "aplay"
    player.play(WAV)
    wait_until(record.exists, 10, "aplay was not run")
    assert record.read_text().split() == ["-q", str(WAV)]
    player.stop()

    fake_tool(tmp_path, "paplay", "exit 0")
    assert linux_sound_player().name == "paplay"


def test_the_bundled_alarm_is_a_short_wav() -> None:
    import wave

    with wave.open(str(WAV)) as sound:
        seconds = sound.getnframes() / sound.getframerate()
    assert 0.5 <= seconds <= 2.0


@pytest.mark.linux
def test_a_failing_player_is_noticed_and_stop_ends_a_long_play(tmp_path: Path) -> None:
    failing = CommandSoundPlayer(["false"])
    failing.play(WAV)
    wait_until(failing.last_failed, 10, "the failure was not noticed")

    fake_tool(tmp_path, "slowplay", "exec sleep 30")
    slow = CommandSoundPlayer([str(tmp_path / "slowplay")])
    slow.play(WAV)
    proc = slow._proc
    assert proc is not None and proc.poll() is None
    slow.play(WAV)  # still playing: no second process
    assert slow._proc is proc
    slow.stop()
    assert proc.poll() is not None and not slow.last_failed()


class FakeWinsound:
    """The winsound module as documented: PlaySound raises RuntimeError on a system error."""

    SND_FILENAME, SND_ASYNC, SND_NODEFAULT = 0x20000, 0x1, 0x2

    def __init__(self, device: bool) -> None:
        self.device = device
        self.played: list[tuple[object, int]] = []

    def PlaySound(self, sound: object, flags: int) -> None:
        self.played.append((sound, flags))
        if sound is not None and not self.device:
            raise RuntimeError("Failed to play sound")


def test_windows_player_without_an_audio_device_reports_the_failure(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from assistant.supervision.sound.windows import WindowsSoundPlayer

    fake = FakeWinsound(device=False)
    player = WindowsSoundPlayer(fake)
    assert player.available and not player.last_failed()
    player.play(tmp_path / "alarm.wav")
    assert player.last_failed()  # the alarm falls back to a beep
    fake.device = True
    player.play(tmp_path / "alarm.wav")
    assert not player.last_failed()
    assert fake.played[-1][1] & FakeWinsound.SND_ASYNC

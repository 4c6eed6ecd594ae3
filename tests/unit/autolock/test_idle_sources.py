"""Choosing an idle source, and the parts of the sources that need no desktop."""

from __future__ import annotations

import pytest

from assistant.idle import NullIdleSource, candidates, create_idle_source, is_null
from assistant.idle.session_bus import BusCallFailed, parse_gvariant_scalar
from assistant.idle.windows import ticks_between


def names(kind: str, desktop: str = "") -> list[str]:
    return [name for name, _ in candidates(kind, desktop)]


@pytest.mark.linux
def test_the_os_is_asked_first_and_pynput_comes_last() -> None:
    assert names("x11") == ["x11", "pynput"]
    assert names("wayland", "gnome") == ["gnome-mutter", "freedesktop-screensaver", "pynput"]
    assert names("wayland", "kde") == ["freedesktop-screensaver", "gnome-mutter", "pynput"]


@pytest.mark.linux
def test_no_source_gives_a_null_source_with_reasons(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DISPLAY", raising=False)
    source = create_idle_source(kind="x11", allow_pynput=False)
    assert is_null(source) and isinstance(source, NullIdleSource)
    assert "DISPLAY" in source.reason
    assert source.idle_seconds() == 0.0  # never idle: nothing locks on a guess


def test_windows_tick_counter_wraps_after_49_days() -> None:
    assert ticks_between(5_000, 2_000) == 3_000
    assert ticks_between(1_000, 0xFFFFFF00) == 1_000 + 0x100


def test_gdbus_replies_are_read() -> None:
    assert parse_gvariant_scalar("(uint64 123456,)\n") == 123456
    assert parse_gvariant_scalar("(uint32 7,)") == 7
    assert parse_gvariant_scalar("(true,)") is True
    assert parse_gvariant_scalar("(false,)") is False
    with pytest.raises(BusCallFailed):
        parse_gvariant_scalar("('text',)")

"""The X11 platform services on the virtual desktop: idle time and global hotkeys."""

from __future__ import annotations

import threading
import time

import pytest

from assistant.hotkeys import HotkeyError, create_hotkey_service
from assistant.hotkeys.x11 import X11HotkeyService
from assistant.idle import create_idle_source
from assistant.idle.x11 import XScreenSaverIdleSource
from tests.e2e.desktop import wait_for, xdotool

pytestmark = [pytest.mark.e2e, pytest.mark.linux]


def test_the_factories_pick_the_x11_services() -> None:
    source = create_idle_source()
    hotkeys = create_hotkey_service()
    try:
        assert source.name == "x11-xss" and hotkeys.name == "x11-xgrabkey"
    finally:
        source.close()
        hotkeys.close()


def test_x11_idle_time_follows_real_input() -> None:
    source = XScreenSaverIdleSource()
    try:
        xdotool("mousemove_relative", "--", "5", "0")
        assert source.idle_seconds() < 0.5
        wait_for(lambda: source.idle_seconds() >= 1.0, 5, what="idle time to grow")
        xdotool("key", "shift")
        assert source.idle_seconds() < 0.5
    finally:
        source.close()


class Presses:
    def __init__(self) -> None:
        self.threads: list[str] = []
        self.event = threading.Event()

    def __call__(self) -> None:
        self.threads.append(threading.current_thread().name)
        self.event.set()


def test_a_grabbed_hotkey_calls_back_on_the_hotkey_thread() -> None:
    service = X11HotkeyService()
    other = X11HotkeyService()  # another program on the same desktop
    try:
        presses = Presses()
        handle = service.register("<ctrl>+<alt>+<shift>+<f9>", presses)
        xdotool("key", "ctrl+alt+shift+F9")
        assert presses.event.wait(5)
        assert presses.threads == ["x11-hotkeys"]  # not the caller's (GUI) thread

        with pytest.raises(HotkeyError, match="already taken by another program"):
            other.register("<ctrl>+<alt>+<shift>+<f9>", lambda: None)

        xdotool("key", "Num_Lock")  # with Num Lock on, the hotkey still works
        try:
            xdotool("key", "ctrl+alt+shift+F9")
            wait_for(lambda: len(presses.threads) == 2, 5, what="the press with Num Lock on")
        finally:
            xdotool("key", "Num_Lock")

        service.unregister(handle)
        taken = Presses()
        other.register("<ctrl>+<alt>+<shift>+<f9>", taken)  # free again
        xdotool("key", "ctrl+alt+shift+F9")
        assert taken.event.wait(5)
        time.sleep(0.3)
        assert len(presses.threads) == 2
    finally:
        service.close()
        other.close()


def test_a_plain_key_is_never_seen() -> None:
    service = X11HotkeyService()
    try:
        presses = Presses()
        service.register("<ctrl>+<alt>+k", presses)
        xdotool("key", "k")
        xdotool("key", "ctrl+k")
        assert not presses.event.wait(0.5)
        xdotool("key", "ctrl+alt+k")
        assert presses.event.wait(5)
    finally:
        service.close()


def test_holding_the_hotkey_fires_once() -> None:
    """X auto-repeats a held key (release+press pairs); that is one press, not twenty."""
    service = X11HotkeyService()
    try:
        presses = Presses()
        service.register("<ctrl>+<alt>+<shift>+<f9>", presses)
        xdotool("keydown", "ctrl+alt+shift+F9")
        try:
            time.sleep(1.5)  # well past the auto-repeat delay
        finally:
            xdotool("keyup", "ctrl+alt+shift+F9")
        assert presses.event.wait(5)
        time.sleep(0.3)
        assert len(presses.threads) == 1
        xdotool("key", "ctrl+alt+shift+F9")  # a new press after the release counts again
        wait_for(lambda: len(presses.threads) == 2, 5, what="the next press")
    finally:
        service.close()

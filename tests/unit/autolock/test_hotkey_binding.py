"""HotkeyBinding: one feature's hotkey over a hotkey service (auto-lock, self-check, panic)."""

from __future__ import annotations

import logging

import pytest

from assistant.hotkeys import (
    HotkeyCallback,
    HotkeyError,
    HotkeyHandle,
    NullHotkeyService,
    parse_hotkey,
)
from assistant.hotkeys.binding import HotkeyBinding


class FakeHotkeyService:
    """The HotkeyService protocol in memory; ``taken`` specs fail as another app's would."""

    name = "fake-hotkeys"

    def __init__(self, taken: tuple[str, ...] = ()) -> None:
        self.taken = set(taken)
        self.registered: dict[HotkeyHandle, HotkeyCallback] = {}
        self.unregistered: list[HotkeyHandle] = []
        self.closed = False

    def register(self, spec: str, callback: HotkeyCallback) -> HotkeyHandle:
        hotkey = parse_hotkey(spec)
        if hotkey.spec in self.taken:
            raise HotkeyError(f"{hotkey.label()} is taken by another application")
        handle = HotkeyHandle.new(hotkey)
        self.registered[handle] = callback
        return handle

    def unregister(self, handle: HotkeyHandle) -> None:
        self.unregistered.append(handle)
        del self.registered[handle]

    def close(self) -> None:
        self.closed = True
        self.registered.clear()

    def press(self, spec: str) -> None:
        for handle, callback in list(self.registered.items()):
            if handle.hotkey == parse_hotkey(spec):
                callback()


class Presses:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self) -> None:
        self.count += 1


def test_binding_registers_the_hotkey_and_describes_it(caplog: pytest.LogCaptureFixture) -> None:
    service, presses = FakeHotkeyService(), Presses()
    binding = HotkeyBinding("lock-now", service)
    with caplog.at_level(logging.INFO):
        assert binding.bind("<ctrl>+<alt>+l", presses)
    assert binding.bound and binding.problem == ""
    assert binding.spec == "<ctrl>+<alt>+l" and binding.key == "l"
    assert binding.service_name == "fake-hotkeys"
    assert binding.describe() == "<ctrl>+<alt>+l via fake-hotkeys"
    assert binding.label() == "Ctrl+Alt+L"
    assert "lock-now hotkey <ctrl>+<alt>+l via fake-hotkeys" in caplog.messages
    service.press("<ctrl>+<alt>+l")
    assert presses.count == 1


def test_a_note_goes_into_the_log_line(caplog: pytest.LogCaptureFixture) -> None:
    binding = HotkeyBinding("help", FakeHotkeyService())
    with caplog.at_level(logging.INFO):
        binding.bind("<ctrl>+<alt>+<shift>+<f9>", Presses(), note="confirm: double")
    assert binding.key == "f9"
    assert "help hotkey <ctrl>+<alt>+<shift>+<f9> via fake-hotkeys (confirm: double)" in caplog.messages


def test_rebinding_unregisters_the_old_hotkey_first() -> None:
    service, presses = FakeHotkeyService(), Presses()
    binding = HotkeyBinding("self-check", service)
    binding.bind("<ctrl>+<alt>+<shift>+d", presses)
    old = next(iter(service.registered))
    assert binding.bind("<ctrl>+<alt>+<shift>+c", presses)
    assert service.unregistered == [old]
    assert [h.hotkey.spec for h in service.registered] == ["<ctrl>+<alt>+<shift>+c"]
    service.press("<ctrl>+<alt>+<shift>+d")
    assert presses.count == 0
    assert binding.describe() == "<ctrl>+<alt>+<shift>+c via fake-hotkeys"


def test_an_empty_spec_leaves_it_unbound_and_creates_no_service() -> None:
    made: list[FakeHotkeyService] = []

    def factory() -> FakeHotkeyService:
        made.append(FakeHotkeyService())
        return made[-1]

    binding = HotkeyBinding("lock-now", factory=factory)
    assert not binding.bind("  ", Presses())
    assert not binding.bound and binding.problem == "" and binding.describe() == ""
    assert binding.label() == "" and binding.service_name == "" and made == []
    assert binding.bind("<ctrl>+<alt>+l", Presses())
    assert len(made) == 1
    assert not binding.bind("", Presses())
    assert not binding.bound and binding.spec == "" and binding.key == ""
    assert made[0].registered == {} and len(made[0].unregistered) == 1


def test_a_hotkey_error_becomes_the_problem(caplog: pytest.LogCaptureFixture) -> None:
    service = FakeHotkeyService(taken=("<ctrl>+<alt>+l",))
    binding = HotkeyBinding("lock-now", service)
    with caplog.at_level(logging.WARNING):
        assert not binding.bind("<alt>+<ctrl>+l", Presses())
    assert not binding.bound and binding.describe() == ""
    assert binding.problem == "Ctrl+Alt+L is taken by another application"
    assert binding.spec == "<alt>+<ctrl>+l"
    assert ("lock-now hotkey <alt>+<ctrl>+l unavailable: Ctrl+Alt+L is taken by another application"
            in caplog.messages)
    assert binding.bind("<ctrl>+<alt>+k", Presses())
    assert binding.problem == ""


def test_a_bad_spec_or_no_service_is_a_problem_too() -> None:
    binding = HotkeyBinding("self-check", FakeHotkeyService())
    assert not binding.bind("l", Presses())
    assert "needs a modifier" in binding.problem and binding.key == ""
    wayland = HotkeyBinding("help", NullHotkeyService("Wayland does not let apps take hotkeys"))
    assert not wayland.bind("<ctrl>+<alt>+<shift>+<f9>", Presses())
    assert wayland.problem == "Wayland does not let apps take hotkeys"
    assert wayland.key == "f9" and wayland.service_name == "none"


def test_close_closes_the_service_and_a_later_bind_makes_a_new_one() -> None:
    made: list[FakeHotkeyService] = []

    def factory() -> FakeHotkeyService:
        made.append(FakeHotkeyService())
        return made[-1]

    first = FakeHotkeyService()
    binding = HotkeyBinding("help", first, factory=factory)
    binding.bind("<ctrl>+<alt>+<shift>+<f9>", Presses())
    binding.close()
    assert first.closed and not binding.bound and binding.service_name == ""
    assert binding.spec == "<ctrl>+<alt>+<shift>+<f9>"
    binding.close()  # twice is fine
    assert binding.bind("<ctrl>+<alt>+<shift>+<f9>", Presses())
    assert len(made) == 1 and len(made[0].registered) == 1 and first.unregistered == []


def test_menu_text_shows_the_hotkey_only_while_bound() -> None:
    binding = HotkeyBinding("lock-now", FakeHotkeyService(taken=("<ctrl>+<alt>+l",)))
    assert binding.menu_text("Lock now") == "Lock now"
    binding.bind("<ctrl>+<alt>+l", Presses())
    assert binding.menu_text("Lock now") == "Lock now"
    binding.bind("<ctrl>+<alt>+k", Presses())
    assert binding.menu_text("Lock now") == "Lock now\tCtrl+Alt+K"

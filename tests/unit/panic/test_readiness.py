"""The silent alarm's self-test lines, without Qt: what an IT person reads after deployment."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from assistant.hotkeys import HotkeyHandle, NullHotkeyService, parse_hotkey
from assistant.hotkeys.binding import HotkeyBinding
from assistant.panic.code_word_watch import CodeWordWatch
from assistant.panic.key_state import NullKeyStateProbe
from assistant.panic.kinds import ConfirmMode
from assistant.panic.readiness import panic_checks
from tests.unit.panic.test_code_word_watch import FakeListener


@dataclass
class Triggers:
    enabled: bool = True
    hotkey_enabled: bool = True
    code_word_enabled: bool = False
    code_word: str = ""


class Pins:
    def __init__(self, set_: bool) -> None:
        self.set_ = set_

    def is_set(self) -> bool:
        return self.set_


class Grabs:
    name = "fake-grab"

    def register(self, spec: str, callback: Callable[[], None]) -> HotkeyHandle:
        return HotkeyHandle.new(parse_hotkey(spec))

    def unregister(self, handle: HotkeyHandle) -> None:
        pass

    def close(self) -> None:
        pass


def bound(spec: str = "<ctrl>+<alt>+<shift>+<f9>") -> HotkeyBinding:
    binding = HotkeyBinding("help", Grabs())  # type: ignore[arg-type]
    binding.bind(spec, lambda: None)
    return binding


def no_probe() -> NullKeyStateProbe:
    return NullKeyStateProbe("no XInput here")


def checks(settings: Triggers, hotkey: HotkeyBinding, confirm: ConfirmMode = ConfirmMode.NONE,
           watch: CodeWordWatch | None = None, pin: bool = True) -> dict[str, tuple[bool, str]]:
    found = panic_checks(settings, hotkey, confirm, no_probe,
                         watch or CodeWordWatch(lambda: None), Pins(pin))
    assert all(not c.essential for c in found)  # the app works without the silent alarm
    return {c.name: (c.ok, c.detail) for c in found}


def test_switched_off_by_policy_is_one_passing_line() -> None:
    assert checks(Triggers(enabled=False), bound()) == {
        "panic": (True, "silent alarm switched off by policy")}


def test_a_bound_hotkey_and_a_pin() -> None:
    found = checks(Triggers(), bound())
    assert found["panic-hotkey"] == (True, "<ctrl>+<alt>+<shift>+<f9> via fake-grab")
    assert found["panic-pin"] == (True, "PIN set")


def test_a_hotkey_that_could_not_be_had_and_no_pin_say_why() -> None:
    binding = HotkeyBinding("help", NullHotkeyService("Wayland does not let apps take hotkeys"))
    binding.bind("<ctrl>+<alt>+<shift>+<f9>", lambda: None)
    found = checks(Triggers(), binding, pin=False)
    assert found["panic-hotkey"] == (False, "Wayland does not let apps take hotkeys")
    assert not found["panic-pin"][0] and "Set PIN" in found["panic-pin"][1]


def test_a_hold_cannot_be_confirmed_without_a_key_state_probe_but_a_double_press_can() -> None:
    hold = checks(Triggers(), bound(), ConfirmMode.HOLD)["panic-confirm"]
    assert not hold[0] and 'use confirm = "double"' in hold[1]
    double = checks(Triggers(), bound(), ConfirmMode.DOUBLE)["panic-confirm"]
    assert double[0] and "double presses come from the hotkey service" in double[1]


def test_the_code_word_listener_and_a_word_an_input_method_composes() -> None:
    watch = CodeWordWatch(lambda: None, lambda m, cb: FakeListener(m, cb))
    watch.want("bluesky")
    found = checks(Triggers(code_word_enabled=True, code_word="bluesky"), bound(), watch=watch)
    assert found["panic-code-word"] == (True, "listening via fake-keyboard")
    watch.want("救命啊救命")
    composed = checks(Triggers(code_word_enabled=True, code_word="救命啊救命"), bound(), watch=watch)
    assert composed["panic-code-word"][0] is False
    assert "input method composes" in composed["panic-code-word"][1]
    deaf = CodeWordWatch(lambda: None, lambda m, cb: FakeListener(m, cb, works=False))
    deaf.want("bluesky")
    assert checks(Triggers(code_word_enabled=True, code_word="bluesky"), bound(),
                  watch=deaf)["panic-code-word"] == (False, "no keyboard hook here")

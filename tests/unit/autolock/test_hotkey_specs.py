"""Hotkey texts as users and policies write them (pynput style)."""

from __future__ import annotations

import pytest

from assistant.hotkeys import (
    HotkeyError,
    HotkeySpecError,
    Modifier,
    NullHotkeyService,
    parse_hotkey,
)
from assistant.hotkeys.windows import (
    MOD_ALT,
    MOD_CONTROL,
    MOD_NOREPEAT,
    MOD_SHIFT,
    modifier_flags,
    virtual_key,
)
from assistant.hotkeys.x11 import keysym_name


def test_the_default_lock_hotkey() -> None:
    hotkey = parse_hotkey("<ctrl>+<alt>+l")
    assert hotkey.modifiers == {Modifier.CTRL, Modifier.ALT} and hotkey.key == "l"
    assert hotkey.label() == "Ctrl+Alt+L"
    assert hotkey.spec == "<ctrl>+<alt>+l"


@pytest.mark.parametrize(("text", "spec", "label"), [
    ("<ctrl>+<alt>+<shift>+<f9>", "<ctrl>+<alt>+<shift>+<f9>", "Ctrl+Alt+Shift+F9"),
    (" <Alt> + <Ctrl_L> + L ", "<ctrl>+<alt>+l", "Ctrl+Alt+L"),
    ("<cmd>+<shift>+<page_down>", "<shift>+<cmd>+<page_down>", "Shift+Super+PgDown"),
    ("<f12>", "<f12>", "F12"),
    ("<ctrl>+<space>", "<ctrl>+<space>", "Ctrl+Space"),
    ("<ctrl>+,", "<ctrl>+,", "Ctrl+,"),
])
def test_specs_are_normalised(text: str, spec: str, label: str) -> None:
    hotkey = parse_hotkey(text)
    assert hotkey.spec == spec and hotkey.label() == label
    assert parse_hotkey(hotkey.spec) == hotkey


@pytest.mark.parametrize(("text", "why"), [
    ("", "not a hotkey"),
    ("l", "needs a modifier"),
    ("<ctrl>+<alt>", "no key"),
    ("<ctrl>+a+b", "two keys"),
    ("<ctrl>+<hyper>", "unknown key <hyper>"),
    ("<ctrl>+ctrl", "unknown key 'ctrl'"),
    ("<ctrl>++l", "not a hotkey"),
])
def test_bad_specs_say_why(text: str, why: str) -> None:
    with pytest.raises(HotkeySpecError, match=why):
        parse_hotkey(text)


def test_platform_key_names() -> None:
    assert keysym_name("l") == "l" and keysym_name("f9") == "F9"
    assert keysym_name("page_up") == "Prior" and keysym_name(",") == "comma"
    assert virtual_key("l") == ord("L") and virtual_key("f9") == 0x78 and virtual_key("7") == ord("7")
    assert virtual_key(",", lambda code: 0x1BC) == 0xBC  # VK_OEM_COMMA via VkKeyScanW
    with pytest.raises(HotkeyError):
        virtual_key(",", lambda code: -1)
    assert modifier_flags(parse_hotkey("<ctrl>+<alt>+<shift>+l")) == MOD_CONTROL | MOD_ALT | MOD_SHIFT | MOD_NOREPEAT


def test_the_null_service_says_what_is_missing() -> None:
    service = NullHotkeyService("Wayland does not let apps take global hotkeys")
    with pytest.raises(HotkeyError, match="Wayland"):
        service.register("<ctrl>+<alt>+l", lambda: None)
    with pytest.raises(HotkeySpecError):
        service.register("nonsense", lambda: None)


def test_windows_hotkey_ids_never_collide_with_a_registered_one() -> None:
    from assistant.hotkeys.windows import MAX_APP_HOTKEY_ID, free_hotkey_id

    used: set[int] = set()
    for _ in range(3):
        used.add(free_hotkey_id(used))
    assert used == {1, 2, 3}
    used.discard(2)
    assert free_hotkey_id(used) == 2  # an id comes free on unregister and is reused
    # Every id taken: a clear error, never an id outside the application range.
    with pytest.raises(HotkeyError):
        free_hotkey_id(set(range(1, MAX_APP_HOTKEY_ID + 1)))

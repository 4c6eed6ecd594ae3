"""PINs: salted scrypt hashes in the keyring, verification, the duress distinction."""

from __future__ import annotations

import json

import pytest

from assistant.panic.kinds import PinCheck
from assistant.panic.pins import (
    PIN_KEY_NAME,
    PinError,
    PinHashes,
    PinProblem,
    PinStore,
    hash_pin,
    verify_pin,
)
from tests.fixtures_relay import MemoryKeyring

FAST_N = 2**10


def test_hash_is_salted_and_verifies() -> None:
    first, second = hash_pin("2468", n=FAST_N), hash_pin("2468", n=FAST_N)
    assert first != second  # a fresh salt each time
    assert first.startswith("scrypt$1024$8$1$")
    assert "2468" not in first
    assert verify_pin("2468", first) and verify_pin("2468", second)
    assert not verify_pin("2469", first)
    assert not verify_pin("", first)


def test_garbage_hashes_never_verify() -> None:
    for stored in ("", "scrypt$x", "bcrypt$1$2$3$4$5", "scrypt$1024$8$1$!!$!!"):
        assert verify_pin("2468", stored) is False


def test_cancel_duress_and_wrong_are_told_apart() -> None:
    hashes = PinHashes.make("2468", "1357")
    assert hashes.check("2468") is PinCheck.CANCEL
    assert hashes.check("1357") is PinCheck.DURESS
    assert hashes.check("0000") is PinCheck.WRONG


def test_without_a_duress_pin_only_the_pin_cancels() -> None:
    hashes = PinHashes.make("2468")
    assert hashes.duress is None
    assert hashes.check("2468") is PinCheck.CANCEL
    assert hashes.check("1357") is PinCheck.WRONG


@pytest.mark.parametrize(("pin", "duress", "problem"), [
    ("123", None, PinProblem.TOO_SHORT),
    ("1" * 33, None, PinProblem.TOO_LONG),
    ("2468", "2468", PinProblem.DURESS_SAME),
    ("2468", "12", PinProblem.TOO_SHORT),
])
def test_bad_pins_are_refused(pin: str, duress: str | None, problem: PinProblem) -> None:
    with pytest.raises(PinError) as error:
        PinHashes.make(pin, duress)
    assert error.value.problem is problem


def test_store_keeps_only_hashes_in_the_keyring(memory_keyring: MemoryKeyring) -> None:
    store = PinStore()
    assert store.check("2468") is PinCheck.NOT_SET and not store.is_set()
    store.change("2468", "1357")
    assert store.is_set()
    [(service, key)] = memory_keyring.items
    assert key == PIN_KEY_NAME
    stored = memory_keyring.items[(service, key)]
    assert "2468" not in stored and "1357" not in stored
    data = json.loads(stored)
    assert data["cancel"].startswith("scrypt$") and data["duress"].startswith("scrypt$")
    assert store.check("2468") is PinCheck.CANCEL
    assert store.check("1357") is PinCheck.DURESS
    assert store.check("9999") is PinCheck.WRONG


def test_changing_pins_needs_the_current_pin_not_the_duress_pin(memory_keyring: MemoryKeyring) -> None:
    store = PinStore()
    store.change("2468", "1357")
    for current in (None, "0000", "1357"):
        with pytest.raises(PinError) as error:
            store.change("8642", None, current)
        assert error.value.problem is PinProblem.CURRENT_WRONG
    store.change("8642", None, "2468")
    assert store.check("8642") is PinCheck.CANCEL
    assert store.check("2468") is PinCheck.WRONG and store.check("1357") is PinCheck.WRONG


def test_unreadable_keyring_entry_counts_as_not_set(memory_keyring: MemoryKeyring) -> None:
    memory_keyring.set_password("AgentDeskSafetyAssistant", PIN_KEY_NAME, "not json")
    assert PinStore().check("2468") is PinCheck.NOT_SET


def test_each_installation_has_its_own_pins(memory_keyring: MemoryKeyring, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from assistant.paths import AppPaths

    first = PinStore.for_paths(AppPaths.from_basedir(tmp_path / "a"))
    second = PinStore.for_paths(AppPaths.from_basedir(tmp_path / "b"))
    first.change("2468", None)
    assert first.check("2468") is PinCheck.CANCEL
    assert second.check("2468") is PinCheck.NOT_SET
    assert all(key.startswith(PIN_KEY_NAME + ":") for _, key in memory_keyring.items)

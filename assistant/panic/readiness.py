"""The silent alarm's lines in ``--self-test``: is each trigger the policy switches on
ready, and can an alarm be called off? Qt-free."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from assistant.check_result import CheckResult
from assistant.hotkeys.binding import HotkeyBinding
from assistant.panic.code_word import needs_input_method
from assistant.panic.code_word_watch import CodeWordWatch
from assistant.panic.key_state import KeyStateProbe, NullKeyStateProbe
from assistant.panic.kinds import ConfirmMode


class PanicTriggers(Protocol):
    """The ``[panic]`` settings the checks read."""

    enabled: bool
    hotkey_enabled: bool
    code_word_enabled: bool
    code_word: str


class PinState(Protocol):
    def is_set(self) -> bool: ...


def panic_checks(settings: PanicTriggers, hotkey: HotkeyBinding, confirm: ConfirmMode,
                 key_probe: Callable[[], KeyStateProbe], code_word: CodeWordWatch,
                 pins: PinState) -> list[CheckResult]:
    if not settings.enabled:
        return [CheckResult("panic", True, "silent alarm switched off by policy", essential=False)]
    results = []
    if settings.hotkey_enabled:
        results.append(CheckResult("panic-hotkey", hotkey.bound,
                                   hotkey.describe() if hotkey.bound
                                   else hotkey.problem or "not registered", essential=False))
        if confirm is not ConfirmMode.NONE:
            results.append(_confirm_check(confirm, key_probe()))
    if settings.code_word_enabled:
        results.append(_code_word_check(settings.code_word, code_word))
    pin_set = pins.is_set()
    results.append(CheckResult(
        "panic-pin", pin_set,
        "PIN set" if pin_set else "no PIN set: “I'm safe” cannot call an alarm "
        "off (Set PIN… or safety-assistant panic --set-pin)", essential=False))
    return results


def _confirm_check(mode: ConfirmMode, probe: KeyStateProbe) -> CheckResult:
    if isinstance(probe, NullKeyStateProbe):
        ok = mode is ConfirmMode.DOUBLE
        detail = f"{mode.value}: no key-state probe ({probe.reason})" + (
            "; double presses come from the hotkey service" if ok else
            "; a hold cannot be confirmed — use confirm = \"double\"")
        return CheckResult("panic-confirm", ok, detail, essential=False)
    return CheckResult("panic-confirm", True, f"{mode.value} via {probe.name}", essential=False)


def _code_word_check(word: str, watch: CodeWordWatch) -> CheckResult:
    if not watch.listening:
        return CheckResult("panic-code-word", False, watch.problem or "not listening",
                           essential=False)
    detail = f"listening via {watch.listener_name}"
    composed = needs_input_method(word)
    if composed:
        detail += ("; the code word has characters an input method composes: "
                   "configure the keys typed (e.g. its pinyin) instead")
    return CheckResult("panic-code-word", not composed, detail, essential=False)

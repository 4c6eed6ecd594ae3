"""Names shared by the silent alarm's core, its UI and the command line."""

from __future__ import annotations

from enum import StrEnum


class TriggerKind(StrEnum):
    """How the agent raised the alarm (the relay and the console show it)."""

    HOTKEY = "hotkey"
    TRAY = "tray"
    CODE_WORD = "code_word"
    CLI = "cli"


class ConfirmMode(StrEnum):
    """What the help hotkey needs before it raises the alarm (``[panic] confirm``)."""

    NONE = "none"  # one press
    DOUBLE = "double"  # two presses close together
    HOLD = "hold"  # held down for ``hold_s``


class PinCheck(StrEnum):
    """What a PIN typed into "I'm safe" turned out to be."""

    CANCEL = "cancel"  # the agent's own PIN: the alarm is called off
    DURESS = "duress"  # the duress PIN: looks like a cancel, tells the supervisor otherwise
    WRONG = "wrong"
    NOT_SET = "not_set"  # no PIN was ever set


class AckSign(StrEnum):
    """How the agent learns that a supervisor acknowledged (``[panic] ack_sign``)."""

    NONE = "none"
    TRAY_MARK = "tray_mark"


class AuditKind(StrEnum):
    """Audit events of the silent alarm. Details never carry the code word or a PIN."""

    TRIGGERED = "panic.triggered"
    TEST_SENT = "panic.test_sent"
    TEST_CONFIRMED = "panic.test_confirmed"
    TEST_REMINDED = "panic.test_reminded"
    ACKNOWLEDGED = "panic.acknowledged"
    CANCELLED = "panic.cancelled"  # both for the real PIN and the duress PIN (see the relay)
    PIN_REFUSED = "panic.pin_refused"
    PIN_SET = "panic.pin_set"
    NOTE_SENT = "panic.note_sent"

"""How sure a finding is, from what validated it and the nearest context word.

Each :class:`Evidence` has a base confidence (no clue nearby) and overrides per
:class:`ContextClue`.  ``None`` means "do not report": weak shapes such as a bare
passport number or a contiguous landline need a supporting word, and numbers next
to 订单号 / serial / ts= are dropped when nothing but a prefix speaks for them.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Mapping

from pii.context import ContextClue
from pii.findings import FindingKind

logger = logging.getLogger(__name__)


class Evidence(enum.Enum):
    """What made a candidate valid; several map to the same finding kind."""

    RESIDENT_ID_18 = FindingKind.CN_RESIDENT_ID, "18"
    RESIDENT_ID_15 = FindingKind.CN_RESIDENT_ID, "15"
    BANK_CARD = FindingKind.BANK_CARD, "luhn"
    BANK_CARD_ID_SHAPED = FindingKind.BANK_CARD, "luhn, shaped like an ID"
    MOBILE = FindingKind.CN_MOBILE, "mobile"
    MOBILE_BARE_86 = FindingKind.CN_MOBILE, "mobile with 86 and no +"
    LANDLINE_GROUPED = FindingKind.CN_LANDLINE, "grouped"
    LANDLINE_CONTIGUOUS = FindingKind.CN_LANDLINE, "contiguous"
    PASSPORT = FindingKind.CN_PASSPORT, "passport"
    HK_ID_PARENTHESISED = FindingKind.HK_ID, "A123456(7)"
    HK_ID_BARE = FindingKind.HK_ID, "A1234567"
    TW_ID = FindingKind.TW_ID, "tw"
    USCC_WITH_LETTERS = FindingKind.USCC, "letters"
    USCC_DIGITS_ONLY = FindingKind.USCC, "digits"
    EMAIL = FindingKind.EMAIL, "email"

    def __init__(self, kind: FindingKind, note: str) -> None:
        self.kind = kind
        self.note = note

    # Members are singletons compared by identity: hash them by identity too, in C,
    # rather than by Enum's Python-level __hash__ (the scanner looks them up per finding).
    __hash__ = object.__hash__


_C = ContextClue
_NO_CLUE = "none"
# fmt: off
_TABLE: Mapping[Evidence, Mapping[ContextClue | str, float | None]] = {
    Evidence.RESIDENT_ID_18: {
        _NO_CLUE: 0.90, _C.IDENTITY: 0.99, _C.GENERIC_ID: 0.95, _C.PASSPORT: 0.93,
        _C.CARD: 0.88, _C.PHONE: 0.85, _C.COMPANY: 0.85, _C.NOT_PII: 0.75,
    },
    Evidence.RESIDENT_ID_15: {
        _NO_CLUE: 0.65, _C.IDENTITY: 0.95, _C.GENERIC_ID: 0.80, _C.PASSPORT: 0.80,
        _C.CARD: None, _C.PHONE: 0.50, _C.COMPANY: None, _C.NOT_PII: None,
    },
    Evidence.BANK_CARD: {
        _NO_CLUE: 0.75, _C.CARD: 0.97, _C.IDENTITY: 0.60, _C.GENERIC_ID: 0.70,
        _C.PASSPORT: 0.60, _C.PHONE: 0.60, _C.COMPANY: 0.50, _C.NOT_PII: None,
    },
    Evidence.BANK_CARD_ID_SHAPED: {
        _NO_CLUE: None, _C.CARD: 0.80, _C.IDENTITY: None, _C.GENERIC_ID: None,
        _C.PASSPORT: None, _C.PHONE: None, _C.COMPANY: None, _C.NOT_PII: None,
    },
    Evidence.MOBILE: {
        _NO_CLUE: 0.85, _C.PHONE: 0.98, _C.IDENTITY: 0.70, _C.CARD: 0.80,
        _C.GENERIC_ID: 0.80, _C.PASSPORT: 0.60, _C.COMPANY: 0.60, _C.NOT_PII: 0.50,
    },
    Evidence.MOBILE_BARE_86: {
        _NO_CLUE: 0.60, _C.PHONE: 0.95, _C.IDENTITY: 0.50, _C.CARD: 0.50,
        _C.GENERIC_ID: 0.50, _C.PASSPORT: 0.50, _C.COMPANY: 0.50, _C.NOT_PII: None,
    },
    Evidence.LANDLINE_GROUPED: {
        _NO_CLUE: 0.60, _C.PHONE: 0.95, _C.IDENTITY: 0.50, _C.CARD: 0.50,
        _C.GENERIC_ID: 0.50, _C.PASSPORT: 0.50, _C.COMPANY: 0.60, _C.NOT_PII: None,
    },
    Evidence.LANDLINE_CONTIGUOUS: {
        _NO_CLUE: None, _C.PHONE: 0.90, _C.IDENTITY: None, _C.CARD: None,
        _C.GENERIC_ID: None, _C.PASSPORT: None, _C.COMPANY: None, _C.NOT_PII: None,
    },
    Evidence.PASSPORT: {
        _NO_CLUE: None, _C.PASSPORT: 0.95, _C.IDENTITY: 0.80, _C.GENERIC_ID: 0.70,
        _C.CARD: None, _C.PHONE: None, _C.COMPANY: None, _C.NOT_PII: None,
    },
    Evidence.HK_ID_PARENTHESISED: {
        _NO_CLUE: 0.85, _C.IDENTITY: 0.97, _C.GENERIC_ID: 0.90, _C.PASSPORT: 0.90,
        _C.CARD: 0.70, _C.PHONE: 0.70, _C.COMPANY: 0.70, _C.NOT_PII: None,
    },
    Evidence.HK_ID_BARE: {
        _NO_CLUE: None, _C.IDENTITY: 0.90, _C.GENERIC_ID: 0.80, _C.PASSPORT: 0.80,
        _C.CARD: None, _C.PHONE: None, _C.COMPANY: None, _C.NOT_PII: None,
    },
    Evidence.TW_ID: {
        _NO_CLUE: None, _C.IDENTITY: 0.95, _C.GENERIC_ID: 0.85, _C.PASSPORT: 0.80,
        _C.CARD: None, _C.PHONE: None, _C.COMPANY: None, _C.NOT_PII: None,
    },
    Evidence.USCC_WITH_LETTERS: {
        _NO_CLUE: 0.85, _C.COMPANY: 0.98, _C.IDENTITY: 0.80, _C.GENERIC_ID: 0.85,
        _C.CARD: 0.70, _C.PHONE: 0.70, _C.PASSPORT: 0.70, _C.NOT_PII: 0.60,
    },
    Evidence.USCC_DIGITS_ONLY: {
        _NO_CLUE: None, _C.COMPANY: 0.95, _C.IDENTITY: None, _C.GENERIC_ID: None,
        _C.CARD: None, _C.PHONE: None, _C.PASSPORT: None, _C.NOT_PII: None,
    },
    Evidence.EMAIL: {
        _NO_CLUE: 0.95, _C.IDENTITY: 0.95, _C.GENERIC_ID: 0.95, _C.PASSPORT: 0.95,
        _C.CARD: 0.95, _C.PHONE: 0.95, _C.COMPANY: 0.95, _C.NOT_PII: 0.95,
    },
}
# fmt: on

NEEDS_CLUE: frozenset[Evidence] = frozenset(
    evidence for evidence, row in _TABLE.items() if row[_NO_CLUE] is None
)


def confidence(evidence: Evidence, clue: ContextClue | None) -> float | None:
    """Confidence for ``evidence`` next to ``clue``; None when it must not be reported."""
    return _TABLE[evidence][_NO_CLUE if clue is None else clue]

"""Passports, Hong Kong and Taiwan identity cards, and company credit codes."""

from __future__ import annotations

import logging
import operator
import re

logger = logging.getLogger(__name__)

# Chinese passports: E + 8 digits (e-passport), E + letter + 7 digits (since 2017),
# G + 8 digits (older ordinary passports), D/P/S (+E) + 7 digits (diplomatic, public
# affairs, service).  No check digit, so the scanner only reports them near a word
# like 护照 / passport.
_PASSPORT = re.compile(r"[EG]\d{8}|E[A-HJ-NP-Z]\d{7}|[DPS]E?\d{7}")
_HK_ID = re.compile(r"([A-Z]{1,2})(\d{6})(?:\(([0-9A])\)|([0-9A]))")
_TW_ID = re.compile(r"[A-Z][12ABCD89]\d{8}")

# Taiwan: letter -> two-digit area number (I, O, W, X, Y, Z are out of order).
_TW_LETTER_CODES = dict(zip("ABCDEFGHJKLMNPQRSTUVXYWZIO", range(10, 36), strict=True))

_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_VALUES = {char: index for index, char in enumerate(_USCC_ALPHABET)}
_USCC_CHARS = frozenset(_USCC_ALPHABET)
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_ORG_CODE_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
_USCC_REGISTRARS = frozenset("123456789ANY")
_USCC_CATEGORIES = frozenset("123459")


def is_passport(token: str) -> bool:
    return _PASSPORT.fullmatch(token) is not None


def _alnum_value(char: str) -> int:
    return ord(char) - 48 if char.isdigit() else ord(char) - 55  # A=10 ... Z=35


def hk_check_char(letters: str, digits: str) -> str:
    """The Hong Kong identity card check character ('0'-'9' or 'A')."""
    padded = letters.rjust(2)
    total = 0
    for weight, char in zip(range(9, 1, -1), padded + digits, strict=True):
        total += weight * (36 if char == " " else _alnum_value(char))
    check = -total % 11
    return "A" if check == 10 else str(check)


def parse_hk_id(token: str) -> tuple[bool, bool] | None:
    """``(valid, parenthesised)`` for an HKID-shaped token, None if it is not one."""
    match = _HK_ID.fullmatch(token)
    if match is None:
        return None
    letters, digits, in_parens, bare = match.groups()
    check = in_parens or bare
    return hk_check_char(letters, digits) == check, in_parens is not None


def is_tw_id(token: str) -> bool:
    """Taiwan national ID / resident certificate number with a valid check digit."""
    if _TW_ID.fullmatch(token) is None:
        return False
    code = _TW_LETTER_CODES[token[0]]
    second = token[1]
    if second.isdigit():
        second_value = int(second)
    else:  # old resident certificates: second letter's area number, last digit
        second_value = _TW_LETTER_CODES[second] % 10
    total = code // 10 + (code % 10) * 9 + second_value * 8
    for weight, char in zip((7, 6, 5, 4, 3, 2, 1, 1), token[2:], strict=True):
        total += weight * int(char)
    return total % 10 == 0


_ALNUM_VALUES = {c: i for i, c in enumerate("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")}
_ORG_CHECK_CHARS = "0X987654321"  # indexed by the weighted sum mod 11


def org_code_check_char(first8: str) -> str:
    """GB 11714 organisation code check character for its first eight characters."""
    values = map(_ALNUM_VALUES.__getitem__, first8)
    return _ORG_CHECK_CHARS[sum(map(operator.mul, _ORG_CODE_WEIGHTS, values)) % 11]


def uscc_check_char(first17: str) -> str:
    """GB 32100-2015 check character of a unified social credit code."""
    values = map(_USCC_VALUES.__getitem__, first17)
    return _USCC_ALPHABET[-sum(map(operator.mul, _USCC_WEIGHTS, values)) % 31]


def is_uscc(token: str) -> bool:
    """18-character unified social credit code with both of its check characters.

    ``token`` must already have the code's shape (as the scanner's pattern ensures):
    registrar, category, six-digit region and ten characters of the code alphabet.
    """
    if len(token) != 18 or token[0] not in _USCC_REGISTRARS:
        return False
    if token[1] not in _USCC_CATEGORIES or not token[2:8].isdigit():
        return False
    if not _USCC_CHARS.issuperset(token[8:]):
        return False
    if org_code_check_char(token[8:16]) != token[16]:
        return False
    return uscc_check_char(token[:17]) == token[17]

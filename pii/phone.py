"""Chinese mobile and landline numbers, judged from their digits and digit grouping."""

from __future__ import annotations

import logging

logger = logging.getLogger(__name__)

COUNTRY_PREFIXES = ("86", "0086")
_MOBILE_SHAPES = frozenset([(11,), (3, 4, 4), (3, 8)])
_THREE_DIGIT_AREAS = frozenset(["010"] + [f"02{n}" for n in range(10)])


def is_mobile(digits: str) -> bool:
    """11 ASCII digits starting 13-19 (12x, 11x and 10x are not mobile ranges)."""
    return (
        len(digits) == 11
        and digits[0] == "1"
        and "3" <= digits[1] <= "9"
        and digits.isascii()
        and digits.isdigit()
    )


def mobile_prefix_length(digits: str, shape: tuple[int, ...]) -> int | None:
    """Digits taken by a +86/86/0086 country prefix, or None if the rest is no mobile.

    ``shape`` is the lengths of the digit groups as written, e.g. ``(2, 3, 4, 4)``
    for ``86 138 1234 5678``.  Returns 0 when there is no prefix.
    """
    prefix = 0
    core_shape = shape
    if len(shape) > 1 and digits[: shape[0]] in COUNTRY_PREFIXES:
        prefix = shape[0]
        core_shape = shape[1:]
    elif len(shape) == 1 and len(digits) in (13, 15):
        if digits.startswith("86") and len(digits) == 13:
            prefix, core_shape = 2, (11,)
        elif digits.startswith("0086") and len(digits) == 15:
            prefix, core_shape = 4, (11,)
    if core_shape not in _MOBILE_SHAPES or not is_mobile(digits[prefix:]):
        return None
    return prefix


def landline_area_length(digits: str) -> int | None:
    """Length of the area code (with its leading 0) a landline number starts with."""
    if len(digits) < 3 or digits[0] != "0":
        return None
    if digits[:3] in _THREE_DIGIT_AREAS:
        return 3
    if "3" <= digits[1] <= "9":
        return 4
    return None


def is_landline(digits: str, shape: tuple[int, ...]) -> bool:
    """0 + area code + 7-8 digit local number that does not start with 0 or 1.

    Three-digit area codes (010, 02x) go with eight-digit local numbers.  When the
    number is written in groups, the first group must be exactly the area code.
    """
    area = landline_area_length(digits)
    if area is None or not digits.isascii() and digits.isdigit():
        return False
    local = digits[area:]
    if local[:1] in ("", "0", "1"):
        return False
    if len(local) != 8 and not (area == 4 and len(local) == 7):
        return False
    if len(shape) == 1:
        return True
    return shape[0] == area and len(shape) <= 3 and all(n >= 3 for n in shape[1:])

"""Payment card numbers: Luhn check plus a known issuer prefix and length."""

from __future__ import annotations

import enum
import logging

logger = logging.getLogger(__name__)

MIN_LENGTH = 14
MAX_LENGTH = 19


class CardBrand(str, enum.Enum):
    UNIONPAY = "unionpay"
    VISA = "visa"
    MASTERCARD = "mastercard"
    AMEX = "amex"
    JCB = "jcb"
    DINERS = "diners"
    DISCOVER = "discover"
    CN_DOMESTIC = "cn_domestic"


_ANY = range(16, 20)
# (first prefix, last prefix, prefix length, brand, allowed lengths); checked in order.
_RANGES: tuple[tuple[int, int, int, CardBrand, frozenset[int]], ...] = (
    (6011, 6011, 4, CardBrand.DISCOVER, frozenset(_ANY)),
    (644, 649, 3, CardBrand.DISCOVER, frozenset(_ANY)),
    (65, 65, 2, CardBrand.DISCOVER, frozenset(_ANY)),
    (62, 62, 2, CardBrand.UNIONPAY, frozenset(_ANY)),
    (81, 81, 2, CardBrand.UNIONPAY, frozenset(_ANY)),  # UnionPay's newer 81 range
    (4, 4, 1, CardBrand.VISA, frozenset([16, 19])),
    (51, 55, 2, CardBrand.MASTERCARD, frozenset([16])),
    (2221, 2720, 4, CardBrand.MASTERCARD, frozenset([16])),
    (34, 34, 2, CardBrand.AMEX, frozenset([15])),
    (37, 37, 2, CardBrand.AMEX, frozenset([15])),
    (3528, 3589, 4, CardBrand.JCB, frozenset(_ANY)),
    (300, 305, 3, CardBrand.DINERS, frozenset(range(14, 20))),
    (36, 36, 2, CardBrand.DINERS, frozenset(range(14, 20))),
    (38, 39, 2, CardBrand.DINERS, frozenset(range(16, 20))),
    # Old domestic debit cards, e.g. ICBC 9558, ABC 9559, 95595-95599.
    (95, 95, 2, CardBrand.CN_DOMESTIC, frozenset(_ANY)),
)

# Luhn doubles every second digit from the right and adds the digits of the product.
_DOUBLED = str.maketrans("0123456789", "0246813579")
# Ranges that can match, by the first two digits of a number.
_BY_PREFIX: dict[str, tuple[tuple[int, int, int, CardBrand, frozenset[int]], ...]] = {
    f"{n:02d}": tuple(
        r
        for r in _RANGES
        if int(str(r[0]).ljust(2, "0")[:2]) <= n <= int(str(r[1]).ljust(2, "9")[:2])
    )
    for n in range(100)
}


def luhn_valid(digits: str) -> bool:
    """The Luhn (mod 10) check over an ASCII digit string (ValueError otherwise)."""
    if not (digits.isascii() and digits.isdigit()):
        raise ValueError("Luhn needs ASCII digits")
    # Byte values are 48 + digit; 48 * len(digits) is a multiple of 10 only for some
    # lengths, so subtract it exactly.
    total = sum(digits[-1::-2].encode("ascii")) + sum(
        digits[-2::-2].translate(_DOUBLED).encode("ascii")
    )
    return (total - 48 * len(digits)) % 10 == 0


def luhn_check_digit(body: str) -> str:
    """The digit to append to ``body`` so that the result passes Luhn."""
    for candidate in "0123456789":
        if luhn_valid(body + candidate):
            return candidate
    raise AssertionError("unreachable: one of ten digits always completes Luhn")


def brand_of(digits: str) -> CardBrand | None:
    """The card brand whose prefix and length fit ``digits``, if any."""
    length = len(digits)
    for first, last, width, brand, lengths in _BY_PREFIX.get(digits[:2], ()):
        if width <= 2 or first <= int(digits[:width]) <= last:
            return brand if length in lengths else None
    return None


def is_valid(digits: str) -> bool:
    """14-19 ASCII digits with a known prefix and a valid Luhn check digit."""
    if not MIN_LENGTH <= len(digits) <= MAX_LENGTH or not (digits.isascii() and digits.isdigit()):
        return False
    return brand_of(digits) is not None and luhn_valid(digits)


def is_card_grouping(shape: tuple[int, ...]) -> bool:
    """Whether digit-group lengths look like a written card number.

    Groups of four with a shorter tail (``6222 0202 0000 0000 123``) or the 4-6-5 /
    4-6-4 layout of Amex and Diners cards; a single group is always fine.
    """
    if len(shape) == 1:
        return True
    if shape in ((4, 6, 5), (4, 6, 4)):
        return True
    return len(shape) >= 3 and all(n == 4 for n in shape[:-1]) and 1 <= shape[-1] <= 4

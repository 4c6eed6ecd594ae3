"""Made-up customer identifiers for the clipboard tests, valid by their check digits.

Built here (not taken from the PII library) so the guard's tests do not depend on how the
scanner happens to be tuned; each builder follows the public rules of the number.
"""

from __future__ import annotations

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def resident_id(area: str = "110105", birth: str = "19880214", serial: str = "053") -> str:
    """An 18-character resident ID (GB 11643: ISO 7064 MOD 11-2 check character)."""
    first17 = area + birth + serial
    return first17 + "10X98765432"[sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS)) % 11]


def bank_card(prefix: str = "622848001234567") -> str:
    """A UnionPay-style card number of ``len(prefix) + 1`` digits with a Luhn check digit."""
    total = 0
    for i, c in enumerate(reversed(prefix)):
        d = int(c)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return prefix + str((10 - total % 10) % 10)


def mobile(number: str = "13912345678") -> str:
    return number


def grouped(number: str, size: int = 4) -> str:
    """The number written in groups of four, as agents often copy it."""
    return " ".join(number[i:i + size] for i in range(0, len(number), size))

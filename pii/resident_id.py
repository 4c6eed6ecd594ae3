"""Chinese resident identity numbers (GB 11643-1999), 18-digit and legacy 15-digit.

Checked: the ISO 7064 MOD 11-2 check character, a real birth date that is not in the
future, and a plausible leading region code:

* mainland provinces 11-15, 21-23, 31-37, 41-46, 50-54, 61-65;
* 71 Taiwan;
* 81/82/83 followed by ``0000``: residence permits for Hong Kong, Macao and Taiwan
  residents (address code 810000/820000/830000);
* 9 followed by a mainland province code: the 2023 foreigner's permanent residence ID
  card (``9`` + province of issue + nationality code + birth date + ...).

The 15-digit form predates all of those and only carries mainland provinces and a
``YYMMDD`` birth date in the 1900s.
"""

from __future__ import annotations

import datetime as dt
import logging
import operator

logger = logging.getLogger(__name__)

MAINLAND_PROVINCES: frozenset[str] = frozenset(
    [str(n) for n in range(11, 16)]
    + [str(n) for n in range(21, 24)]
    + [str(n) for n in range(31, 38)]
    + [str(n) for n in range(41, 47)]
    + [str(n) for n in range(50, 55)]
    + [str(n) for n in range(61, 66)]
)
_RESIDENCE_PERMIT_PREFIXES = frozenset(["810000", "820000", "830000"])
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_CHARS = "10X98765432"
_EARLIEST_YEAR = 1900
_DIGITS = frozenset("0123456789")


_WEIGHT_SUM_OFFSET = 48 * sum(_WEIGHTS)  # the weights applied to ord('0')


def check_char(first17: str) -> str:
    """The ISO 7064 MOD 11-2 check character for the first 17 ASCII digits."""
    if len(first17) != 17 or not _ascii_digits(first17):
        raise ValueError("a resident ID check character needs 17 ASCII digits")
    total = sum(map(operator.mul, _WEIGHTS, first17.encode("ascii"))) - _WEIGHT_SUM_OFFSET
    return _CHECK_CHARS[total % 11]


def has_valid_region(number: str) -> bool:
    """Whether the leading address code of an 18-digit number is plausible."""
    head = number[:2]
    if head in MAINLAND_PROVINCES or head == "71":
        return True
    if head in ("81", "82", "83"):
        return number[:6] in _RESIDENCE_PERMIT_PREFIXES
    if head[:1] == "9":
        return number[1:3] in MAINLAND_PROVINCES
    return False


_DAYS_IN_MONTH = (0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _real_date(year: int, month: int, day: int, today: dt.date) -> bool:
    """A calendar date from 1900 up to ``today``, without building a date object."""
    if year < _EARLIEST_YEAR or not 1 <= month <= 12 or not 1 <= day <= _DAYS_IN_MONTH[month]:
        return False
    if month == 2 and day == 29 and not (year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)):
        return False
    return (year, month, day) <= (today.year, today.month, today.day)


def _ascii_digits(text: str) -> bool:
    return text.isascii() and text.isdigit()


def is_valid_18(number: str, today: dt.date) -> bool:
    """Validate an 18-character number (ASCII digits, optional trailing 'X')."""
    if len(number) != 18 or not has_valid_region(number) or not _ascii_digits(number[:17]):
        return False
    if number[17] not in _DIGITS and number[17] != "X":
        return False
    if not _real_date(int(number[6:10]), int(number[10:12]), int(number[12:14]), today):
        return False
    return check_char(number[:17]) == number[17]


def is_valid_15(number: str, today: dt.date) -> bool:
    """Validate a legacy 15-digit number: mainland region + 19YYMMDD + 3 digits."""
    if len(number) != 15 or number[:2] not in MAINLAND_PROVINCES or not _ascii_digits(number):
        return False
    return _real_date(1900 + int(number[6:8]), int(number[8:10]), int(number[10:12]), today)


def looks_like_18(number: str) -> bool:
    """An 18-digit string shaped like an ID, whatever its check character or date.

    Leading 11-65, 71, 81-83 or 9x, then a 19xx/20xx year and date-like digits
    (month 0x/1x, day 0x-3x).  Used to keep an ID with a wrong check character or an
    impossible date from being reported as a UnionPay card just because it happens to
    pass Luhn; only about one real 18-digit card in 600 has this shape.
    """
    if len(number) != 18:
        return False
    head = number[:2]
    if head not in MAINLAND_PROVINCES and head not in ("71", "81", "82", "83") and head[0] != "9":
        return False
    return number[6:8] in ("19", "20") and number[10] in "01" and number[12] in "0123"

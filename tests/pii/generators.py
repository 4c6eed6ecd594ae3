"""Builders for valid (and deliberately broken) identifiers, for tests only.

Plain functions take explicit parts so both the seeded hard-set builder and the
hypothesis strategies below can use them.  Nothing here belongs in the library: the
scanner must never learn to *make* identifiers.
"""

from __future__ import annotations

import datetime as dt
import random

from hypothesis import strategies as st

from pii.bank_card import luhn_check_digit, luhn_valid
from pii.other_ids import hk_check_char, org_code_check_char, uscc_check_char
from pii.resident_id import check_char

# Real county-level address codes, one or more per province-level region.
AREA_CODES = (
    "110101",
    "110105",
    "110108",
    "120101",
    "130102",
    "140105",
    "150102",
    "210102",
    "220102",
    "230102",
    "310104",
    "310115",
    "320102",
    "320506",
    "330106",
    "340104",
    "350203",
    "360102",
    "370102",
    "410105",
    "420106",
    "430102",
    "440305",
    "450102",
    "460106",
    "500103",
    "510104",
    "520102",
    "530102",
    "540102",
    "610103",
    "620102",
    "630102",
    "640104",
    "650102",
)
RESIDENCE_PERMIT_AREAS = ("810000", "820000", "830000")
NATIONALITY_CODES = ("840", "392", "410", "826", "276", "250")  # US, JP, KR, GB, DE, FR
MOBILE_PREFIXES = (
    "130",
    "131",
    "132",
    "133",
    "134",
    "135",
    "136",
    "137",
    "138",
    "139",
    "145",
    "147",
    "150",
    "151",
    "152",
    "153",
    "155",
    "156",
    "157",
    "158",
    "159",
    "166",
    "170",
    "173",
    "175",
    "176",
    "177",
    "178",
    "180",
    "181",
    "182",
    "183",
    "184",
    "185",
    "186",
    "187",
    "188",
    "189",
    "191",
    "193",
    "195",
    "196",
    "198",
    "199",
)
# (prefix, length) pairs for valid card numbers.
CARD_LAYOUTS = (
    ("622202", 19),
    ("621700", 19),
    ("622848", 19),
    ("623668", 19),
    ("621483", 19),
    ("622588", 16),
    ("622700", 16),
    ("621226", 19),
    ("625965", 16),
    ("628288", 16),
    ("4", 16),
    ("4", 19),
    ("51", 16),
    ("55", 16),
    ("2221", 16),
    ("2720", 16),
    ("34", 15),
    ("37", 15),
    ("3528", 16),
    ("3589", 19),
    ("36", 14),
    ("6011", 16),
    ("65", 16),
    ("8171", 16),
    ("9558", 19),
)
# Chinese characters and ASCII letters from which no context word can be spelled.
SAFE_HAN = (
    "的是了在有和人这中大为上我以要他时来们生到作地于出就分对成可主年同工也能下过子说面而方后"
    "多定行学所民得经十三之进着等度家力里如水化高自二起小物现实加量都两体当使点从本去把好应开"
    "它合还因由其些然前外天四日那事平形相全表间样与关各新内正心反你明看原又么利比或但质第向道"
    "命此变只没结解问意建月公无很情者最立代想已通并直题五果象员位入常文总次品式活及特长求老头"
    "基边路级少图山统知较将组见别她角期根论运农指几九区强放决西被干做必先回则任取处世车"
)
SAFE_ASCII_LETTERS = "bfghjkmpqvwxyz"
BOUNDARIES = "，。：:;、()（）[]【】{}\"'/=&? \n" + SAFE_HAN


def today() -> dt.date:
    return dt.date.today()


def resident_id(area: str, born: dt.date, sequence: int, lowercase_x: bool = False) -> str:
    """An 18-character resident ID with the right check character."""
    body = f"{area}{born:%Y%m%d}{sequence:03d}"
    check = check_char(body)
    return body + (check.lower() if lowercase_x else check)


def legacy_resident_id(area: str, born: dt.date, sequence: int) -> str:
    """A 15-digit first-generation ID (birth year 19xx, no check digit)."""
    if not 1900 <= born.year <= 1999:
        raise ValueError("legacy IDs carry 19xx birth years")
    return f"{area}{born:%y%m%d}{sequence:03d}"


def residence_permit_id(region: str, born: dt.date, sequence: int) -> str:
    """HK/Macao/Taiwan residents' residence permit: 810000/820000/830000 + date + seq."""
    return resident_id(region, born, sequence)


def foreigner_permanent_id(province: str, nationality: str, born: dt.date, seq: int) -> str:
    """2023 foreigner's permanent residence ID: 9 + province + nationality + date + seq."""
    return resident_id(f"9{province}{nationality}", born, seq)


def card_number(prefix: str, length: int, body: str) -> str:
    """A Luhn-valid card number: prefix, then ``body`` digits, then the check digit."""
    payload = (prefix + body)[: length - 1]
    if len(payload) != length - 1:
        raise ValueError("body too short for the requested length")
    return payload + luhn_check_digit(payload)


def mobile_number(prefix: str, rest: str) -> str:
    return prefix + rest[:8]


def hk_id(letters: str, digits: str) -> str:
    return f"{letters}{digits}({hk_check_char(letters, digits)})"


def tw_id(letter: str, gender: str, digits: str) -> str:
    """Taiwan ID with the check digit that makes the weighted sum a multiple of 10."""
    from pii.other_ids import is_tw_id

    for check in "0123456789":
        candidate = f"{letter}{gender}{digits[:7]}{check}"
        if is_tw_id(candidate):
            return candidate
    raise AssertionError("unreachable")


def uscc(registrar: str, category: str, area: str, org8: str) -> str:
    org = org8 + org_code_check_char(org8)
    body = f"{registrar}{category}{area}{org}"
    return body + uscc_check_char(body)


def group(number: str, sizes: tuple[int, ...], separator: str = " ") -> str:
    parts, position = [], 0
    for size in sizes:
        if position < len(number):
            parts.append(number[position : position + size])
        position += size
    if position < len(number):
        parts.append(number[position:])
    return separator.join(parts)


def group_by_four(number: str, separator: str = " ") -> str:
    return separator.join(number[i : i + 4] for i in range(0, len(number), 4))


def to_fullwidth(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def mutate_digit(number: str, position: int, delta: int) -> str:
    """Change one digit (delta 1-9, modulo 10); an 'X' becomes a digit."""
    char = number[position]
    new = str((int(char) + delta) % 10) if char.isdigit() else str(delta % 10)
    return number[:position] + new + number[position + 1 :]


def is_luhn_valid(number: str) -> bool:
    return luhn_valid(number)


# --- seeded random parts, for the hard-set builder -------------------------------


def random_birth(rng: random.Random, first_year: int = 1930, last_year: int = 2012) -> dt.date:
    start = dt.date(first_year, 1, 1).toordinal()
    end = dt.date(last_year, 12, 31).toordinal()
    return dt.date.fromordinal(rng.randint(start, end))


def random_digits(rng: random.Random, count: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(count))


# --- hypothesis strategies --------------------------------------------------------

birth_dates = st.dates(min_value=dt.date(1900, 1, 1), max_value=today() - dt.timedelta(days=1))
digit_strings = st.text(alphabet="0123456789", min_size=19, max_size=19)

resident_ids = st.builds(
    resident_id,
    area=st.sampled_from(AREA_CODES + RESIDENCE_PERMIT_AREAS),
    born=birth_dates,
    sequence=st.integers(0, 999),
    lowercase_x=st.booleans(),
)
card_numbers = st.builds(
    lambda layout, body: card_number(layout[0], layout[1], body),
    st.sampled_from(CARD_LAYOUTS),
    digit_strings,
)
mobile_numbers = st.builds(mobile_number, st.sampled_from(MOBILE_PREFIXES), digit_strings)

safe_context = st.text(alphabet=SAFE_HAN + SAFE_ASCII_LETTERS + " ，。：", max_size=12)
boundaries = st.sampled_from(BOUNDARIES)

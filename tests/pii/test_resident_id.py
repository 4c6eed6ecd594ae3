"""Resident ID validation (GB 11643-1999) and how the scanner treats ID-shaped digits."""

from __future__ import annotations

import datetime as dt

import pytest

from pii import FindingKind, scan
from pii.resident_id import check_char, is_valid_15, is_valid_18, looks_like_18

TODAY = dt.date(2025, 6, 1)
CLASSIC = "11010519491231002X"  # the example printed in GB 11643-1999


@pytest.mark.parametrize(
    "number",
    [
        CLASSIC,
        "110101199003070118",
        "110101200002290018",  # 2000 is a leap year
        "440305199912314522",
        "810000198506011231",  # Hong Kong residents' residence permit
        "911840198001020019",  # foreigner's permanent residence ID, issued in Beijing
    ],
)
def test_valid_18_digit_numbers(number: str) -> None:
    assert is_valid_18(number, TODAY)


def test_check_char_matches_the_standard_example() -> None:
    assert check_char(CLASSIC[:17]) == "X"
    with pytest.raises(ValueError, match="17 ASCII digits"):
        check_char("1101051949123100")


@pytest.mark.parametrize(
    ("number", "why"),
    [
        ("110105194912310021", "wrong check digit"),
        ("110101190002290013", "1900 was not a leap year"),
        ("110101202102290010", "no 29 February in 2021"),
        ("110101199013070116", "month 13"),
        ("110101199002300115", "30 February"),
        ("001011199003070119", "province 00"),
        ("191011199003070119", "province 19"),
        ("811234198506011235", "81 without 0000 is no residence permit"),
        ("970000198001020011", "9 + 70 is no province"),
        ("440524188001010014", "born before 1900"),
        ("1101011990030701", "too short"),
        ("11010519491231002x", "lower-case x is folded by the scanner, not here"),
    ],
)
def test_invalid_18_digit_numbers(number: str, why: str) -> None:
    assert not is_valid_18(number, TODAY), why


def test_future_birth_dates_are_rejected_relative_to_today() -> None:
    body = "11010120250602001"
    number = body + check_char(body)
    assert not is_valid_18(number, TODAY)
    assert is_valid_18(number, dt.date(2025, 6, 2))


def test_legacy_15_digit_numbers() -> None:
    assert is_valid_15("110105491231002", TODAY)
    assert is_valid_15("420106440403072", TODAY)
    assert not is_valid_15("110105491331002", TODAY)  # month 13
    assert not is_valid_15("810000850601123", TODAY)  # no permits in the old format
    assert not is_valid_15("11010549123100X", TODAY)


def test_looks_like_18_ignores_the_check_character() -> None:
    assert looks_like_18("620102198603109855")
    assert looks_like_18("811729200406221719")
    assert looks_like_18("622202199914289855")  # impossible date, still ID-shaped
    assert not looks_like_18("622202199923109855")  # month 2x is no date
    assert not looks_like_18("6222020200000000121")


def _kinds(text: str) -> list[tuple[FindingKind, str]]:
    return [(f.kind, text[f.start : f.end]) for f in scan(text, today=TODAY)]


def test_scan_finds_ids_touching_chinese_characters() -> None:
    assert _kinds(f"身份证号{CLASSIC}请核实") == [(FindingKind.CN_RESIDENT_ID, CLASSIC)]


def test_scan_accepts_lowercase_x_and_full_width_forms() -> None:
    lower = CLASSIC[:-1] + "x"
    assert _kinds(f"证件：{lower}") == [(FindingKind.CN_RESIDENT_ID, lower)]
    wide = "".join(chr(ord(c) + 0xFEE0) for c in CLASSIC)
    assert _kinds(f"证件：{wide}。") == [(FindingKind.CN_RESIDENT_ID, wide)]


@pytest.mark.parametrize("written", ["110105 19491231 002X", "110105 1949 1231 002X"])
def test_scan_accepts_grouped_ids(written: str) -> None:
    assert _kinds(f"身份证 {written} 已核验") == [(FindingKind.CN_RESIDENT_ID, written)]


@pytest.mark.parametrize(
    "text",
    [
        f"订单号9{CLASSIC[:-1]}1",  # inside a longer run of digits
        f"订单号{CLASSIC}7",
        f"ID{CLASSIC}",  # touching ASCII letters
        f"{CLASSIC[:-1]}Xa",
        "批次110105194912310021",  # bad check digit
        "身份证110105 1949123 1002X",  # not an ID grouping
    ],
)
def test_scan_ignores_id_look_alikes(text: str) -> None:
    assert FindingKind.CN_RESIDENT_ID not in {kind for kind, _ in _kinds(text)}


def test_scan_finds_legacy_ids_and_bounds_their_confidence_by_context() -> None:
    (with_word,) = scan("老身份证号码:110105491231002(15位)", today=TODAY)
    (bare,) = scan("备注 110105491231002", today=TODAY)
    assert with_word.kind is bare.kind is FindingKind.CN_RESIDENT_ID
    assert with_word.confidence > bare.confidence
    assert scan("订单号110105491231002", today=TODAY) == []


def test_context_word_raises_confidence() -> None:
    (plain,) = scan(f"备注 {CLASSIC}", today=TODAY)
    (worded,) = scan(f"身份证 {CLASSIC}", today=TODAY)
    assert worded.confidence > plain.confidence

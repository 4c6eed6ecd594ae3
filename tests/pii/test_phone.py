"""Mobile and landline numbers."""

from __future__ import annotations

import pytest

from pii import FindingKind, scan
from pii.phone import is_landline, is_mobile, mobile_prefix_length


@pytest.mark.parametrize("prefix", ["13", "14", "15", "16", "17", "18", "19"])
def test_mobile_ranges(prefix: str) -> None:
    assert is_mobile(prefix + "812345678")


@pytest.mark.parametrize("number", ["10812345678", "11812345678", "12812345678", "1381234567"])
def test_not_mobiles(number: str) -> None:
    assert not is_mobile(number)


def test_country_prefix_forms() -> None:
    assert mobile_prefix_length("13812345678", (11,)) == 0
    assert mobile_prefix_length("8613812345678", (13,)) == 2
    assert mobile_prefix_length("008613812345678", (15,)) == 4
    assert mobile_prefix_length("8613812345678", (2, 3, 4, 4)) == 2
    assert mobile_prefix_length("13812345678", (3, 4, 4)) == 0
    assert mobile_prefix_length("13812345678", (4, 3, 4)) is None
    assert mobile_prefix_length("8612812345678", (13,)) is None


def test_landlines() -> None:
    assert is_landline("01062345678", (11,))
    assert is_landline("01062345678", (3, 8))
    assert is_landline("075523456789", (4, 8))
    assert is_landline("07552345678", (4, 7))
    assert not is_landline("0102345678", (3, 7))  # Beijing numbers have 8 digits
    assert not is_landline("01012345678", (11,))  # local numbers do not start with 1
    assert not is_landline("01062345678", (4, 7))  # groups must follow the area code


def _mobiles(text: str) -> list[str]:
    return [text[f.start : f.end] for f in scan(text) if f.kind is FindingKind.CN_MOBILE]


@pytest.mark.parametrize(
    "written",
    [
        "13812345678",
        "138-1234-5678",
        "138 1234 5678",
        "+86 138 1234 5678",
        "+86-138-1234-5678",
        "+8613812345678",
        "0086 13812345678",
        "(+86)13812345678",
        "（＋８６）１３８１２３４５６７８",
        "１３８－１２３４－５６７８",
    ],
)
def test_mobile_forms(written: str) -> None:
    assert _mobiles(f"客户手机{written}，请回电") == [written]


@pytest.mark.parametrize(
    "text",
    [
        "会员号12842747278",
        "ts=1700000000000",
        "流水13812345678901",
        "批号13812345678ab",
        "余额 13812345678.50 元",
        "+1 415 555 0100",
        "+13812345678",  # '+' without 86 is some other country
        "ver 1.13812345678",
    ],
)
def test_mobile_look_alikes(text: str) -> None:
    assert _mobiles(text) == []


def test_two_numbers_separated_by_one_space_are_split() -> None:
    text = "联系 13812345678 13987654321"
    assert _mobiles(text) == ["13812345678", "13987654321"]


def _landlines(text: str) -> list[str]:
    return [text[f.start : f.end] for f in scan(text) if f.kind is FindingKind.CN_LANDLINE]


def test_landline_needs_separators_or_a_phone_word() -> None:
    assert _landlines("电话(010)62345678转8001") == ["(010)62345678"]
    assert _landlines("tel: 0755-2345678") == ["0755-2345678"]
    assert _landlines("办公 010 6234 5678") == ["010 6234 5678"]
    assert _landlines("座机01062345678") == ["01062345678"]
    assert _landlines("备注01062345678") == []
    assert _landlines("订单号 010-62345678") == []

"""Passports, Hong Kong and Taiwan IDs, unified social credit codes."""

from __future__ import annotations

import pytest

from pii import FindingKind, scan
from pii.other_ids import (
    hk_check_char,
    is_passport,
    is_tw_id,
    is_uscc,
    org_code_check_char,
    parse_hk_id,
)

USCC = "91350100M000100Y43"


def test_hk_check_characters() -> None:
    assert hk_check_char("A", "123456") == "3"
    assert hk_check_char("G", "123456") == "A"
    assert parse_hk_id("A123456(3)") == (True, True)
    assert parse_hk_id("A1234563") == (True, False)
    assert parse_hk_id("A123456(4)") == (False, True)
    assert parse_hk_id("AB987654(3)") == (True, True)
    assert parse_hk_id("1234567") is None


def test_tw_ids() -> None:
    assert is_tw_id("A123456789")
    assert is_tw_id("F212345674")
    assert not is_tw_id("A123456788")
    assert not is_tw_id("A323456789")  # second digit must be 1/2 (or 8/9, A-D)


def test_uscc() -> None:
    assert org_code_check_char("M000100Y") == "4"
    assert is_uscc(USCC)
    assert not is_uscc(USCC[:-1] + "4")
    assert not is_uscc("0" + USCC[1:])


def test_passport_shapes() -> None:
    assert is_passport("E12345678")
    assert is_passport("EA1234567")
    assert is_passport("G12345678")
    assert not is_passport("EI1234567")  # I and O are not used
    assert not is_passport("E1234567")


def _found(text: str) -> list[tuple[FindingKind, str]]:
    return [(f.kind, text[f.start : f.end]) for f in scan(text)]


def test_passports_need_a_passport_or_id_word() -> None:
    assert _found("护照号码E12345678") == [(FindingKind.CN_PASSPORT, "E12345678")]
    assert _found("Passport: EA1234567.") == [(FindingKind.CN_PASSPORT, "EA1234567")]
    assert _found("型号E12345678") == []
    assert _found("E12345678") == []


def test_hk_ids() -> None:
    assert _found("香港身份证A123456(3)") == [(FindingKind.HK_ID, "A123456(3)")]
    assert _found("见 A123456(3)") == [(FindingKind.HK_ID, "A123456(3)")]
    assert _found("见 A1234563") == []  # bare form needs an ID word
    assert _found("HKID A1234563") == [(FindingKind.HK_ID, "A1234563")]
    assert _found("香港身份证A123456(4)") == []


def test_tw_ids_need_an_id_word() -> None:
    assert _found("台胞证/身分證 A123456789") == [(FindingKind.TW_ID, "A123456789")]
    assert _found("产品 A123456789") == []


def test_credit_codes() -> None:
    assert _found(f"统一社会信用代码{USCC}") == [(FindingKind.USCC, USCC)]
    assert _found(f"见{USCC}，") == [(FindingKind.USCC, USCC)]
    assert _found(f"X{USCC}") == []


def test_all_digit_credit_code_needs_a_company_word() -> None:
    from tests.pii.generators import uscc

    code = uscc("9", "1", "110108", "10000000")
    assert code[:17].isdigit()
    assert FindingKind.USCC not in {kind for kind, _ in _found(f"备注{code}")}
    assert (FindingKind.USCC, code) in _found(f"税号：{code}")


@pytest.mark.parametrize("text", ["型号 A123456(3)X", "SKU-E12345678"])
def test_letter_tokens_inside_longer_codes(text: str) -> None:
    assert _found(text) == []

"""Masking keeps the layout and hides the middle; mask_text replaces every finding."""

from __future__ import annotations

import pytest

from pii import (
    Finding,
    FindingKind,
    MaskRule,
    MaskRules,
    mask_text,
    mask_value,
    scan,
)

K = FindingKind


@pytest.mark.parametrize(
    ("kind", "value", "masked"),
    [
        (K.CN_RESIDENT_ID, "11010519491231002X", "110***********002X"),
        (K.CN_RESIDENT_ID, "110105 1949 1231 002X", "110*** **** **** 002X"),
        (K.BANK_CARD, "6222 0202 0000 0000 0123", "**** **** **** **** 0123"),
        (K.BANK_CARD, "6222-0202-0000-0000-123", "****-****-****-***0-123"),
        (K.CN_MOBILE, "13812345678", "138****5678"),
        (K.CN_MOBILE, "138-1234-5678", "138-****-5678"),
        (K.CN_MOBILE, "+86 138 1234 5678", "+86 138 **** 5678"),
        (K.CN_MOBILE, "(+86)13812345678", "(+86)138****5678"),
        (K.CN_MOBILE, "008613812345678", "0086138****5678"),
        (K.EMAIL, "zhangsan@qq.com", "z***@qq.com"),
        (K.EMAIL, "z@qq.com", "***@qq.com"),
        (K.HK_ID, "A123456(3)", "A******(*)"),
        (K.CN_LANDLINE, "(010)62345678", "(010)****5678"),
    ],
)
def test_default_masks(kind: FindingKind, value: str, masked: str) -> None:
    assert mask_value(kind, value) == masked


def test_full_width_digits_get_full_width_mask_characters() -> None:
    assert mask_value(K.CN_MOBILE, "１３８１２３４５６７８") == "１３８＊＊＊＊５６７８"
    assert mask_value(K.CN_RESIDENT_ID, "１１０１０５１９４９１２３１００２Ｘ") == (
        "１１０＊＊＊＊＊＊＊＊＊＊＊００２Ｘ"
    )


def test_custom_rules() -> None:
    rules = MaskRules(mask_char="#").with_rule(K.BANK_CARD, MaskRule(keep_head=6, keep_tail=4))
    assert mask_value(K.BANK_CARD, "6222020200000000123", rules) == "622202#########0123"
    assert mask_value(K.CN_MOBILE, "13812345678", rules) == "138####5678"
    assert mask_value(K.EMAIL, "zhangsan@qq.com", MaskRules(email_mask_length=None)) == (
        "z*******@qq.com"
    )


def test_rules_cannot_reveal_everything() -> None:
    rules = MaskRules().with_rule(K.CN_MOBILE, MaskRule(keep_head=11, keep_tail=11))
    masked = mask_value(K.CN_MOBILE, "13812345678", rules)
    assert masked.count("*") >= 4
    assert "13812345678" not in masked


@pytest.mark.parametrize("bad", ["", "**", "a", "9"])
def test_mask_char_must_be_one_symbol(bad: str) -> None:
    with pytest.raises(ValueError, match="mask_char"):
        MaskRules(mask_char=bad)


def test_negative_keep_is_rejected() -> None:
    with pytest.raises(ValueError, match="negative"):
        MaskRule(keep_head=-1)


def test_mask_text_scans_by_default() -> None:
    text = "孙洋，身份证11010519491231002X，卡号6222020202000000002，手机13812345678。"
    assert mask_text(text) == (
        "孙洋，身份证110***********002X，卡号***************0002，手机138****5678。"
    )


def test_mask_text_with_given_findings_and_rules() -> None:
    text = "手机13812345678，邮箱zhangsan@qq.com"
    findings = scan(text)
    assert mask_text(text, findings) == "手机138****5678，邮箱z***@qq.com"
    rules = MaskRules(mask_char="•")
    assert mask_text(text, findings, rules) == "手机138••••5678，邮箱z•••@qq.com"
    assert mask_text(text, rules=rules) == "手机138••••5678，邮箱z•••@qq.com"
    assert mask_text(text, []) == text


def test_mask_text_skips_overlaps_and_rejects_foreign_findings() -> None:
    text = "13812345678"
    first = Finding(K.CN_MOBILE, 0, 11, "138****5678", 0.9)
    inner = Finding(K.CN_MOBILE, 2, 6, "****", 0.5)
    assert mask_text(text, [inner, first]) == "138****5678"
    with pytest.raises(ValueError, match="outside"):
        mask_text("short", [first])

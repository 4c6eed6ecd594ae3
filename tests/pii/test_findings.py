"""Findings never carry or print the raw value."""

from __future__ import annotations

import dataclasses

import pytest

from pii import Finding, FindingKind, scan

TEXT = "身份证11010519491231002X 卡号6222020202000000002 手机13812345678 邮箱zhangsan@qq.com"
RAW = ["11010519491231002X", "6222020202000000002", "13812345678", "zhangsan@qq.com"]


def test_kind_values_are_exactly_the_documented_names() -> None:
    assert {kind.value for kind in FindingKind} == {
        "cn_resident_id", "bank_card", "cn_mobile", "email", "cn_passport", "hk_id", "tw_id",
        "uscc", "cn_landline",
    }  # fmt: skip
    assert str(FindingKind.BANK_CARD) == "bank_card"
    assert FindingKind("email") is FindingKind.EMAIL


def test_repr_and_str_hold_no_raw_value() -> None:
    findings = scan(TEXT)
    assert len(findings) == 4
    for finding in findings:
        for raw in RAW:
            assert raw not in repr(finding)
            assert raw not in str(finding)
            assert all(raw not in str(value) for value in dataclasses.astuple(finding))
    assert repr(findings[0]).startswith("Finding(kind=cn_resident_id, start=3, end=21")


def test_findings_are_frozen_and_validated() -> None:
    finding = Finding(FindingKind.EMAIL, 0, 5, "a***@b.cn", 0.5)
    with pytest.raises(dataclasses.FrozenInstanceError):
        finding.start = 1  # type: ignore[misc]
    with pytest.raises(ValueError, match="span"):
        Finding(FindingKind.EMAIL, 5, 5, "", 0.5)
    with pytest.raises(ValueError, match="confidence"):
        Finding(FindingKind.EMAIL, 0, 5, "", 1.5)
    assert finding.span == (0, 5)


def test_scanner_findings_equal_checked_ones() -> None:
    """The scanner's unchecked constructor builds the same frozen value as the checked one."""
    from pii.findings import trusted_finding

    made = trusted_finding(FindingKind.CN_MOBILE, 3, 14, "138****5678", 0.98)
    assert made == Finding(FindingKind.CN_MOBILE, 3, 14, "138****5678", 0.98)
    assert hash(made) == hash(Finding(FindingKind.CN_MOBILE, 3, 14, "138****5678", 0.98))
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.start = 0  # type: ignore[misc]

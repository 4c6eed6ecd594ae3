"""Policy from settings, scanning clipboard content, masking HTML: no Qt."""

from __future__ import annotations

import logging

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.clipboard import (
    ClipboardAction,
    ClipboardContent,
    ClipboardPolicy,
    ContentFingerprinter,
    FindingSummary,
    inspect_content,
    mask_html,
)
from assistant.clipboard.inspection import MAX_LISTED
from assistant.settings.model import ClipboardSettings
from pii import FindingKind, scan
from tests.clipboard.identifiers import bank_card, grouped, mobile, resident_id

ALL = frozenset(FindingKind)


def test_policy_from_default_settings_warns_on_every_kind() -> None:
    policy = ClipboardPolicy.from_settings(ClipboardSettings())
    assert policy.enabled and policy.action is ClipboardAction.WARN
    assert policy.clear_after_s == 60
    assert policy.kinds == ALL


def test_policy_skips_unknown_kinds_and_actions(caplog: pytest.LogCaptureFixture) -> None:
    section = ClipboardSettings(action="shred", kinds=["bank_card", "shoe_size"])
    with caplog.at_level(logging.WARNING):
        policy = ClipboardPolicy.from_settings(section)
    assert policy.action is ClipboardAction.WARN
    assert policy.kinds == {FindingKind.BANK_CARD}
    assert "shoe_size" in caplog.text


def test_fingerprint_is_keyed_and_content_repr_hides_the_text() -> None:
    content = ClipboardContent(f"卡号 {bank_card()}")
    a, b = ContentFingerprinter(), ContentFingerprinter()
    assert a(content) == a(ClipboardContent(f"卡号 {bank_card()}"))
    assert a(content) != b(content)  # a per-process key: not a plain hash of the number
    assert bank_card() not in repr(content)
    assert bank_card() not in a(content)


def test_inspection_masks_text_keeping_the_layout() -> None:
    text = f"客户身份证：{resident_id()}\n联系电话 {mobile()}，谢谢"
    inspection = inspect_content(ClipboardContent(text), ALL)
    assert inspection.found and inspection.summary is not None
    assert inspection.summary.kinds == (FindingKind.CN_RESIDENT_ID, FindingKind.CN_MOBILE)
    assert inspection.summary.count == 2
    masked = inspection.masked_text
    assert masked is not None and len(masked) == len(text)
    assert resident_id() not in masked and mobile() not in masked
    assert masked.startswith("客户身份证：110") and masked.endswith("5678，谢谢")


def test_inspection_only_acts_on_the_watched_kinds() -> None:
    text = f"{resident_id()} / {mobile()}"
    inspection = inspect_content(ClipboardContent(text), frozenset({FindingKind.CN_MOBILE}))
    assert inspection.summary is not None and inspection.summary.kinds == (FindingKind.CN_MOBILE,)
    assert inspection.masked_text is not None
    assert resident_id() in inspection.masked_text  # not watched: left alone
    assert mobile() not in inspection.masked_text
    none = inspect_content(ClipboardContent(text), frozenset({FindingKind.EMAIL}))
    assert not none.found and none.masked_text is None


def test_clean_text_has_no_findings() -> None:
    inspection = inspect_content(ClipboardContent("订单已发货，请注意查收。工单号 2026-11-27"), ALL)
    assert not inspection.found


def test_summary_lists_few_masked_values_and_never_raw_ones() -> None:
    cards = [bank_card(f"62284800123456{i}") for i in range(10, 10 + MAX_LISTED + 3)]
    inspection = inspect_content(ClipboardContent("\n".join(cards)), ALL)
    summary = inspection.summary
    assert summary is not None and summary.count == len(cards)
    assert len(summary.masked) == MAX_LISTED
    details = summary.audit_details()
    assert details["kinds"] == ["bank_card"] and details["count"] == len(cards)
    assert not any(card in str(details) for card in cards)


def test_html_text_nodes_and_attribute_values_are_masked_markup_kept() -> None:
    card = bank_card()
    html = (f'<p class="note" style="color:#333">卡号 <b>{grouped(card)}</b></p>'
            f'<a href="tel:{mobile()}">致电客户</a><!-- {resident_id()} -->')
    masked, findings = mask_html(html, scan)
    assert {f.kind for f in findings} == {FindingKind.BANK_CARD, FindingKind.CN_MOBILE,
                                           FindingKind.CN_RESIDENT_ID}
    for f in findings:  # positions refer to the whole HTML
        assert html[f.start:f.end] in (grouped(card), mobile(), resident_id())
    assert grouped(card) not in masked and mobile() not in masked and resident_id() not in masked
    assert '<p class="note" style="color:#333">卡号 <b>' in masked
    assert "</b></p><a href=\"tel:" in masked and ">致电客户</a>" in masked
    assert masked.count("<") == html.count("<")


def test_inspection_masks_html_alongside_the_text() -> None:
    content = ClipboardContent(f"电话 {mobile()}", f"<div>电话 <span>{mobile()}</span></div>")
    inspection = inspect_content(content, ALL)
    new = inspection.masked_content(content)
    assert mobile() not in new.text and mobile() not in new.html
    assert new.html.startswith("<div>电话 <span>139")


def test_html_only_content_is_inspected() -> None:
    content = ClipboardContent("", f"<td>{resident_id()}</td>")
    inspection = inspect_content(content, ALL)
    assert inspection.summary is not None
    assert inspection.summary.kinds == (FindingKind.CN_RESIDENT_ID,)
    assert resident_id() not in inspection.masked_content(content).html


_FILLER = st.text(alphabet=st.sampled_from(list("客户您好，请核对信息。abc ;:-\n")), max_size=40)


@settings(max_examples=60, deadline=None)
@given(before=_FILLER, after=_FILLER)
def test_masked_content_never_holds_the_raw_number(before: str, after: str) -> None:
    number = resident_id()
    content = ClipboardContent(f"{before} {number} {after}", f"<i>{before}</i> {number}")
    inspection = inspect_content(content, ALL)
    new = inspection.masked_content(content)
    assert number not in new.text and number not in new.html


def test_summary_of_no_findings_is_not_built() -> None:
    assert FindingSummary.of([]).count == 0


def test_html_character_references_are_read_and_masked_in_place() -> None:
    card = bank_card()
    nbsp_grouped = "&nbsp;".join(card[i:i + 4] for i in range(0, len(card), 4))
    numeric = "".join(f"&#{ord(c)};" for c in mobile())
    html = f"<p>卡号 {nbsp_grouped}</p><p>手机 {numeric}</p>"
    masked, findings = mask_html(html, scan)
    assert [f.kind for f in findings] == [FindingKind.BANK_CARD, FindingKind.CN_MOBILE]
    assert [html[f.start:f.end] for f in findings] == [nbsp_grouped, numeric]
    assert masked.startswith("<p>卡号 ****\xa0****\xa0****\xa0" + card[-4:] + "</p><p>手机 139****5678</p>")


def test_html_that_stays_readable_is_left_out() -> None:
    phone = mobile()
    # Split by inline tags: no text node holds the whole number, but a paste shows it.
    content = ClipboardContent(f"手机 {phone}", f"<p>手机 <b>{phone[:3]}</b>{phone[3:]}</p>")
    inspection = inspect_content(content, ALL)
    assert inspection.masked_html == ""
    new = inspection.masked_content(content)
    assert new.html == "" and phone not in new.text

"""Whole-text behaviour: ordering, overlaps, boundaries, URLs, JSON, context."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import subprocess
import sys

from pii import FindingKind, scan
from pii.resident_id import check_char

K = FindingKind
ID = "11010519491231002X"
CARD = "6222020202000000002"
MOBILE = "13812345678"
EMAIL = "zhangsan@qq.com"


def _spans(text: str) -> list[tuple[FindingKind, str]]:
    return [(f.kind, text[f.start : f.end]) for f in scan(text)]


def test_empty_and_clean_texts() -> None:
    assert scan("") == []
    assert scan("您好，请问有什么可以帮您？订单日期20231105，金额687.55元") == []


def test_findings_are_sorted_and_never_overlap() -> None:
    text = f"{EMAIL}，{MOBILE} 身份证{ID}卡号{CARD}"
    findings = scan(text)
    assert [f.kind for f in findings] == [K.EMAIL, K.CN_MOBILE, K.CN_RESIDENT_ID, K.BANK_CARD]
    for earlier, later in itertools.pairwise(findings):
        assert earlier.end <= later.start
    assert all(0.0 < f.confidence <= 1.0 for f in findings)


def test_numbers_inside_urls_and_json() -> None:
    url = f"https://crm.example.com/c?id={ID}&tel={MOBILE}#card={CARD}"
    assert _spans(url) == [(K.CN_RESIDENT_ID, ID), (K.CN_MOBILE, MOBILE), (K.BANK_CARD, CARD)]
    record = json.dumps({"idCard": ID, "phone": int(MOBILE), "email": EMAIL})
    assert _spans(record) == [(K.CN_RESIDENT_ID, ID), (K.CN_MOBILE, MOBILE), (K.EMAIL, EMAIL)]
    escaped = f"/u?ids={ID}%2C{MOBILE}%20x"
    assert _spans(escaped) == [(K.CN_RESIDENT_ID, ID), (K.CN_MOBILE, MOBILE)]


def test_long_digit_runs_snowflakes_and_timestamps_are_not_identifiers() -> None:
    assert scan(f"订单号{MOBILE}{ID}") == []
    assert scan("id=1541815603606036480 at 1700000000000") == []
    assert scan(f"order 20231105{CARD}") == []


def test_offsets_index_the_original_text_with_full_width_forms() -> None:
    wide = "".join(chr(ord(c) + 0xFEE0) for c in MOBILE)
    text = f"电话：{wide}！"
    (finding,) = scan(text)
    assert text[finding.start : finding.end] == wide
    assert finding.masked == "１３８＊＊＊＊５６７８"


def test_context_is_not_taken_from_another_line() -> None:
    (same_line,) = scan(f"手机 {MOBILE}")
    (other_line,) = scan(f"手机\n{MOBILE}")
    assert same_line.confidence > other_line.confidence


def test_context_after_the_number_counts_when_nothing_precedes() -> None:
    (plain,) = scan(f"{MOBILE} 嗯")
    (after,) = scan(f"{MOBILE}（手机）")
    assert after.confidence > plain.confidence


def test_min_confidence_filters() -> None:
    text = f"备注 {CARD}，手机{MOBILE}"
    assert [f.kind for f in scan(text)] == [K.BANK_CARD, K.CN_MOBILE]
    assert [f.kind for f in scan(text, min_confidence=0.9)] == [K.CN_MOBILE]


def test_today_is_injectable() -> None:
    body = "11010120250602001"
    text = f"证件{body}{check_char(body)}"
    assert scan(text, today=dt.date(2025, 6, 1)) == []
    assert [f.kind for f in scan(text, today=dt.date(2025, 6, 2))] == [K.CN_RESIDENT_ID]


def test_large_mixed_text_is_scanned_completely() -> None:
    line = f"客户{ID}，卡号{CARD}，手机{MOBILE}，邮箱{EMAIL}，订单号859574890682883607598。\n"
    text = line * 2000
    findings = scan(text)
    assert len(findings) == 4 * 2000
    assert findings[-1].end == len(text) - len("，订单号859574890682883607598。\n")


def test_the_package_does_not_import_qt() -> None:
    code = (
        "import sys; sys.modules['PySide6'] = None\n"
        "import pii, pii.cli, pii.evaluation\n"
        "assert not any(m.startswith(('PySide6', 'PyQt')) for m in sys.modules if sys.modules[m])\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


def test_context_words_belong_to_the_nearest_number() -> None:
    # "订单号" introduces the order number, not the card after it.
    text = f"订单号859574890682883607598，退款到{CARD}"
    assert _spans(text) == [(K.BANK_CARD, CARD)]
    # "卡号" introduces the card; the mobile after it gets no card clue.
    (_, mobile) = scan(f"卡号 {CARD} {MOBILE}")
    (plain,) = scan(f"嗯 {MOBILE}")
    assert mobile.confidence == plain.confidence
    # A word after a number counts only when no other number follows right away.
    (first, _) = scan(f"{MOBILE}，身份证{ID}")
    assert first.confidence == plain.confidence

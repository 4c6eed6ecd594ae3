"""Recall on a long chat text: ``scan --mask`` leaves none of 2,000 planted identifiers.

The text is 50 MB of chat lines - many mention orders, parcels and invoices (words that
say "not a customer identifier" when they introduce a number) - with identifiers of every
kind planted after those sentences, inside them and on their own lines.
"""

from __future__ import annotations

import io
import random
from pathlib import Path

from pii.cli import EXIT_FOUND, scan_command
from pii.scanner import scan
from tests.pii import generators as g

TARGET_BYTES = 50 * 1024 * 1024
PLANTED = 2000
# Chat sentences without digits; several hold a "not PII" word (订单, 快递, 发票, 流水 ...).
CHAT = (
    "您好，请问有什么可以帮您？",
    "我的订单还没到。",
    "快递显示已经签收了，但是我没有收到。",
    "请帮我查一下物流，谢谢！",
    "发票什么时候可以开好？",
    "好的，我这边帮您登记一下。",
    "请稍等，正在为您查询流水记录；",
    "商品有质量问题，我想退货。",
    "Thanks, my order still has not arrived.",
    "Could you check the tracking for me?",
    "麻烦您核对一下信息。",
    "感谢您的耐心等待，祝您生活愉快！",
)
LEADS = ("", "我的订单还没到。", "快递还没到！", "发票开了吗？", "好的；", "信息如下：", " ", "\n")
TAILS = ("", "。", "，谢谢。", "！", "\n", " 麻烦了。")


def planted_identifiers(rng: random.Random) -> list[str]:
    """``PLANTED`` distinct identifiers, each kind in turn."""
    makers = (
        lambda: g.resident_id(rng.choice(g.AREA_CODES), g.random_birth(rng), rng.randint(0, 999)),
        lambda: g.legacy_resident_id(rng.choice(g.AREA_CODES), g.random_birth(rng, 1930, 1999),
                                     rng.randint(0, 999)),
        lambda: g.residence_permit_id(rng.choice(g.RESIDENCE_PERMIT_AREAS), g.random_birth(rng),
                                      rng.randint(0, 999)),
        lambda: g.foreigner_permanent_id(rng.choice(g.AREA_CODES)[:2], rng.choice(g.NATIONALITY_CODES),
                                         g.random_birth(rng), rng.randint(0, 999)),
        lambda: _card(rng),
        lambda: g.mobile_number(rng.choice(g.MOBILE_PREFIXES), g.random_digits(rng, 8)),
        lambda: g.hk_id(rng.choice("ABCDEGHKMPRTVYZ"), g.random_digits(rng, 6)),
        # Taiwan IDs and credit codes are reported only with a word that names them (by
        # design: alone they look like product codes), so the chat names them.
        lambda: "台湾身份证" + g.tw_id(rng.choice("ABCDEFGHJKLMNPQRSTUVXYWZIO"), rng.choice("12"),
                                  g.random_digits(rng, 7)),
        lambda: "信用代码" + g.uscc("9", "1", rng.choice(g.AREA_CODES), g.random_digits(rng, 8)),
        lambda: f"kehu.{g.random_digits(rng, 6)}@example.com",
    )
    seen: set[str] = set()
    out: list[str] = []
    while len(out) < PLANTED:
        value = makers[len(out) % len(makers)]()
        if value not in seen:
            seen.add(value)
            out.append(value)
    return out


def _raw(planted: str) -> str:
    """The identifier itself, without the word planted in front of it."""
    return planted.removeprefix("台湾身份证").removeprefix("信用代码")


def _card(rng: random.Random) -> str:
    prefix, length = rng.choice(g.CARD_LAYOUTS)
    return g.card_number(prefix, length, g.random_digits(rng, length))


def long_chat(rng: random.Random, identifiers: list[str]) -> tuple[str, list[int]]:
    """``TARGET_BYTES`` or a little more of UTF-8 chat with the identifiers spread evenly
    through it, and where each identifier (without a word planted in front) starts."""
    line = "".join(CHAT) + "\n"
    block = line * 40
    block_bytes = len(block.encode("utf-8"))
    per_gap = max(1, TARGET_BYTES // block_bytes // len(identifiers))
    gap = block * per_gap
    parts: list[str] = []
    starts: list[int] = []
    position = 0
    for value in identifiers:
        sentence = rng.choice(CHAT) + rng.choice(LEADS)
        planted = sentence + value + rng.choice(TAILS)
        starts.append(position + len(gap) + len(sentence) + len(value) - len(_raw(value)))
        parts += [gap, planted]
        position += len(gap) + len(planted)
    size = len("".join(parts).encode("utf-8"))
    parts.append(block * max(1, -(-(TARGET_BYTES - size) // block_bytes)))
    return "".join(parts), starts


def left_unmasked(masked: str, identifiers: list[str], starts: list[int], slack: int = 0) -> list[str]:
    """The planted identifiers still readable where they were planted.

    Masked e-mail addresses are shorter, so later offsets move by up to ``slack`` (the
    difference in length, plus a margin): each identifier is looked for that far around.
    """
    return [value for value, start in zip(identifiers, starts, strict=True)
            if _raw(value) in masked[max(0, start - slack):start + len(_raw(value)) + slack]]


def test_the_sentence_before_a_card_number_does_not_make_it_an_order_number() -> None:
    card = g.card_number("4", 16, "111111111111111")
    [finding] = scan(f"我的订单还没到。{card}")
    assert finding.kind.value == "bank_card" and (finding.start, finding.end) == (8, 8 + len(card))
    assert scan(f"订单号{card}") == []  # in the same sentence the word still speaks for it


def test_an_english_sentence_end_before_a_number_does_not_hide_it() -> None:
    [finding] = scan("Thanks, my order still has not arrived.13751929797")
    assert finding.kind.value == "cn_mobile"
    assert scan("version v2.13751929797") == [] and scan("3.13751929797") == []  # still decimals


def test_a_credit_code_with_an_x_before_its_last_character_is_found() -> None:
    code = g.uscc("9", "1", "530102", "18880072")
    assert code[-2] == "X"
    [finding] = scan(f"信用代码{code}")
    assert finding.kind.value == "uscc" and (finding.start, finding.end) == (4, 4 + len(code))


def test_mask_leaves_none_of_2000_identifiers_in_50_mb(tmp_path: Path) -> None:
    rng = random.Random(13)
    identifiers = planted_identifiers(rng)
    text, starts = long_chat(rng, identifiers)
    assert len(text.encode("utf-8")) >= TARGET_BYTES
    assert left_unmasked(text, identifiers, starts) == identifiers  # the offsets are right
    path = tmp_path / "chat.txt"
    path.write_text(text, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    code = scan_command(str(path), False, True, io.StringIO(), out, err)
    masked = out.getvalue()
    assert code == EXIT_FOUND and err.getvalue() == ""
    left = left_unmasked(masked, identifiers, starts, abs(len(text) - len(masked)) + 100)
    assert left == [], f"{len(left)} of {len(identifiers)} left unmasked, e.g. {left[:5]}"


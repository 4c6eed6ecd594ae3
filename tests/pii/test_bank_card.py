"""Card numbers: Luhn, issuer prefixes and lengths, groupings, and context rules."""

from __future__ import annotations

import pytest

from pii import FindingKind, scan
from pii.bank_card import (
    CardBrand,
    brand_of,
    is_card_grouping,
    is_valid,
    luhn_check_digit,
    luhn_valid,
)
from tests.pii.generators import card_number, group_by_four

UNIONPAY_19 = card_number("622202", 19, "0202000000000000000")
UNIONPAY_16 = card_number("621700", 16, "1234567890123456")


def test_luhn_known_vectors() -> None:
    assert luhn_valid("79927398713")
    assert luhn_valid("4111111111111111")
    assert not luhn_valid("4111111111111112")
    assert luhn_check_digit("7992739871") == "3"
    with pytest.raises(ValueError, match="ASCII digits"):
        luhn_valid("12x4")


@pytest.mark.parametrize(
    ("number", "brand"),
    [
        (UNIONPAY_19, CardBrand.UNIONPAY),
        (card_number("8171", 16, "0" * 19), CardBrand.UNIONPAY),
        ("4111111111111111", CardBrand.VISA),
        ("5105105105105100", CardBrand.MASTERCARD),
        ("2221000000000009", CardBrand.MASTERCARD),
        ("378282246310005", CardBrand.AMEX),
        ("3530111333300000", CardBrand.JCB),
        ("30569309025904", CardBrand.DINERS),
        ("6011111111111117", CardBrand.DISCOVER),
        (card_number("9558", 19, "0" * 19), CardBrand.CN_DOMESTIC),
    ],
)
def test_known_brands(number: str, brand: CardBrand) -> None:
    assert brand_of(number) is brand
    assert is_valid(number)


@pytest.mark.parametrize(
    "number",
    [
        card_number("1", 16, "0" * 19),  # no issuer starts with 1
        card_number("7", 16, "0" * 19),
        card_number("4", 18, "0" * 19),  # Visa has no 18-digit numbers
        card_number("51", 19, "0" * 19),  # Mastercard is 16 digits
        card_number("62", 13, "0" * 19),  # too short
        UNIONPAY_16[:-1] + str((int(UNIONPAY_16[-1]) + 1) % 10),  # Luhn broken
    ],
)
def test_rejected_numbers(number: str) -> None:
    assert not is_valid(number)


def test_card_groupings() -> None:
    assert is_card_grouping((16,))
    assert is_card_grouping((4, 4, 4, 4))
    assert is_card_grouping((4, 4, 4, 4, 3))
    assert is_card_grouping((4, 6, 5))
    assert not is_card_grouping((8, 8))
    assert not is_card_grouping((4, 12))
    assert not is_card_grouping((6, 13))


def _cards(text: str) -> list[str]:
    return [text[f.start : f.end] for f in scan(text) if f.kind is FindingKind.BANK_CARD]


@pytest.mark.parametrize("separator", [" ", "-", "\u3000"])
def test_grouped_cards_keep_their_separators_in_the_span(separator: str) -> None:
    written = group_by_four(UNIONPAY_19, separator)
    assert _cards(f"卡号{written}，户名张三") == [written]


def test_cards_touching_chinese_and_inside_urls() -> None:
    assert _cards(f"银行卡号{UNIONPAY_16}开户行") == [UNIONPAY_16]
    assert _cards(f"https://bank.example/cards/{UNIONPAY_19}/bill") == [UNIONPAY_19]
    assert _cards(f'{{"card":"{UNIONPAY_19}"}}') == [UNIONPAY_19]


@pytest.mark.parametrize(
    "text",
    [
        f"订单号{UNIONPAY_19}1",  # longer run
        f"SN{UNIONPAY_16}",  # touching letters
        f"订单号 {UNIONPAY_16}",  # an order-number word and nothing card-like
        f"余额 {UNIONPAY_16}.50",  # an amount
    ],
)
def test_card_look_alikes(text: str) -> None:
    assert _cards(text) == []


def test_id_shaped_luhn_numbers_need_a_card_word() -> None:
    number = "620102198603109855"  # Gansu-shaped ID, wrong check digit, passes Luhn
    assert luhn_valid(number)
    assert _cards(f"备注 {number}") == []
    assert _cards(f"卡号 {number}") == [number]


def test_valid_id_that_also_passes_luhn_stays_an_id() -> None:
    import datetime as dt

    from tests.pii.generators import resident_id

    for sequence in range(1000):
        number = resident_id("620102", dt.date(1980, 1, 1), sequence)
        if number[-1] != "X" and luhn_valid(number):
            break
    (finding,) = scan(f"卡号 {number}")
    assert finding.kind is FindingKind.CN_RESIDENT_ID


def test_card_word_raises_confidence() -> None:
    (plain,) = scan(f"备注 {UNIONPAY_16}")
    (worded,) = scan(f"卡号 {UNIONPAY_16}")
    assert worded.confidence > plain.confidence

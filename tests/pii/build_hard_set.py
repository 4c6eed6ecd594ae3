"""Regenerate ``data/pii-hard.jsonl``: harder labelled cases than the public corpus.

Run ``.venv/bin/python -m tests.pii.build_hard_set`` from the repository root.  The
seed is fixed, so the output only changes when this file does.  Every identifier is
built with correct check digits by ``tests.pii.generators``; look-alikes (empty
``expect``) are built to be *almost* valid.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from pathlib import Path

from pii.bank_card import luhn_check_digit
from pii.resident_id import check_char
from tests.pii import generators as g

OUTPUT = Path(__file__).parent / "data" / "pii-hard.jsonl"
SEED = 20240611
PER_TEMPLATE = 4
NEUTRAL = ("", "备注：", "附言 ", "数据:", "值=", "见", "Note: ")

Case = dict[str, object]
Template = Callable[["Parts"], Case]
TEMPLATES: list[Template] = []


def template(function: Template) -> Template:
    TEMPLATES.append(function)
    return function


def case(text: str, tag: str, *expect: tuple[str, str]) -> Case:
    for _kind, value in expect:
        assert value in text, (value, text)
    return {"text": text, "expect": [{"kind": k, "value": v} for k, v in expect], "tag": tag}


class Parts:
    """Seeded random identifiers and filler."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def digits(self, count: int) -> str:
        return g.random_digits(self.rng, count)

    def neutral(self) -> str:
        return self.rng.choice(NEUTRAL)

    def rid(self, lowercase_x: bool = False) -> str:
        area = self.rng.choice(g.AREA_CODES)
        born = g.random_birth(self.rng)
        return g.resident_id(area, born, self.rng.randint(0, 999), lowercase_x)

    def rid_with_x(self, lowercase: bool = False) -> str:
        while True:
            number = self.rid(lowercase)
            if number[-1] in "Xx":
                return number

    def legacy(self) -> str:
        born = g.random_birth(self.rng, 1930, 1999)
        return g.legacy_resident_id(self.rng.choice(g.AREA_CODES), born, self.rng.randint(0, 999))

    def permit(self) -> str:
        region = self.rng.choice(g.RESIDENCE_PERMIT_AREAS)
        return g.residence_permit_id(region, g.random_birth(self.rng), self.rng.randint(0, 999))

    def foreigner(self) -> str:
        province = self.rng.choice(g.AREA_CODES)[:2]
        nationality = self.rng.choice(g.NATIONALITY_CODES)
        born = g.random_birth(self.rng)
        return g.foreigner_permanent_id(province, nationality, born, self.rng.randint(0, 999))

    def card(self, prefix: str | None = None, length: int | None = None) -> str:
        if prefix is None or length is None:
            prefix, length = self.rng.choice(g.CARD_LAYOUTS)
        return g.card_number(prefix, length, self.digits(19))

    def unionpay19(self) -> str:
        return self.card(self.rng.choice(["622202", "621700", "622848", "623668"]), 19)

    def mobile(self) -> str:
        return g.mobile_number(self.rng.choice(g.MOBILE_PREFIXES), self.digits(8))

    def email(self) -> str:
        user = "".join(self.rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(6))
        user += self.rng.choice(["", ".li", "_88", "2024", "-cs"])
        domains = ["qq.com", "163.com", "example.com.cn", "corp.example.cn", "gmail.com"]
        return f"{user}@{self.rng.choice(domains)}"

    def bad_checksum_id(self) -> str:
        number = self.rid()
        return number[:-1] + self.rng.choice([c for c in "0123456789X" if c != number[-1]])

    def bad_luhn_card(self, prefix: str = "6217", length: int = 16) -> str:
        number = self.card(prefix, length)
        return number[:-1] + str((int(number[-1]) + self.rng.randint(1, 9)) % 10)

    def luhn_id_shaped(self) -> str:
        """18 digits shaped like a Gansu (62) ID with a wrong check digit, passing Luhn."""
        while True:
            body = f"620102{g.random_birth(self.rng):%Y%m%d}{self.digits(3)}"
            number = body + luhn_check_digit(body)
            if check_char(number[:17]) != number[17]:
                return number

    def year_month_day(self) -> str:
        rng = self.rng
        return f"{rng.randint(2020, 2026)}{rng.randint(10, 12)}{rng.randint(10, 28)}"


fw = g.to_fullwidth


# --- positives ----------------------------------------------------------------------


@template
def id_fullwidth(p: Parts) -> Case:
    n = fw(p.rid())
    return case(f"身份证号：{n}，请核对", "id-fullwidth", ("cn_resident_id", n))


@template
def id_fullwidth_x(p: Parts) -> Case:
    n = fw(p.rid_with_x())
    return case(f"证件号码{n}已登记", "id-fullwidth-x", ("cn_resident_id", n))


@template
def mobile_fullwidth(p: Parts) -> Case:
    n = fw(p.mobile())
    return case(f"手机：{n}", "mobile-fullwidth", ("cn_mobile", n))


@template
def card_fullwidth_grouped(p: Parts) -> Case:
    n = fw(g.group_by_four(p.unionpay19(), "\u3000"))
    return case(f"卡号 {n}", "card-fullwidth-grouped", ("bank_card", n))


@template
def id_grouped_6_8_4(p: Parts) -> Case:
    n = g.group(p.rid(), (6, 8, 4))
    return case(f"身份证 {n} 已核验", "id-grouped-6-8-4", ("cn_resident_id", n))


@template
def id_grouped_6_4_4_4(p: Parts) -> Case:
    n = g.group(p.rid_with_x(), (6, 4, 4, 4))
    return case(f"证件号：{n}", "id-grouped-6-4-4-4", ("cn_resident_id", n))


@template
def card_grouped_19(p: Parts) -> Case:
    n = g.group_by_four(p.unionpay19())
    return case(f"银行卡 {n}，户名张三", "card-grouped-19", ("bank_card", n))


@template
def card_dashed(p: Parts) -> Case:
    n = g.group_by_four(p.card(), "-")
    return case(f"卡号:{n}", "card-dashed", ("bank_card", n))


@template
def card_unionpay19_plain(p: Parts) -> Case:
    n = p.unionpay19()
    return case(f"退款到{n}这张卡", "card-unionpay19-plain", ("bank_card", n))


@template
def mobile_spaced(p: Parts) -> Case:
    n = g.group(p.mobile(), (3, 4, 4))
    return case(f"客户电话 {n}", "mobile-spaced", ("cn_mobile", n))


@template
def mobile_plus86_spaced(p: Parts) -> Case:
    n = "+86 " + g.group(p.mobile(), (3, 4, 4))
    return case(f"联系我：{n}", "mobile-plus86-spaced", ("cn_mobile", n))


@template
def mobile_plus86_dashed(p: Parts) -> Case:
    n = "+86-" + g.group(p.mobile(), (3, 4, 4), "-")
    return case(f"WhatsApp/微信同号{n}", "mobile-plus86-dashed", ("cn_mobile", n))


@template
def mobile_plus86_tight(p: Parts) -> Case:
    n = "+86" + p.mobile()
    return case(f"tel:{n}", "mobile-plus86-tight", ("cn_mobile", n))


@template
def mobile_0086(p: Parts) -> Case:
    n = "0086 " + p.mobile()
    return case(f"境外来电请拨{n}", "mobile-0086", ("cn_mobile", n))


@template
def mobile_paren86(p: Parts) -> Case:
    n = "(+86)" + p.mobile()
    return case(f"手机{n}", "mobile-paren86", ("cn_mobile", n))


@template
def mobile_no_keyword(p: Parts) -> Case:
    n = p.mobile()
    return case(f"有事打{n}找我", "mobile-no-keyword", ("cn_mobile", n))


@template
def url_query(p: Parts) -> Case:
    a, b = p.rid(), p.mobile()
    text = f"https://crm.example.com/customer?idcard={a}&mobile={b}&src=web"
    return case(text, "url-query", ("cn_resident_id", a), ("cn_mobile", b))


@template
def url_path_card(p: Parts) -> Case:
    a = p.unionpay19()
    return case(
        f"https://bank.example.cn/cards/{a}/statement?m=12", "url-path-card", ("bank_card", a)
    )


@template
def url_escaped(p: Parts) -> Case:
    a, b = p.rid(), p.mobile()
    return case(
        f"GET /api/v1/users?ids={a}%2C{b} HTTP/1.1",
        "url-escaped",
        ("cn_resident_id", a),
        ("cn_mobile", b),
    )


@template
def url_mailto(p: Parts) -> Case:
    e = p.email()
    return case(f'<a href="mailto:{e}">联系客服</a>', "url-mailto", ("email", e))


@template
def json_strings(p: Parts) -> Case:
    a, b, c, e = p.rid(), p.mobile(), p.unionpay19(), p.email()
    record = {"name": "王芳", "idCard": a, "mobile": b, "bankCard": c, "email": e}
    return case(
        json.dumps(record, ensure_ascii=False),
        "json-strings",
        ("cn_resident_id", a),
        ("cn_mobile", b),
        ("bank_card", c),
        ("email", e),
    )


@template
def json_numbers(p: Parts) -> Case:
    b, c = p.mobile(), p.card()
    return case(
        f'{{"phone":{b},"card_no":{c},"vip":true}}',
        "json-numbers",
        ("cn_mobile", b),
        ("bank_card", c),
    )


@template
def id_residence_permit(p: Parts) -> Case:
    n = p.permit()
    return case(f"港澳居民居住证{n}", "id-residence-permit", ("cn_resident_id", n))


@template
def id_foreigner_9x(p: Parts) -> Case:
    n = p.foreigner()
    return case(f"永久居留身份证号码:{n}", "id-foreigner-9x", ("cn_resident_id", n))


@template
def id_lowercase_x(p: Parts) -> Case:
    n = p.rid_with_x(lowercase=True)
    return case(f"ID:{n}", "id-lowercase-x", ("cn_resident_id", n))


@template
def id_legacy15_context(p: Parts) -> Case:
    n = p.legacy()
    return case(f"老证号{n}", "id-legacy15-context", ("cn_resident_id", n))


@template
def email_touching_chinese(p: Parts) -> Case:
    e = p.email()
    return case(f"请发到{e}谢谢", "email-touching-chinese", ("email", e))


@template
def email_fullstop(p: Parts) -> Case:
    e = p.email()
    return case(f"邮箱：{e}。", "email-fullstop", ("email", e))


@template
def multi_tight(p: Parts) -> Case:
    a, b, c, e = p.rid(), p.mobile(), p.unionpay19(), p.email()
    return case(
        f"客户李雷身份证{a}银行卡{c}手机{b}邮箱{e}已核实",
        "multi-tight",
        ("cn_resident_id", a),
        ("bank_card", c),
        ("cn_mobile", b),
        ("email", e),
    )


@template
def two_numbers_one_space(p: Parts) -> Case:
    a, b = p.unionpay19(), p.mobile()
    return case(f"卡号 {a} {b}", "two-numbers-one-space", ("bank_card", a), ("cn_mobile", b))


@template
def card_visa(p: Parts) -> Case:
    n = g.group_by_four(p.card("4", 16))
    return case(f"Visa card {n} exp 12/27", "card-visa", ("bank_card", n))


@template
def card_amex(p: Parts) -> Case:
    n = g.group(p.card("37", 15), (4, 6, 5))
    return case(f"Amex: {n}", "card-amex", ("bank_card", n))


@template
def card_mastercard_2series(p: Parts) -> Case:
    n = p.card("2221", 16)
    return case(f"MasterCard {n}", "card-mastercard-2series", ("bank_card", n))


@template
def card_jcb(p: Parts) -> Case:
    n = p.card("3589", 19)
    return case(f"尾号匹配的信用卡{n}", "card-jcb", ("bank_card", n))


@template
def lines(p: Parts) -> Case:
    a, b = p.rid(), p.mobile()
    return case(f"{a}\n{b}\n", "lines", ("cn_resident_id", a), ("cn_mobile", b))


@template
def id_brackets(p: Parts) -> Case:
    a = p.rid()
    return case(f"【身份证】{a}【结束】", "id-brackets", ("cn_resident_id", a))


@template
def english_sentence(p: Parts) -> Case:
    a, b = p.rid(), g.group(p.mobile(), (3, 4, 4), "-")
    return case(
        f"Customer {a}, phone {b}.", "english-sentence", ("cn_resident_id", a), ("cn_mobile", b)
    )


# --- look-alikes: nothing may be flagged ---------------------------------------------
# First the traps without any helpful context word: structure alone must decide.


@template
def neutral_run_containing_id(p: Parts) -> Case:
    return case(f"{p.neutral()}{p.digits(1)}{p.rid()}", "neutral-run-containing-id")


@template
def neutral_run_containing_card(p: Parts) -> Case:
    return case(f"{p.neutral()}{p.unionpay19()}{p.digits(2)}", "neutral-run-containing-card")


@template
def neutral_id_bad_checksum(p: Parts) -> Case:
    return case(f"{p.neutral()}{p.bad_checksum_id()}", "neutral-id-bad-checksum")


@template
def neutral_luhn_id_shaped(p: Parts) -> Case:
    return case(f"{p.neutral()}{p.luhn_id_shaped()}", "neutral-luhn-id-shaped")


@template
def neutral_card_bad_luhn(p: Parts) -> Case:
    return case(f"{p.neutral()}{p.bad_luhn_card()}", "neutral-card-bad-luhn")


@template
def neutral_not_mobile_prefix(p: Parts) -> Case:
    prefix = p.rng.choice(["10", "11", "12"])
    return case(f"{p.neutral()}{prefix}{p.digits(9)}", "neutral-not-mobile-prefix")


@template
def neutral_mobile_with_tail(p: Parts) -> Case:
    tail = p.rng.choice(["00", "5", "888"])
    return case(f"{p.neutral()}{p.mobile()}{tail}", "neutral-mobile-with-tail")


@template
def neutral_13_digit_run(p: Parts) -> Case:
    return case(f"{p.neutral()}1{p.digits(12)}", "neutral-13-digit-run")


@template
def long_run_containing_id(p: Parts) -> Case:
    return case(f"订单号{p.digits(2)}{p.rid()}{p.digits(2)}", "long-run-containing-id")


@template
def long_run_containing_card(p: Parts) -> Case:
    return case(f"交易单号{p.unionpay19()}{p.digits(3)}", "long-run-containing-card")


@template
def long_run_containing_mobile(p: Parts) -> Case:
    return case(f"流水{p.digits(1)}{p.mobile()}", "long-run-containing-mobile")


@template
def snowflake_id(p: Parts) -> Case:
    return case(f"order 1{p.digits(18)} shipped", "snowflake-id")


@template
def snowflake_id_key(p: Parts) -> Case:
    return case(f"msg_id=1{p.rng.choice('45678')}{p.digits(17)}", "snowflake-id-key")


@template
def ms_timestamp(p: Parts) -> Case:
    return case(f"ts={p.rng.randint(1_600_000_000_000, 1_800_000_000_000)}", "ms-timestamp")


@template
def ms_timestamp_log(p: Parts) -> Case:
    stamp = p.rng.randint(1_600_000_000_000, 1_800_000_000_000)
    return case(f"[{stamp}] heartbeat ok", "ms-timestamp-log")


@template
def amount_date(p: Parts) -> Case:
    amount = f"{p.rng.randint(10, 99999)}.{p.rng.randint(10, 99)}"
    return case(f"本期应还{amount}元，到期日{p.year_month_day()}", "amount-date")


@template
def amount_long(p: Parts) -> Case:
    return case(f"余额 {p.mobile()}.{p.rng.randint(10, 99)} 元", "amount-long")


@template
def datetime_text(p: Parts) -> Case:
    rng = p.rng
    stamp = (
        f"{rng.randint(2020, 2026)}-{rng.randint(10, 12)}-{rng.randint(10, 28)} "
        f"{rng.randint(10, 23)}:{rng.randint(10, 59)}:{rng.randint(10, 59)}"
    )
    return case(f"时间 {stamp}", "datetime")


@template
def compact_datetime(p: Parts) -> Case:
    return case(f"生成于{p.year_month_day()}{p.rng.randint(100000, 235959)}", "compact-datetime")


@template
def id_bad_checksum(p: Parts) -> Case:
    return case(f"工单号{p.bad_checksum_id()}", "id-bad-checksum")


@template
def id_feb29_nonleap(p: Parts) -> Case:
    area = p.rng.choice(g.AREA_CODES)
    year = p.rng.choice([1900, 2019, 2021, 2022, 2023, 1999])
    body = f"{area}{year}0229{p.rng.randint(100, 999)}"
    return case(f"编号{body}{check_char(body)}", "id-feb29-nonleap")


@template
def id_future_date(p: Parts) -> Case:
    year = g.today().year + p.rng.randint(1, 40)
    body = f"{p.rng.choice(g.AREA_CODES)}{year}0101{p.rng.randint(100, 999)}"
    return case(f"批次{body}{check_char(body)}", "id-future-date")


@template
def id_bad_province(p: Parts) -> Case:
    area = p.rng.choice(["00", "19", "28", "39", "66", "72", "80", "84"]) + p.digits(4)
    n = g.resident_id(area, g.random_birth(p.rng), p.rng.randint(0, 999))
    return case(f"参考号{n}", "id-bad-province")


@template
def id_81_without_0000(p: Parts) -> Case:
    area = f"81{p.rng.randint(1, 9999):04d}"
    n = g.resident_id(area, g.random_birth(p.rng), p.rng.randint(0, 999))
    return case(f"编码{n}", "id-81-without-0000")


@template
def not_mobile_prefix(p: Parts) -> Case:
    return case(f"会员号{p.rng.choice(['10', '11', '12'])}{p.digits(9)}", "not-mobile-prefix")


@template
def card_bad_luhn(p: Parts) -> Case:
    return case(f"设备编号 {p.bad_luhn_card()} 已报修", "card-bad-luhn")


@template
def luhn_unknown_prefix(p: Parts) -> Case:
    prefix = p.rng.choice(["1", "7", "00", "99"])
    return case(f"参考 {g.card_number(prefix, 16, p.digits(19))}", "luhn-unknown-prefix")


@template
def digits_touching_letters_left(p: Parts) -> Case:
    return case(f"SN{p.unionpay19()}", "digits-touching-letters-left")


@template
def digits_touching_letters_right(p: Parts) -> Case:
    return case(f"批号{p.mobile()}ab", "digits-touching-letters-right")


@template
def uuid_text(p: Parts) -> Case:
    return case(f"uuid 550e8400-e29b-41d4-a716-{p.digits(12)}", "uuid")


@template
def hash_hex(p: Parts) -> Case:
    digest = f"{p.rid()[:12]}ab{p.digits(10)}ef{p.digits(14)}"
    return case(f"sha1 {digest}", "hash-hex")


@template
def tracking_number(p: Parts) -> Case:
    return case(f"快递单号 SF{p.digits(13)}", "tracking-number")


@template
def imei(p: Parts) -> Case:
    return case(f"IMEI: 86{p.digits(13)}", "imei")


@template
def version_ip(p: Parts) -> Case:
    rng = p.rng
    version = f"{rng.randint(1, 9)}.{rng.randint(0, 20)}.{rng.randint(0, 99)}"
    address = f"10.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
    return case(f"版本 {version} 服务器 {address}", "version-ip")


@template
def luhn_id_shaped_order(p: Parts) -> Case:
    return case(f"订单号{p.luhn_id_shaped()}", "luhn-id-shaped-order")


@template
def payment_code_18(p: Parts) -> Case:
    return case(f"付款码{p.rng.choice(['28', '25', '13'])}{p.digits(16)}", "payment-code-18")


@template
def email_lookalike(p: Parts) -> Case:
    texts = [
        "联系 user@localhost",
        "邮箱 zhang@qq",
        "@qq.com 是域名",
        "a@b 不是邮箱",
        "价格 5@10.00",
    ]
    return case(p.rng.choice(texts), "email-lookalike")


@template
def invoice_codes(p: Parts) -> Case:
    return case(f"发票号码 {p.digits(8)} 开票代码 0{p.digits(11)}", "invoice-codes")


@template
def decimal_long(p: Parts) -> Case:
    return case(f"坐标 {p.rng.randint(100, 140)}.{p.digits(11)}", "decimal-long")


def build(seed: int = SEED) -> list[Case]:
    parts = Parts(random.Random(seed))
    return [make(parts) for make in TEMPLATES for _ in range(PER_TEMPLATE)]


def main() -> None:
    cases = build()
    with OUTPUT.open("w", encoding="utf-8") as handle:
        for item in cases:
            handle.write(json.dumps(item, ensure_ascii=False) + "\n")
    print(f"wrote {len(cases)} cases to {OUTPUT}")


if __name__ == "__main__":
    main()

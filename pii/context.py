"""Words near a number that say what it is (身份证, 卡号, 手机 ...) or is not (订单号)."""

from __future__ import annotations

import enum
import logging
import re

logger = logging.getLogger(__name__)

BEFORE_WINDOW = 24
AFTER_WINDOW = 10


class ContextClue(enum.Enum):
    """The kind of word nearest to a candidate number."""

    IDENTITY = "identity"
    CARD = "card"
    PHONE = "phone"
    PASSPORT = "passport"
    COMPANY = "company"
    GENERIC_ID = "generic_id"  # "ID", "No." - says "an identifier", not which one
    NOT_PII = "not_pii"  # order numbers, serials, timestamps ...

    # Singletons compared by identity: hash by identity in C, not by Enum's Python __hash__.
    __hash__ = object.__hash__


# fmt: off
_CHINESE_WORDS: dict[ContextClue, tuple[str, ...]] = {
    ContextClue.IDENTITY: (
        "身份证", "身份證", "身分证", "身分證", "证件", "證件", "证号", "證號", "身份号",
        "公民身份", "居民身份", "居住证", "永久居留", "台胞证", "回乡证", "通行证", "身份信息",
        "证件编号", "身份证编号", "证件号码", "身份证号码", "统一编号", "統一編號",
    ),
    ContextClue.CARD: (
        "银行卡", "銀行卡", "卡号", "卡號", "银行账号", "银行帐号", "账号", "帐号", "賬號",
        "账户", "帐户", "賬戶", "信用卡", "借记卡", "储蓄卡", "开户", "收款", "付款", "转账",
        "转帐", "尾号", "银联", "银行", "卡片",
    ),
    ContextClue.PHONE: (
        "手机", "手機", "电话", "電話", "联系", "聯繫", "致电", "来电", "回电", "拨打", "座机",
        "固话", "传真", "短信", "微信",
    ),
    ContextClue.PASSPORT: ("护照", "護照"),
    ContextClue.COMPANY: (
        "统一社会信用代码", "社会信用代码", "信用代码", "税号", "纳税人识别号", "营业执照",
        "组织机构代码", "企业代码",
    ),
    ContextClue.NOT_PII: (
        "订单", "單號", "单号", "流水", "编号", "編號", "工单", "批次", "快递", "运单", "物流",
        "交易号", "序列号", "序号", "设备", "条码", "版本", "发票", "合同号", "票号", "商品",
        "批号", "型号", "金额", "价格", "时间戳", "订单编号", "会话", "编码",
    ),
}
_ENGLISH_WORDS: dict[ContextClue, tuple[str, ...]] = {
    ContextClue.IDENTITY: (
        "id card", "idcard", "id no", "id number", "id#", "identity", "id_card", "id_no",
        "idno", "sfz", "national id", "resident id", "hkid", "nric", "citizen",
    ),
    ContextClue.CARD: (
        "card", "card no", "card number", "account", "acct", "a/c", "visa", "mastercard",
        "unionpay", "amex", "debit", "credit card", "iban", "pan", "bank",
    ),
    ContextClue.PHONE: (
        "phone", "mobile", "tel", "telephone", "cell", "call", "contact", "fax", "whatsapp",
        "wechat", "sms", "phone number",
    ),
    ContextClue.PASSPORT: ("passport", "passport no"),
    ContextClue.COMPANY: ("uscc", "credit code", "tax id", "business license"),
    ContextClue.GENERIC_ID: ("id", "no", "number"),
    ContextClue.NOT_PII: (
        "order", "order id", "order no", "tracking", "serial", "sn", "txn", "transaction",
        "invoice", "ts", "timestamp", "uuid", "trace", "trace id", "request id", "batch",
        "sku", "imei", "ticket", "ref", "session",
    ),
}
# fmt: on


def _key(word: str) -> str:
    return _SEPARATORS.sub("", word.lower())


def _build() -> tuple[re.Pattern[str], dict[str, ContextClue]]:
    lookup: dict[str, ContextClue] = {}
    chinese: list[str] = []
    for clue, words in _CHINESE_WORDS.items():
        lookup.update((word, clue) for word in words)
        chinese.extend(words)
    english: list[str] = []
    for clue, words in _ENGLISH_WORDS.items():
        lookup.update((_key(word), clue) for word in words)
        english.extend(words)
    # Each alternative starts with a plain literal so the regex engine can skip
    # non-matching branches cheaply; the window is lower-cased instead of using
    # IGNORECASE, and the "not after a letter" check comes after the first character.
    alternatives = [re.escape(w) for w in sorted(chinese, key=len, reverse=True)]
    alternatives += [
        re.escape(w[0]) + "(?<![a-z].)" + re.escape(w[1:]).replace(r"\ ", "[ _\\-]?") + "(?![a-z])"
        for w in sorted(english, key=len, reverse=True)
    ]
    return re.compile("|".join(alternatives)), lookup


_SEPARATORS = re.compile(r"[ _\-]")
_CLUE_WORDS, _CLUE_BY_WORD = _build()


def _clue_of(word: str) -> ContextClue:
    clue = _CLUE_BY_WORD.get(word)
    return clue if clue is not None else _CLUE_BY_WORD[_key(word)]


_DIGIT = re.compile(r"[0-9]")
# A clue word speaks for a number in its own sentence only: "我的订单还没到。4111..." is
# a card after a sentence about an order, not an order number.  An ASCII '.' ends a
# sentence too, except in a decimal and after the abbreviations "No.", "Tel.", "Acct.",
# "Ref.", "ID.", "SN.", "Nr." ("No. 123" is that number's clue).
_SENTENCE_END = re.compile(
    r"[。！？；!?;\n]|(?<![0-9])(?i:(?<!\bno)(?<!\btel)(?<!\bacct)(?<!\bref)(?<!\bid)(?<!\bsn)(?<!\bnr))[.]"
)


def nearest_clue(folded: str, start: int, end: int, floor: int = 0) -> ContextClue | None:
    """The clue nearest before ``start`` on the same line, else the one just after ``end``.

    ``folded`` is the width-folded text; ``start``/``end`` delimit the candidate.  Words
    before ``floor`` (the end of the previous number) belong to that number and are
    not looked at; the look-ahead is skipped when another number follows closely.
    """
    lo = max(floor, start - BEFORE_WINDOW, 0)
    for stop in _SENTENCE_END.finditer(folded, lo, start):
        lo = stop.end()  # the last sentence end before the number
    words = _CLUE_WORDS.findall(folded[lo:start].lower())
    if words:
        return _clue_of(words[-1])
    hi = min(len(folded), end + AFTER_WINDOW)
    stop_after = _SENTENCE_END.search(folded, end, hi)
    if stop_after is not None:
        hi = stop_after.start()
    if _DIGIT.search(folded, end, hi) is not None:
        return None  # a word before the next number introduces that number
    after = _CLUE_WORDS.search(folded[end:hi].lower())
    return _clue_of(after.group()) if after is not None else None

"""The Simplified Chinese catalogues read like a product: every entry finished, full-width
punctuation beside Chinese text, one spacing rule for numbers, no English left in titles,
and no "item(s)" in either language (plural forms instead)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CATALOGUES = sorted((REPO / "resources" / "translations").glob("*_zh_CN.ts"))

CJK = "\u3400-\u4dbf\u4e00-\u9fff"
HALF_WIDTH = ",:;!?()"
FULL_WIDTH = {",": "，", ":": "：", ";": "；", "!": "！", "?": "？", "(": "（", ")": "）"}
# A half-width mark touching a Chinese character (spaces between them count as touching).
HALF_BESIDE_CJK = re.compile(rf"[{CJK}] *[{re.escape(HALF_WIDTH)}]|[{re.escape(HALF_WIDTH)}] *[{CJK}]")
MNEMONIC = re.compile(r"\(&\w\)")
# Numbers and counts stand apart from Chinese by one space: "今日脱敏 1 次", "还有 %n 项".
# (%1-style placeholders may hold a word, "企业微信不可达", so they are not checked here.)
NUMBER_TOUCHING_CJK = re.compile(rf"[{CJK}](?:\d|%n)|(?:(?<!%)\d|%n)[{CJK}]")


def messages() -> list[tuple[str, str, str, ET.Element]]:
    """(catalogue, context, source, message element) for every entry."""
    found = []
    for path in CATALOGUES:
        for context in ET.parse(path).getroot().iter("context"):
            name = context.findtext("name", "")
            for message in context.iter("message"):
                found.append((path.name, name, message.findtext("source", ""), message))
    return found


def translations(message: ET.Element) -> list[str]:
    tr = message.find("translation")
    if tr is None:
        return []
    forms = [form.text or "" for form in tr.findall("numerusform")]
    return forms or [tr.text or ""]


def chinese_entries() -> list[tuple[str, str, str, str]]:
    return [(catalogue, context, source, text) for catalogue, context, source, message in messages()
            for text in translations(message)]


def report(problems: list[str]) -> str:
    return f"{len(problems)} problem(s):\n" + "\n".join(problems)


def test_the_catalogues_exist() -> None:
    assert len(CATALOGUES) >= 8


def test_every_entry_is_finished() -> None:
    problems = []
    for catalogue, context, source, message in messages():
        tr = message.find("translation")
        kind = tr.get("type") if tr is not None else "missing"
        if kind in ("unfinished", "missing", "vanished", "obsolete") or not any(
                t.strip() for t in translations(message)):
            problems.append(f"{catalogue} [{context}] {source!r}: {kind or 'empty'}")
    assert not problems, report(problems)


def test_chinese_uses_full_width_punctuation() -> None:
    problems = []
    for catalogue, context, source, text in chinese_entries():
        # "(&G)" marks a keyboard shortcut; Chinese Windows writes it half-width ("文件(&F)").
        for match in HALF_BESIDE_CJK.finditer(MNEMONIC.sub("", text)):
            mark = next(c for c in match.group() if c in HALF_WIDTH)
            problems.append(f"{catalogue} [{context}] {text!r}: {mark!r} → {FULL_WIDTH[mark]!r}")
    assert not problems, report(problems)


def test_numbers_stand_apart_from_chinese_by_one_space() -> None:
    problems = [f"{catalogue} [{context}] {text!r}" for catalogue, context, source, text in chinese_entries()
                if NUMBER_TOUCHING_CJK.search(text)]
    assert not problems, report(problems)


def test_no_english_product_name_in_chinese() -> None:
    problems = [f"{catalogue} [{context}] {text!r}" for catalogue, context, source, text in chinese_entries()
                if re.search(r"Safety Assistant|Supervisor console", text)]
    assert not problems, report(problems)


@pytest.mark.parametrize("pattern", [r"\(s\)", r"\(es\)"])
def test_no_optional_plural_endings(pattern: str) -> None:
    """ "2 item(s)" reads like a form; %n plurals give "1 item" / "2 items"."""
    problems = []
    for catalogue, context, source, text in chinese_entries():
        if re.search(pattern, source) or re.search(pattern, text):
            problems.append(f"{catalogue} [{context}] {source!r}")
    assert not problems, report(problems)


def test_every_data_kind_has_a_chinese_name() -> None:
    from pii import FindingKind
    from ui.clipboard.kind_names import KIND_NAMES

    assert set(KIND_NAMES) == set(FindingKind)
    translated = {source: text for catalogue, context, source, text in chinese_entries()
                  if context == "ClipboardKinds"}
    for kind, name in KIND_NAMES.items():
        assert re.search(f"[{CJK}]", translated.get(str(name), "")), f"{kind}: {name!r} has no Chinese name"

"""Property tests: generated identifiers in random surroundings."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from collections.abc import Callable

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from pii import FindingKind, mask_text, mask_value, scan
from pii.resident_id import is_valid_15
from pii.width import fold_width
from tests.pii import generators as g

K = FindingKind
# Modest by default (two shared cores); set PII_HYPOTHESIS_EXAMPLES=5000 for a deep run.
EXAMPLES = int(os.environ.get("PII_HYPOTHESIS_EXAMPLES", "200"))
PROPERTY_SETTINGS = settings(deadline=None, max_examples=EXAMPLES)


@dataclasses.dataclass(frozen=True)
class Written:
    kind: FindingKind
    digits: str  # canonical value
    text: str  # as written in the message


def _written(
    kind: FindingKind, groupings: list[tuple[int, ...]]
) -> Callable[[str, st.DataObject], Written]:
    def build(digits: str, data: st.DataObject) -> Written:
        shape = data.draw(st.sampled_from([(), *groupings]))
        separator = data.draw(st.sampled_from([" ", "-"]))
        text = g.group(digits, shape, separator) if shape else digits
        if data.draw(st.booleans()):
            text = g.to_fullwidth(text)
        return Written(kind, digits, text)

    return build


_ID_FORM = _written(K.CN_RESIDENT_ID, [(6, 8, 4), (6, 4, 4, 4)])
_MOBILE_FORM = _written(K.CN_MOBILE, [(3, 4, 4)])


def _card_form(digits: str, data: st.DataObject) -> Written:
    if len(digits) < 16:  # Amex / Diners: written in one piece here
        return _written(K.BANK_CARD, [])(digits, data)
    return _written(K.BANK_CARD, [(4,) * 5])(digits, data)  # 4-4-4-4[-1..3]


@st.composite
def identifiers(draw: st.DrawFn) -> Written:
    data = draw(st.data())
    choice = draw(st.sampled_from(["id", "card", "mobile"]))
    if choice == "id":
        return _ID_FORM(draw(g.resident_ids), data)
    if choice == "card":
        number = draw(g.card_numbers)
        assume(not (len(number) == 15 and is_valid_15(number, dt.date.today())))
        return _card_form(number, data)
    return _MOBILE_FORM(draw(g.mobile_numbers), data)


@st.composite
def embedded(draw: st.DrawFn, count: int = 1) -> tuple[str, list[tuple[Written, int, int]]]:
    """Text with ``count`` identifiers, each fenced by boundary characters."""
    parts: list[str] = [draw(g.safe_context)]
    placed: list[tuple[Written, int, int]] = []
    position = len(parts[0])
    for _ in range(count):
        item = draw(identifiers())
        before, after = draw(g.boundaries), draw(g.boundaries)
        tail = draw(g.safe_context)
        start = position + len(before)
        placed.append((item, start, start + len(item.text)))
        chunk = before + item.text + after + tail
        parts.append(chunk)
        position += len(chunk)
    return "".join(parts), placed


@PROPERTY_SETTINGS
@given(embedded())
def test_generated_identifier_is_found_with_exact_offsets(
    case: tuple[str, list[tuple[Written, int, int]]],
) -> None:
    text, placed = case
    ((item, start, end),) = placed
    findings = scan(text)
    assert [(f.kind, f.start, f.end) for f in findings] == [(item.kind, start, end)]
    assert findings[0].masked == mask_value(item.kind, item.text)


@PROPERTY_SETTINGS
@given(st.integers(2, 4).flatmap(lambda n: embedded(count=n)))
def test_several_identifiers_are_all_found_in_order(
    case: tuple[str, list[tuple[Written, int, int]]],
) -> None:
    text, placed = case
    found = [(f.kind, f.start, f.end) for f in scan(text)]
    assert found == [(item.kind, start, end) for item, start, end in placed]


@PROPERTY_SETTINGS
@given(embedded(count=2))
def test_masked_text_keeps_layout_and_hides_the_middle(
    case: tuple[str, list[tuple[Written, int, int]]],
) -> None:
    text, placed = case
    masked = mask_text(text)
    assert len(masked) == len(text)
    folded = fold_width(masked)
    changed = {i for _, start, end in placed for i in range(start, end)}
    assert all(masked[i] == text[i] for i in range(len(text)) if i not in changed)
    for item, start, end in placed:
        region = fold_width(masked[start:end])
        visible = "".join(c for c in region if c.isalnum())
        assert item.digits.upper() not in folded.upper()
        head, tail = {K.CN_RESIDENT_ID: (3, 4), K.CN_MOBILE: (3, 4), K.BANK_CARD: (0, 4)}[item.kind]
        canonical = item.digits.upper()
        assert visible.upper() == canonical[:head] + canonical[len(canonical) - tail :]
        separators = [c for c in fold_width(item.text) if not c.isalnum()]
        assert [c for c in region if not c.isalnum() and c not in "*＊"] == separators


@PROPERTY_SETTINGS
@given(g.resident_ids, st.integers(0, 17), st.integers(1, 9), g.boundaries)
def test_single_digit_mutation_of_an_id_is_not_an_id(
    number: str, position: int, delta: int, after: str
) -> None:
    mutated = g.mutate_digit(number, position, delta)
    kinds = {f.kind for f in scan(f"身份证号码：{mutated}{after}")}
    assert K.CN_RESIDENT_ID not in kinds


@PROPERTY_SETTINGS
@given(g.card_numbers, st.data())
def test_single_digit_mutation_of_a_card_is_not_a_card(number: str, data: st.DataObject) -> None:
    position = data.draw(st.integers(0, len(number) - 1))
    mutated = g.mutate_digit(number, position, data.draw(st.integers(1, 9)))
    kinds = {f.kind for f in scan(f"银行卡号：{mutated}。")}
    assert K.BANK_CARD not in kinds


@PROPERTY_SETTINGS
@given(embedded(count=3))
def test_finding_repr_never_contains_the_raw_value(
    case: tuple[str, list[tuple[Written, int, int]]],
) -> None:
    text, _ = case
    for finding in scan(text):
        raw = fold_width(text[finding.start : finding.end]).upper()
        for shown in (repr(finding), str(finding)):
            assert raw not in fold_width(shown).upper()


@settings(deadline=None, max_examples=EXAMPLES + 100)
@given(st.text(alphabet=st.sampled_from("0123456789 -+()Xx@.a中，") | st.characters(), max_size=80))
def test_any_text_gives_well_formed_findings(text: str) -> None:
    findings = scan(text)
    previous_end = 0
    for finding in findings:
        assert previous_end <= finding.start < finding.end <= len(text)
        previous_end = finding.end
        assert 0.0 <= finding.confidence <= 1.0
    assert len(fold_width(text)) == len(text)

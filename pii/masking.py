"""Masking that keeps the layout: separators stay, full-width stays full-width."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType

from pii.findings import Finding, FindingKind
from pii.width import fold_width, is_fullwidth, to_fullwidth

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class MaskRule:
    """How many significant characters (digits/letters) stay visible at each end."""

    keep_head: int = 0
    keep_tail: int = 0

    def __post_init__(self) -> None:
        if self.keep_head < 0 or self.keep_tail < 0:
            raise ValueError("keep_head and keep_tail must not be negative")


DEFAULT_RULES: Mapping[FindingKind, MaskRule] = MappingProxyType(
    {
        FindingKind.CN_RESIDENT_ID: MaskRule(keep_head=3, keep_tail=4),
        FindingKind.BANK_CARD: MaskRule(keep_head=0, keep_tail=4),
        FindingKind.CN_MOBILE: MaskRule(keep_head=3, keep_tail=4),
        FindingKind.EMAIL: MaskRule(keep_head=1, keep_tail=0),
        FindingKind.CN_PASSPORT: MaskRule(keep_head=1, keep_tail=3),
        FindingKind.HK_ID: MaskRule(keep_head=1, keep_tail=0),
        FindingKind.TW_ID: MaskRule(keep_head=1, keep_tail=3),
        FindingKind.USCC: MaskRule(keep_head=4, keep_tail=4),
        FindingKind.CN_LANDLINE: MaskRule(keep_head=3, keep_tail=4),
    }
)


@dataclass(frozen=True, slots=True)
class MaskRules:
    """Mask character and per-kind :class:`MaskRule`.

    ``email_mask_length`` is the fixed number of mask characters after the kept head
    of an e-mail's local part (so its length is not revealed); ``None`` masks every
    character instead.  Whatever the rule says, at least four characters (a third
    of longer identifiers) are always masked.
    """

    mask_char: str = "*"
    per_kind: Mapping[FindingKind, MaskRule] = field(
        default_factory=lambda: DEFAULT_RULES, hash=False
    )
    email_mask_length: int | None = 3

    def __post_init__(self) -> None:
        if len(self.mask_char) != 1 or self.mask_char.isalnum():
            raise ValueError("mask_char must be one non-alphanumeric character")
        if self.email_mask_length is not None and self.email_mask_length < 1:
            raise ValueError("email_mask_length must be at least 1")

    def rule_for(self, kind: FindingKind) -> MaskRule:
        return self.per_kind.get(kind, DEFAULT_RULES[kind])

    def with_rule(self, kind: FindingKind, rule: MaskRule) -> MaskRules:
        """A copy with ``rule`` for ``kind``."""
        return replace(self, per_kind=MappingProxyType({**self.per_kind, kind: rule}))


DEFAULT_MASK_RULES = MaskRules()
_COUNTRY_PREFIX = re.compile(r"(?:\+86|\(\+?86\)|0086|86)[ \-]?(?=1\d)")


_SIGNIFICANT = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")


def _mask_chars(original: str, folded: str, rule: MaskRule, mask_char: str) -> str:
    if folded is original and folded.isalnum() and folded.isascii():
        # Fast path: plain ASCII without separators.
        count = len(folded)
        head, tail = _visible(count, rule)
        return original[:head] + mask_char * (count - head - tail) + original[count - tail :]
    positions = [i for i, c in enumerate(folded) if c in _SIGNIFICANT]
    count = len(positions)
    head, tail = _visible(count, rule)
    hidden = positions[head : count - tail]
    if not hidden:
        return original
    chars = list(original)
    wide_mask = to_fullwidth(mask_char)
    for i in hidden:
        chars[i] = wide_mask if is_fullwidth(chars[i]) else mask_char
    return "".join(chars)


def _visible(count: int, rule: MaskRule) -> tuple[int, int]:
    """Characters kept at head and tail; at least four (or a third) stay hidden."""
    head = min(rule.keep_head, count)
    tail = min(rule.keep_tail, count - head)
    visible_limit = count - min(count, max(4, count // 3))
    while head + tail > visible_limit:
        if tail >= head and tail:
            tail -= 1
        else:
            head -= 1
    return head, tail


def mask_value(kind: FindingKind, value: str, rules: MaskRules = DEFAULT_MASK_RULES) -> str:
    """The masked form of one identifier as written (``value`` = ``text[start:end]``)."""
    folded = fold_width(value)
    rule = rules.rule_for(kind)
    if kind is FindingKind.EMAIL:
        at = folded.rfind("@")
        if at > 0:
            return _mask_email(value, at, rule, rules)
    if kind is FindingKind.CN_MOBILE:
        prefix = _COUNTRY_PREFIX.match(folded)
        if prefix is not None:
            cut = prefix.end()
            return value[:cut] + _mask_chars(value[cut:], folded[cut:], rule, rules.mask_char)
    return _mask_chars(value, folded, rule, rules.mask_char)


def _mask_email(value: str, at: int, rule: MaskRule, rules: MaskRules) -> str:
    local = value[:at]
    head = min(rule.keep_head, len(local) - 1) if len(local) > 1 else 0
    hidden = len(local) - head
    count = hidden if rules.email_mask_length is None else rules.email_mask_length
    mask_char = rules.mask_char
    if local and is_fullwidth(local[-1]):
        mask_char = to_fullwidth(mask_char)
    return local[:head] + mask_char * count + value[at:]


def mask_text(
    text: str,
    findings: Iterable[Finding] | None = None,
    rules: MaskRules | None = None,
) -> str:
    """``text`` with every finding replaced by its masked form.

    Without ``findings`` the text is scanned first.  With ``rules`` every finding is
    re-masked by those rules; otherwise each finding's own ``masked`` is used.
    Overlapping findings are masked once (the earlier one wins).
    """
    if findings is None:
        from pii.scanner import scan  # local import: scanner imports us

        findings = scan(text, rules=rules)
        rules = None
    parts: list[str] = []
    position = 0
    for finding in sorted(findings, key=lambda f: (f.start, -f.end)):
        if finding.end > len(text):
            raise ValueError(f"finding {finding.start}-{finding.end} is outside the text")
        if finding.start < position:
            continue
        parts.append(text[position : finding.start])
        if rules is None:
            parts.append(finding.masked)
        else:
            parts.append(mask_value(finding.kind, text[finding.start : finding.end], rules))
        position = finding.end
    parts.append(text[position:])
    return "".join(parts)

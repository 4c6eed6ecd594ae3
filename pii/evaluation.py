"""Scoring a detector against a labelled corpus (JSON lines: text, expect, tag).

Shared by ``tests/pii/test_corpus.py`` and ``benchmarks/pii_benchmark.py`` so both
count the same way:

* recall - expected identifiers found with the same kind and value, values compared
  after removing separators, folding full-width forms and dropping a +86 prefix;
* look-alike false flags - cases with an empty ``expect`` on which anything at all
  was reported.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from pii.width import fold_width

logger = logging.getLogger(__name__)

# A detector returns (kind, start, end) triples for a text.
Detector = Callable[[str], Iterable[tuple[str, int, int]]]

_SEPARATORS = re.compile(r"[\s\-]")
_MOBILE_PREFIX = re.compile(r"^(?:\+?86|\(\+?86\)|0086)(?=1\d{10}$)")


@dataclass(frozen=True, slots=True)
class Expected:
    kind: str
    value: str


@dataclass(frozen=True, slots=True)
class LabelledCase:
    text: str
    expect: tuple[Expected, ...]
    tag: str

    @property
    def is_lookalike(self) -> bool:
        return not self.expect


@dataclass(slots=True)
class CorpusScore:
    """Counts from one detector over one corpus; ``missed``/``flagged`` hold case indexes."""

    cases: int = 0
    expected: int = 0
    found: int = 0
    lookalikes: int = 0
    lookalikes_flagged: int = 0
    extra_findings: int = 0
    missed: list[tuple[int, str, str]] = field(default_factory=list)  # (index, tag, kind)
    flagged: list[tuple[int, str]] = field(default_factory=list)  # (index, tag)

    @property
    def recall(self) -> float:
        return self.found / self.expected if self.expected else 1.0

    @property
    def false_flag_rate(self) -> float:
        return self.lookalikes_flagged / self.lookalikes if self.lookalikes else 0.0


def normalize_value(kind: str, value: str) -> str:
    """Canonical form of an identifier for comparison."""
    canonical = _SEPARATORS.sub("", fold_width(value))
    if kind == "cn_mobile":
        canonical = _MOBILE_PREFIX.sub("", canonical)
    elif kind == "email":
        canonical = canonical.lower()
    else:
        canonical = canonical.upper()
    return canonical


def load_cases(path: Path) -> list[LabelledCase]:
    cases = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                expect = tuple(Expected(e["kind"], e["value"]) for e in row["expect"])
                cases.append(LabelledCase(row["text"], expect, row.get("tag", "")))
            except (ValueError, KeyError, TypeError) as error:
                raise ValueError(f"{path}:{number}: bad labelled case: {error}") from error
    return cases


def score_corpus(cases: Iterable[LabelledCase], detector: Detector) -> CorpusScore:
    score = CorpusScore()
    for index, case in enumerate(cases):
        score.cases += 1
        found = {
            (kind, normalize_value(kind, case.text[start:end]))
            for kind, start, end in detector(case.text)
        }
        if case.is_lookalike:
            score.lookalikes += 1
            if found:
                score.lookalikes_flagged += 1
                score.flagged.append((index, case.tag))
            continue
        wanted = {(e.kind, normalize_value(e.kind, e.value)) for e in case.expect}
        for kind, value in sorted(wanted):
            score.expected += 1
            if (kind, value) in found:
                score.found += 1
            else:
                score.missed.append((index, case.tag, kind))
        score.extra_findings += len(found - wanted)
    return score


def scan_detector(text: str) -> list[tuple[str, int, int]]:
    """This package's scanner as a :data:`Detector`."""
    from pii.scanner import scan

    return [(f.kind.value, f.start, f.end) for f in scan(text)]


#: Where the customer's labelled corpus is (it is not part of this project).
CORPUS_ENV = "SAFETY_PII_CORPUS"


def public_corpus_path(default: Path | None = None,
                       environ: Mapping[str, str] | None = None) -> Path | None:
    """The customer's labelled corpus: ``$SAFETY_PII_CORPUS``, else ``default`` (the caller's
    own idea of where it is), else None. No path outside the project is named here."""
    import os

    value = (os.environ if environ is None else environ).get(CORPUS_ENV)
    return Path(value) if value else default

"""Find personal identifiers in free text: one candidate pass, cheap checks.

The text is width-folded first (same length), so every pattern is plain ASCII and
offsets stay valid.  Candidates come from one pattern for runs of digits - optionally
grouped by single spaces or dashes, optionally ending in X - and a search for '@'.
Runs are judged as resident IDs, cards, mobiles, landlines and all-digit credit
codes; where a run touches capital letters, the token around it is judged as a
passport, Hong Kong or Taiwan ID or credit code.  Bracketed Hong Kong IDs
(``A123456(3)``), whose digit run is short, have a small '('-anchored pattern.

A run is never split inside a group of digits: a number that touches more digits or
ASCII letters is not a candidate.  Groups of a run may be split at separators
(``卡号 6222020200000000123 13812345678`` holds two numbers), choosing the split that
covers the most digits with the most confidence.  Context words are looked for
between the previous number and this one.  Finally overlapping candidates are
resolved by confidence.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass

from pii import bank_card, other_ids, phone, resident_id
from pii.confidence import Evidence, confidence
from pii.context import ContextClue, nearest_clue
from pii.email import find_emails
from pii.findings import Finding, trusted_finding
from pii.masking import DEFAULT_MASK_RULES, MaskRules, mask_value
from pii.width import fold_width

logger = logging.getLogger(__name__)

# Runs of digits, at least 7 characters long (a local landline after "(010)" is the
# shortest number reported), groups after the first of 3+ digits except a short last
# one, single spaces or dashes between groups, optionally ending in X.  Dates such as
# 2023-05-12 and amounts never match, so they cost no Python work.
_DIGIT_RUN = re.compile(
    r"[0-9](?=[0-9 \-]{6})[0-9]*(?:[ \-][0-9]{3,})*(?:[ \-][0-9]{1,2}(?![0-9]))?[Xx]?"
)
_DIGIT_GROUP = re.compile(r"[0-9]+[Xx]?")
# Tokens that start with capital letters (passports, HK and Taiwan IDs) or mix them in
# (credit codes) are looked for only where a digit run touches a letter.
_LETTER_ID_AT = re.compile(r"[A-Z]{1,2}[0-9]{6,8}(?:\([0-9A]\)|[0-9A])?(?![A-Za-z0-9(])")
_USCC_AT = re.compile(r"[1-9ANY][1-59][0-9]{6}[0-9A-HJ-NP-RTUWXY]{10}(?![A-Za-z0-9])")
# A Hong Kong ID with its check digit in brackets has only six digits in a row.
_HK_BRACKETED = re.compile(r"\((?<=[A-Z][0-9]{6}\()[0-9A]\)")
_PAREN_PREFIX = re.compile(r"[(](?:(?P<cc>\+?86)|(?P<area>0[0-9]{2,3}))[)][ \-]?\Z")
_HEX = frozenset("0123456789ABCDEFabcdef")
_UPPER = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
_LOWER = frozenset("abcdefghijklmnopqrstuvwxyz")
_ASCII_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_ALNUM = _ASCII_LETTERS | frozenset("0123456789")

_MIN_RUN = 11  # shortest number needing no prefix: an 11-digit mobile or landline
_MAX_SPAN_DIGITS = 19
_MAX_SPAN_GROUPS = 6
_ID18_SHAPES = frozenset([(18,), (6, 8, 4), (6, 4, 4, 4)])
_ID15_SHAPES = frozenset([(15,), (6, 6, 3)])


class _Candidate:
    """A validated span before overlaps are resolved.

    A plain class rather than a dataclass: compiled, its constructor is C code, and the
    scanner makes one per number (a dataclass __init__ stays interpreted).
    """

    __slots__ = ("confidence", "end", "evidence", "start")

    def __init__(self, start: int, end: int, evidence: Evidence, confidence: float) -> None:
        self.start = start
        self.end = end
        self.evidence = evidence
        self.confidence = confidence


@dataclass(frozen=True, slots=True)
class _Lead:
    """What is written just before a digit run: '+', '(+86)' or '(010)'."""

    start: int
    plus: bool = False
    country_code: bool = False
    area: str = ""


def scan(
    text: str,
    *,
    rules: MaskRules | None = None,
    today: dt.date | None = None,
    min_confidence: float = 0.0,
) -> list[Finding]:
    """Find identifiers in ``text``; non-overlapping findings sorted by start.

    ``today`` bounds resident-ID birth dates (default: the real today).  ``rules``
    shapes each finding's ``masked``.  Findings below ``min_confidence`` are dropped.
    """
    if not text:
        return []
    folded = fold_width(text)
    candidates: list[_Candidate] = []
    _add_digit_candidates(folded, today if today is not None else dt.date.today(), candidates)
    if "(" in folded:
        _add_bracketed_hk_candidates(folded, candidates)
    if "@" in folded:
        _add_email_candidates(folded, candidates)
    if not candidates:
        return []
    if len(candidates) > 1 or min_confidence > 0.0:
        candidates = _resolve_overlaps(candidates, min_confidence)
    mask_rules = rules if rules is not None else DEFAULT_MASK_RULES
    findings = []
    for c in candidates:
        kind = c.evidence.kind
        masked = mask_value(kind, text[c.start : c.end], mask_rules)
        findings.append(trusted_finding(kind, c.start, c.end, masked, c.confidence))
    if logger.isEnabledFor(logging.DEBUG):
        logger.debug("scan: %d finding(s) in %d characters", len(findings), len(text))
    return findings


def _resolve_overlaps(candidates: list[_Candidate], min_confidence: float) -> list[_Candidate]:
    """Drop weak candidates, then keep the most confident of each overlapping cluster."""
    ordered = sorted(
        (c for c in candidates if c.confidence >= min_confidence), key=lambda c: c.start
    )
    taken: list[_Candidate] = []
    cluster: list[_Candidate] = []
    cluster_end = -1
    for candidate in ordered:
        if candidate.start >= cluster_end and cluster:
            taken.extend(_pick_from_cluster(cluster))
            cluster = []
        cluster.append(candidate)
        cluster_end = max(cluster_end, candidate.end)
    taken.extend(_pick_from_cluster(cluster))
    return taken


def _pick_from_cluster(cluster: list[_Candidate]) -> list[_Candidate]:
    if len(cluster) < 2:
        return cluster
    ranked = sorted(cluster, key=lambda c: (-c.confidence, c.start - c.end, c.start))
    kept: list[_Candidate] = []
    for candidate in ranked:
        if all(candidate.end <= k.start or k.end <= candidate.start for k in kept):
            kept.append(candidate)
    kept.sort(key=lambda c: c.start)
    return kept


def _best(
    folded: str,
    start: int,
    end: int,
    evidences: list[Evidence],
    floor: int = 0,
    uscc_digits: str = "",
) -> _Candidate | None:
    """The most confident reportable evidence for one span, given its context.

    ``uscc_digits``: 18 plain digits that may also be an all-digit credit code.  Such a
    code is reported only next to a company word, so its two check characters are
    computed only then (most 18-digit runs are resident IDs or order numbers).
    """
    clue: ContextClue | None = nearest_clue(folded, start, end, floor)
    if uscc_digits and clue is ContextClue.COMPANY and other_ids.is_uscc(uscc_digits):
        evidences = [*evidences, Evidence.USCC_DIGITS_ONLY]
    best: _Candidate | None = None
    for evidence in evidences:
        score = confidence(evidence, clue)
        if score is not None and (best is None or score > best.confidence):
            best = _Candidate(start, end, evidence, score)
    return best


# --- digit runs -------------------------------------------------------------------


def _touches_left(folded: str, start: int) -> bool:
    if start == 0:
        return False
    before = folded[start - 1]
    if before in _ASCII_LETTERS:
        # ...unless it is the end of a URL escape such as %2C
        return not (
            start >= 3 and folded[start - 3] == "%" and folded[start - 2] in _HEX and before in _HEX
        )
    if before == ".":
        # 3.1415..., v2.1234567, but not the end of a sentence: "has not arrived.4111..."
        return start >= 2 and folded[start - 2] in _ALNUM and not (
            start >= 3 and folded[start - 2] in _LOWER and folded[start - 3] in _LOWER
        )
    if before == "-":
        return start >= 2 and folded[start - 2] in _ALNUM  # ABC-123...
    return False


def _touches_right(folded: str, end: int) -> bool:
    if end >= len(folded):
        return False
    after = folded[end]
    if after in _ALNUM or after == "@":  # a digit can follow a trailing X
        return True
    if after == "." or after == "-":
        return end + 1 < len(folded) and folded[end + 1] in _ALNUM
    return False


def _lead_before(folded: str, start: int) -> _Lead | None:
    if start == 0:
        return None
    before = folded[start - 1]
    if before == "+":
        return _Lead(start=start - 1, plus=True)
    if before == ")" or (before in " -" and start >= 2 and folded[start - 2] == ")"):
        match = _PAREN_PREFIX.search(folded, max(0, start - 8), start)
        if match is not None:
            return _Lead(
                start=match.start(),
                country_code=match.group("cc") is not None,
                area=match.group("area") or "",
            )
    return None


_LEAD_CHARS = frozenset("+) -")
_PAREN_ENDS = frozenset(") -")  # what can stand between "(010)" and a local number


def _add_digit_candidates(folded: str, today: dt.date, out: list[_Candidate]) -> None:
    length = len(folded)
    floor = 0  # end of the previous run: context words before it are not ours
    for run in _DIGIT_RUN.finditer(folded):
        start, end = run.span()
        run_floor, floor = floor, end
        before = folded[start - 1] if start else ""
        if before in _UPPER or (
            end < length
            and (folded[end] in _ASCII_LETTERS or (folded[end - 1] in "Xx" and folded[end] in _ALNUM))
        ):
            # A letter touches the run, or the run's trailing X is inside a longer token
            # (a credit code such as 9153010218880072X9).
            _add_letter_token(folded, start, end, out)
        if end - start < _MIN_RUN and before not in _PAREN_ENDS:
            continue  # too short for anything but a local number after "(010)"
        lead = _lead_before(folded, start) if before in _LEAD_CHARS else None
        if end - start < _MIN_RUN and lead is None:
            continue
        if before == "%":
            start += 2  # "%20" before the number: the escape is not part of it
        first_usable = lead is not None or not _touches_left(folded, start)
        last_usable = not _touches_right(folded, end)
        digits = folded[start:end]
        if " " in digits or "-" in digits:
            groups = [m.span() for m in _DIGIT_GROUP.finditer(folded, start, end)]
            out.extend(
                _split_run(folded, groups, lead, first_usable, last_usable, today, run_floor)
            )
        elif first_usable and last_usable:
            if digits[-1] == "x":
                digits = digits[:-1] + "X"
            evidences = _evidences(digits, (end - start,), lead, today)
            uscc = lead is None and end - start == 18
            if evidences or uscc:
                if lead is not None:
                    start = lead.start
                candidate = _best(folded, start, end, evidences, run_floor, digits if uscc else "")
                if candidate is not None:
                    out.append(candidate)


def _split_run(
    folded: str,
    groups: list[tuple[int, int]],
    lead: _Lead | None,
    first_usable: bool,
    last_usable: bool,
    today: dt.date,
    floor: int,
) -> list[_Candidate]:
    """Choose the non-overlapping spans of whole groups that explain the run best."""
    count = len(groups)
    best_score = [0.0] * (count + 1)
    best_pick: list[_Candidate | None] = [None] * (count + 1)
    for first in range(count - 1, -1, -1):
        best_score[first] = best_score[first + 1]
        if first == 0 and not first_usable:
            continue
        separator = folded[groups[first][1]] if first + 1 < count else ""
        span_lead = lead if first == 0 else None
        # Written numbers start with a group of 2 (86), 3 (138, 010), 4 (cards, 0086,
        # 0755) or 6 (IDs) digits; any other first group can only stand alone.
        widest = _MAX_SPAN_GROUPS if groups[first][1] - groups[first][0] in (2, 3, 4, 6) else 1
        digits = 0
        for last in range(first, min(count, first + widest)):
            digits += groups[last][1] - groups[last][0]
            if digits > _MAX_SPAN_DIGITS:
                break
            if last > first and folded[groups[last - 1][1]] != separator:
                break  # mixed separators: "138-1234 5678" is not one number
            if last == count - 1 and not last_usable:
                break
            if digits < _MIN_RUN and span_lead is None:
                continue
            span_floor = floor if first == 0 else groups[first - 1][1]
            candidate = _judge_span(folded, groups[first : last + 1], span_lead, today, span_floor)
            if candidate is None:
                continue
            score = candidate.confidence * digits + best_score[last + 1]
            if score > best_score[first]:
                best_score[first] = score
                best_pick[first] = candidate
    picked: list[_Candidate] = []
    index = 0
    while index < count:
        pick = best_pick[index]
        if pick is not None and best_score[index] > best_score[index + 1]:
            picked.append(pick)
            while index < count and groups[index][0] < pick.end:
                index += 1
        else:
            index += 1
    return picked


def _judge_span(
    folded: str,
    groups: list[tuple[int, int]],
    lead: _Lead | None,
    today: dt.date,
    floor: int,
) -> _Candidate | None:
    start = groups[0][0]
    end = groups[-1][1]
    if len(groups) == 1:
        digits = folded[start:end]
        shape: tuple[int, ...] = (end - start,)
    else:
        digits = "".join(folded[s:e] for s, e in groups)
        shape = tuple(e - s for s, e in groups)
    if digits[-1] == "x":
        digits = digits[:-1] + "X"
    evidences = _evidences(digits, shape, lead, today)
    uscc = lead is None and len(shape) == 1 and len(digits) == 18
    if not evidences and not uscc:
        return None
    if lead is not None:
        start = lead.start
    return _best(folded, start, end, evidences, floor, digits if uscc else "")


def _evidences(
    digits: str, shape: tuple[int, ...], lead: _Lead | None, today: dt.date
) -> list[Evidence]:
    """Every kind the digits are valid as, except an all-digit credit code (see _best)."""
    found: list[Evidence] = []
    length = len(digits)
    if lead is not None:
        if lead.plus:
            prefix = phone.mobile_prefix_length(digits, shape)
            if prefix:
                found.append(Evidence.MOBILE)
            return found
        if lead.country_code:
            if phone.mobile_prefix_length(digits, shape) == 0:
                found.append(Evidence.MOBILE)
            return found
        if lead.area:
            if phone.is_landline(lead.area + digits, (len(lead.area), *shape)):
                found.append(Evidence.LANDLINE_GROUPED)
            return found
    if length == 18 and shape in _ID18_SHAPES and resident_id.is_valid_18(digits, today):
        found.append(Evidence.RESIDENT_ID_18)
    elif length == 15 and shape in _ID15_SHAPES and resident_id.is_valid_15(digits, today):
        found.append(Evidence.RESIDENT_ID_15)
    if (
        bank_card.MIN_LENGTH <= length <= bank_card.MAX_LENGTH
        and digits[-1] != "X"
        and bank_card.is_card_grouping(shape)
        and bank_card.is_valid(digits)
    ):
        if resident_id.looks_like_18(digits):
            found.append(Evidence.BANK_CARD_ID_SHAPED)
        else:
            found.append(Evidence.BANK_CARD)
    if digits[0] == "0":
        if length <= 12 and phone.is_landline(digits, shape):
            found.append(
                Evidence.LANDLINE_CONTIGUOUS if len(shape) == 1 else Evidence.LANDLINE_GROUPED
            )
        elif (length == 15 or len(shape) > 1) and phone.mobile_prefix_length(
            digits, shape
        ) is not None:
            found.append(Evidence.MOBILE)
    elif length in (11, 13) or (len(shape) > 1 and length <= 15):
        prefix = phone.mobile_prefix_length(digits, shape)
        if prefix is not None:
            bare = prefix == 2 and len(shape) == 1
            found.append(Evidence.MOBILE_BARE_86 if bare else Evidence.MOBILE)
    return found


# --- letters, credit codes, e-mail -------------------------------------------------


def _add_letter_token(folded: str, start: int, end: int, out: list[_Candidate]) -> None:
    """Passport / HK / Taiwan ID or credit code around a digit run that touches letters."""
    letters = start
    while letters > 0 and start - letters < 2 and folded[letters - 1] in _UPPER:
        letters -= 1
    candidate = None
    if letters < start and not (letters and folded[letters - 1] in _ALNUM):
        token = _LETTER_ID_AT.match(folded, letters)
        if token is not None:
            candidate = _judge_letter_token(folded, token.group(), letters, token.end())
    if candidate is None:
        uscc_start = start - 1 if start - letters == 1 and folded[start - 1] in "ANY" else start
        if not (uscc_start and folded[uscc_start - 1] in _ALNUM):
            token = _USCC_AT.match(folded, uscc_start)
            if token is not None and other_ids.is_uscc(token.group()):
                has_letters = not token.group()[:17].isdigit()
                evidence = Evidence.USCC_WITH_LETTERS if has_letters else Evidence.USCC_DIGITS_ONLY
                candidate = _best(folded, uscc_start, token.end(), [evidence])
    if candidate is not None:
        out.append(candidate)


def _judge_letter_token(folded: str, text: str, start: int, end: int) -> _Candidate | None:
    evidences: list[Evidence] = []
    if other_ids.is_passport(text):
        evidences.append(Evidence.PASSPORT)
    hk = other_ids.parse_hk_id(text)
    if hk is not None and hk[0]:
        evidences.append(Evidence.HK_ID_PARENTHESISED if hk[1] else Evidence.HK_ID_BARE)
    if other_ids.is_tw_id(text):
        evidences.append(Evidence.TW_ID)
    return _best(folded, start, end, evidences) if evidences else None


def _add_bracketed_hk_candidates(folded: str, out: list[_Candidate]) -> None:
    for bracket in _HK_BRACKETED.finditer(folded):
        start = bracket.start() - 7
        if start and folded[start - 1] in _UPPER:
            start -= 1
        if start and folded[start - 1] in _ALNUM:
            continue
        candidate = _judge_letter_token(folded, folded[start : bracket.end()], start, bracket.end())
        if candidate is not None:
            out.append(candidate)


def _add_email_candidates(folded: str, out: list[_Candidate]) -> None:
    score = confidence(Evidence.EMAIL, None)
    if score is None:  # pragma: no cover - e-mail needs no clue
        return
    for start, end in find_emails(folded):
        out.append(_Candidate(start, end, Evidence.EMAIL, score))


__all__ = ["scan"]

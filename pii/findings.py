"""What a PII scan reports: the kind of identifier and where it is, never its value."""

from __future__ import annotations

import enum
import logging
from dataclasses import dataclass

logger = logging.getLogger(__name__)


class FindingKind(str, enum.Enum):
    """The kinds of personal identifiers the scanner recognises."""

    CN_RESIDENT_ID = "cn_resident_id"
    BANK_CARD = "bank_card"
    CN_MOBILE = "cn_mobile"
    EMAIL = "email"
    CN_PASSPORT = "cn_passport"
    HK_ID = "hk_id"
    TW_ID = "tw_id"
    USCC = "uscc"
    CN_LANDLINE = "cn_landline"

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True, slots=True)
class Finding:
    """One identifier found in a text.

    ``text[start:end]`` is the identifier including inner separators and a ``+86``
    prefix.  The raw value is deliberately not stored: the caller has the text, and a
    finding may be logged, so only the masked form travels with it.
    """

    kind: FindingKind
    start: int
    end: int
    masked: str
    confidence: float

    def __post_init__(self) -> None:
        if not 0 <= self.start < self.end:
            raise ValueError(f"bad finding span {self.start}-{self.end}")
        if not 0.0 <= self.confidence <= 1.0:
            raise ValueError(f"confidence {self.confidence} outside 0..1")

    @property
    def span(self) -> tuple[int, int]:
        return self.start, self.end

    def __repr__(self) -> str:
        return (
            f"Finding(kind={self.kind.value}, start={self.start}, end={self.end}, "
            f"masked={self.masked!r}, confidence={self.confidence:.2f})"
        )

    def __str__(self) -> str:
        return f"{self.kind.value} {self.start}-{self.end} {self.masked} ({self.confidence:.2f})"


_set = object.__setattr__


def trusted_finding(
    kind: FindingKind, start: int, end: int, masked: str, confidence: float
) -> Finding:
    """A Finding from the scanner, whose spans and confidences are valid by construction.

    Skips the dataclass __init__ and its checks: the scanner makes one per identifier,
    and in a PII-dense megabyte that interpreted __init__ alone is a tenth of the time.
    """
    finding: Finding = Finding.__new__(Finding)
    _set(finding, "kind", kind)
    _set(finding, "start", start)
    _set(finding, "end", end)
    _set(finding, "masked", masked)
    _set(finding, "confidence", confidence)
    return finding

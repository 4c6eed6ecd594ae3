"""One scan of the clipboard's content: what was found and the masked forms, ready to use.

:func:`inspect_content` is what runs off the GUI thread. It returns only masked text and
kinds; the raw content stays with the caller.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from assistant.clipboard.content import ClipboardContent
from assistant.clipboard.html_masking import html_residue, mask_html
from pii import Finding, FindingKind, mask_text, scan

logger = logging.getLogger(__name__)

Scanner = Callable[[str], list[Finding]]

MAX_LISTED = 5
"""At most this many masked values are shown or recorded for one clipboard content."""


@dataclass(frozen=True)
class FindingSummary:
    """Kinds (first-seen order), up to :data:`MAX_LISTED` masked values, and the count;
    ``pairs`` keeps each shown masked value with its kind (for "Bank card number: ****0121")."""

    kinds: tuple[FindingKind, ...]
    masked: tuple[str, ...]
    count: int
    pairs: tuple[tuple[FindingKind, str], ...] = ()

    @classmethod
    def of(cls, findings: Sequence[Finding]) -> FindingSummary:
        kinds = tuple(dict.fromkeys(f.kind for f in findings))
        masked = tuple(dict.fromkeys(f.masked for f in findings))[:MAX_LISTED]
        pairs = tuple(dict.fromkeys((f.kind, f.masked) for f in findings))[:MAX_LISTED]
        return cls(kinds, masked, len(findings), pairs)

    def audit_details(self) -> dict[str, Any]:
        """Details for ``clipboard.*`` audit events: kinds, masked values, count."""
        return {"kinds": [k.value for k in self.kinds], "masked": list(self.masked),
                "count": self.count}


@dataclass(frozen=True)
class Inspection:
    """The outcome of scanning one clipboard content for the kinds the policy watches.

    ``masked_text`` / ``masked_html`` are set only when that form held a finding; a form
    without findings is written back unchanged when masking. ``masked_html == ""`` means the
    HTML form could not be masked with certainty and is left out.
    """

    summary: FindingSummary | None
    masked_text: str | None = None
    masked_html: str | None = None
    scanned_chars: int = 0
    kinds_watched: frozenset[FindingKind] = field(default_factory=frozenset)

    @property
    def found(self) -> bool:
        return self.summary is not None

    def masked_content(self, original: ClipboardContent) -> ClipboardContent:
        """What to put on the clipboard instead of ``original``: only text and HTML."""
        return ClipboardContent(
            text=self.masked_text if self.masked_text is not None else original.text,
            html=self.masked_html if self.masked_html is not None else original.html,
        )


def inspect_content(content: ClipboardContent, kinds: frozenset[FindingKind],
                    scanner: Scanner = scan) -> Inspection:
    """Scan the text (and the HTML, when present) for ``kinds`` and mask what was found."""
    text_findings = [f for f in scanner(content.text) if f.kind in kinds] if content.text else []
    masked_text = mask_text(content.text, text_findings) if text_findings else None
    masked_html = None
    html_findings: list[Finding] = []
    if content.html:
        html, html_findings = mask_html(content.html, scanner, kinds)
        masked_html = html if html_findings else None
        if (text_findings or html_findings) and html_residue(html, scanner, kinds):
            logger.debug("clipboard: HTML form still readable after masking; left out")
            masked_html = ""
    findings = text_findings or html_findings
    summary = FindingSummary.of(findings) if findings else None
    if summary is not None:
        logger.debug("clipboard: %d finding(s) of %s in %d characters", summary.count,
                     ",".join(k.value for k in summary.kinds), content.size)
    return Inspection(summary, masked_text, masked_html, content.size, kinds)

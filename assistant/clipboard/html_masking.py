"""Mask identifiers inside clipboard HTML, keeping the markup.

The HTML is cut into markup (tags, comments) and text nodes. Text nodes are scanned and
masked like plain text; inside tags only attribute values can hold an identifier (a
``tel:`` link, a ``title``), so each tag is scanned as well and the names around the values
stay as they are. Known limit: an identifier written with character references
(``&#49;&#51;…``) or split by inline tags (``<b>138</b>00138000``) is not recognised; the
plain-text form the guard scans alongside carries it whole.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable

from assistant.pii import Finding, FindingKind, mask_text

logger = logging.getLogger(__name__)

Scanner = Callable[[str], list[Finding]]

_MARKUP = re.compile(r"<!--.*?-->|<![^>]*>|<\?[^>]*>|<[A-Za-z/][^>]*>", re.DOTALL)


def mask_html(html: str, scanner: Scanner,
              kinds: frozenset[FindingKind] | None = None) -> tuple[str, list[Finding]]:
    """``html`` with identifiers of ``kinds`` masked (all kinds when None), and the findings
    with positions in ``html``."""
    parts: list[str] = []
    found: list[Finding] = []
    position = 0

    def segment(start: int, end: int) -> None:
        piece = html[start:end]
        if not piece:
            return
        findings = [f for f in scanner(piece) if kinds is None or f.kind in kinds]
        if not findings:
            parts.append(piece)
            return
        parts.append(mask_text(piece, findings))
        found.extend(Finding(f.kind, f.start + start, f.end + start, f.masked, f.confidence)
                     for f in findings)

    for match in _MARKUP.finditer(html):
        segment(position, match.start())  # the text node before this tag
        segment(match.start(), match.end())  # the tag (attribute values) or comment
        position = match.end()
    segment(position, len(html))
    return "".join(parts), found

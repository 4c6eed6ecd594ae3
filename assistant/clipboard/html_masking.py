"""Mask identifiers inside clipboard HTML, keeping the markup.

The HTML is cut into markup (tags, comments) and text nodes. Each piece is scanned with its
character references decoded (``6228&nbsp;4800…`` and ``&#49;&#51;…`` read as the digits a
person sees), and each identifier is replaced, in the source, by its masked form; inside a
tag only attribute values can hold one (a ``tel:`` link, a ``title``), and the names around
them stay as they are.

:func:`html_residue` is the safety net: the text a paste would show (tags removed, references
decoded) is scanned again, which also catches an identifier split by inline tags
(``<b>138</b>00138000``). When something is left, the caller drops the HTML form and keeps
only the masked plain text: formatting is lost, the number is not.
"""

from __future__ import annotations

import html as html_lib
import logging
import re
from collections.abc import Callable

from pii import Finding, FindingKind

logger = logging.getLogger(__name__)

Scanner = Callable[[str], list[Finding]]

_MARKUP = re.compile(r"<!--.*?-->|<![^>]*>|<\?[^>]*>|<[A-Za-z/][^>]*>", re.DOTALL)
_REFERENCE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});?")


def _decode(piece: str) -> tuple[str, list[int], list[int]]:
    """``piece`` with character references decoded, and for every decoded character the
    start and end of the source text it came from."""
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    position = 0
    for match in _REFERENCE.finditer(piece):
        for i in range(position, match.start()):
            chars.append(piece[i])
            starts.append(i)
            ends.append(i + 1)
        decoded = html_lib.unescape(match.group(0))
        for c in decoded:
            chars.append(c)
            starts.append(match.start())
            ends.append(match.end())
        position = match.end()
    for i in range(position, len(piece)):
        chars.append(piece[i])
        starts.append(i)
        ends.append(i + 1)
    return "".join(chars), starts, ends


def _mask_piece(piece: str, offset: int, scanner: Scanner,
                kinds: frozenset[FindingKind] | None) -> tuple[str, list[Finding]]:
    if "&" in piece:
        text, starts, ends = _decode(piece)
    else:
        text, starts, ends = piece, list(range(len(piece))), list(range(1, len(piece) + 1))
    findings = [f for f in scanner(text) if kinds is None or f.kind in kinds]
    if not findings:
        return piece, []
    parts: list[str] = []
    found: list[Finding] = []
    position = 0
    for f in sorted(findings, key=lambda f: f.start):
        start, end = starts[f.start], ends[f.end - 1]
        if start < position:
            continue
        parts.append(piece[position:start])
        parts.append(html_lib.escape(f.masked, quote=True))
        found.append(Finding(f.kind, offset + start, offset + end, f.masked, f.confidence))
        position = end
    parts.append(piece[position:])
    return "".join(parts), found


def mask_html(html: str, scanner: Scanner,
              kinds: frozenset[FindingKind] | None = None) -> tuple[str, list[Finding]]:
    """``html`` with identifiers of ``kinds`` masked (all kinds when None), and the findings
    with their spans in ``html``."""
    parts: list[str] = []
    found: list[Finding] = []
    position = 0

    def piece(start: int, end: int) -> None:
        if start < end:
            masked, findings = _mask_piece(html[start:end], start, scanner, kinds)
            parts.append(masked)
            found.extend(findings)

    for match in _MARKUP.finditer(html):
        piece(position, match.start())  # the text node before this tag
        piece(match.start(), match.end())  # the tag (attribute values) or comment
        position = match.end()
    piece(position, len(html))
    return "".join(parts), found


def visible_text(html: str) -> str:
    """Roughly what pasting ``html`` as text shows: tags removed, references decoded."""
    return html_lib.unescape(_MARKUP.sub("", html))


def html_residue(html: str, scanner: Scanner, kinds: frozenset[FindingKind] | None = None) -> int:
    """How many identifiers of ``kinds`` are still readable in ``html`` once its tags are gone."""
    return sum(1 for f in scanner(visible_text(html)) if kinds is None or f.kind in kinds)

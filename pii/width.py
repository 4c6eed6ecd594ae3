"""Length-preserving folding of full-width forms, so patterns only need ASCII.

Every folded character maps to exactly one character, so offsets found in the folded
text are offsets in the original text too.
"""

from __future__ import annotations

import logging
import re

logger = logging.getLogger(__name__)

_FULLWIDTH_FIRST = 0xFF01  # '！'
_FULLWIDTH_LAST = 0xFF5E  # '～'
_FULLWIDTH_OFFSET = 0xFEE0

# Only characters that matter to the patterns are folded: digits, letters and
# + - ( ) . @ % _ in their full-width forms, plus odd spaces and dashes.  Full-width
# punctuation such as '，' or '：' is a boundary either way and is left alone, so
# ordinary Chinese text usually needs no folding at all.
_FOLDED_FULLWIDTH = "０１２３４５６７８９ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ" + (
    "ａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ＋－（）．＠％＿"
)
_FOLD_TABLE: dict[int, int] = {ord(c): ord(c) - _FULLWIDTH_OFFSET for c in _FOLDED_FULLWIDTH}
_FOLD_TABLE.update(
    {
        0x3000: ord(" "),  # ideographic space
        0x00A0: ord(" "),  # no-break space
        0x2010: ord("-"),  # hyphen
        0x2011: ord("-"),  # non-breaking hyphen
        0x2012: ord("-"),  # figure dash
        0x2013: ord("-"),  # en dash
    }
)
_FOLDABLE_RUN = re.compile("[" + re.escape("".join(map(chr, _FOLD_TABLE))) + "]+")


def _fold_match(match: re.Match[str]) -> str:
    return match.group().translate(_FOLD_TABLE)


def fold_width(text: str) -> str:
    """Return ``text`` with full-width digits, letters and number punctuation made ASCII.

    The result has the same length as ``text``, so offsets carry over.  Text without
    such characters is returned unchanged without copying.
    """
    if text.isascii() or _FOLDABLE_RUN.search(text) is None:
        return text
    return _FOLDABLE_RUN.sub(_fold_match, text)


def is_fullwidth(char: str) -> bool:
    """True for a full-width ASCII form such as '８' or 'Ｘ'."""
    return _FULLWIDTH_FIRST <= ord(char) <= _FULLWIDTH_LAST


def to_fullwidth(char: str) -> str:
    """The full-width form of a printable ASCII character; other characters unchanged."""
    code = ord(char)
    if 0x21 <= code <= 0x7E:
        return chr(code + _FULLWIDTH_OFFSET)
    return char

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

_FOLD_TABLE: dict[int, int] = {
    code: code - _FULLWIDTH_OFFSET for code in range(_FULLWIDTH_FIRST, _FULLWIDTH_LAST + 1)
}
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

_NEEDS_FOLDING = re.compile("[\u00a0\u2010-\u2013\u3000\uff01-\uff5e]")


def fold_width(text: str) -> str:
    """Return ``text`` with full-width ASCII forms and odd spaces/dashes made ASCII.

    The result has the same length as ``text``.  Text without such characters is
    returned unchanged without copying.
    """
    if _NEEDS_FOLDING.search(text) is None:
        return text
    return text.translate(_FOLD_TABLE)


def is_fullwidth(char: str) -> bool:
    """True for a full-width ASCII form such as '８' or 'Ｘ'."""
    return _FULLWIDTH_FIRST <= ord(char) <= _FULLWIDTH_LAST


def to_fullwidth(char: str) -> str:
    """The full-width form of a printable ASCII character; other characters unchanged."""
    code = ord(char)
    if 0x21 <= code <= 0x7E:
        return chr(code + _FULLWIDTH_OFFSET)
    return char

"""E-mail addresses, found from their '@' outwards so that plain text costs nothing."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator

logger = logging.getLogger(__name__)

MAX_LOCAL_LENGTH = 64
_LOCAL_TAIL = re.compile(r"[A-Za-z0-9._%+\-]{1,64}\Z")
_DOMAIN = re.compile(
    r"(?:[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}(?![A-Za-z0-9\-])"
)
_URL_USERINFO = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*://[^\s/@]*\Z")
_LEADING_PUNCTUATION = "._%+-"


def find_emails(folded: str) -> Iterator[tuple[int, int]]:
    """Yield ``(start, end)`` of each e-mail address in width-folded text."""
    at = folded.find("@")
    while at != -1:
        span = _email_around(folded, at)
        if span is not None:
            yield span
            at = folded.find("@", span[1])
        else:
            at = folded.find("@", at + 1)


def _email_around(folded: str, at: int) -> tuple[int, int] | None:
    local = _LOCAL_TAIL.search(folded, max(0, at - MAX_LOCAL_LENGTH), at)
    if local is None:
        return None
    start = local.start()
    if start > 0 and start == at - MAX_LOCAL_LENGTH and _LOCAL_TAIL.match(folded[start - 1]):
        return None  # local part longer than RFC 5321 allows
    while start < at and folded[start] in _LEADING_PUNCTUATION:
        start += 1
    if start == at or folded[at - 1] == "." or ".." in folded[start:at]:
        return None
    domain = _DOMAIN.match(folded, at + 1)
    if domain is None:
        return None
    # user:password@host inside a URL is a credential, not an address.
    if (
        start > 0
        and folded[start - 1] == ":"
        and _URL_USERINFO.search(folded, max(0, start - 200), start - 1)
    ):
        return None
    return start, domain.end()

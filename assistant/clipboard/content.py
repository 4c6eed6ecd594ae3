"""What the clipboard holds (as text and HTML) and a keyed fingerprint of it.

The fingerprint lets the guard recognise its own writes and content it already handled
without keeping the text. It is keyed with a random per-process secret, because a plain
hash of a short identifier (an 11-digit mobile number) could be reversed by trying every
number; it is kept in memory only and never logged.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from dataclasses import dataclass

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ClipboardContent:
    """The clipboard's text forms. ``html`` is empty when there is no ``text/html``."""

    text: str = ""
    html: str = ""

    def __repr__(self) -> str:  # never show the content itself
        return f"ClipboardContent(text={len(self.text)} chars, html={len(self.html)} chars)"

    @property
    def empty(self) -> bool:
        return not self.text and not self.html

    @property
    def size(self) -> int:
        return len(self.text) + len(self.html)


class ContentFingerprinter:
    """Keyed BLAKE2b of the clipboard's text (its HTML when there is no plain text)."""

    def __init__(self, key: bytes | None = None) -> None:
        self._key = key if key is not None else secrets.token_bytes(32)

    def __call__(self, content: ClipboardContent) -> str:
        if content.text:
            tag, body = b"t", content.text
        else:
            tag, body = b"h", content.html
        digest = hashlib.blake2b(key=self._key, digest_size=16)
        digest.update(tag)
        digest.update(body.encode("utf-8", "surrogatepass"))
        return digest.hexdigest()

"""HMAC request signing between an enrolled agent and the relay.

The string to sign is ``METHOD \\n PATH \\n TIMESTAMP \\n NONCE \\n sha256hex(body)`` and the
signature is its hex HMAC-SHA256. The key is the agent secret as issued by the relay: 32
random bytes, base64url-encoded; the HMAC key is the *decoded* bytes. PATH is the URL path
without the query string (e.g. ``/api/v1/events``).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import logging
import secrets
import time

logger = logging.getLogger(__name__)

HEADER_AGENT_ID = "X-Agent-Id"
HEADER_TIMESTAMP = "X-Timestamp"
HEADER_NONCE = "X-Nonce"
HEADER_SIGNATURE = "X-Signature"
MAX_NONCE_LENGTH = 64
#: How far (seconds) a signed timestamp may be from the relay's clock (the relay's default).
SIGNING_WINDOW_S = 60


class InvalidSecret(ValueError):
    """The agent secret is not valid base64url."""


def decode_secret(secret: str) -> bytes:
    """Raw key bytes of a base64url agent secret (padding optional)."""
    text = secret.strip()
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError) as exc:
        raise InvalidSecret("agent secret is not base64url") from exc


def new_secret() -> str:
    """A fresh agent secret: 32 random bytes, base64url without padding."""
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).rstrip(b"=").decode("ascii")


def body_digest(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def string_to_sign(method: str, path: str, timestamp: str, nonce: str, body: bytes) -> bytes:
    return "\n".join((method.upper(), path, timestamp, nonce, body_digest(body))).encode("utf-8")


def compute_signature(
    secret: str, method: str, path: str, timestamp: str, nonce: str, body: bytes
) -> str:
    key = decode_secret(secret)
    message = string_to_sign(method, path, timestamp, nonce, body)
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def signature_matches(
    secret: str, method: str, path: str, timestamp: str, nonce: str, body: bytes, signature: str
) -> bool:
    """Constant-time check of ``signature`` against the expected one."""
    expected = compute_signature(secret, method, path, timestamp, nonce, body)
    return hmac.compare_digest(expected, signature.strip().lower())


def sign_headers(
    agent_id: str,
    secret: str,
    method: str,
    path: str,
    body: bytes,
    now: float | None = None,
    nonce: str | None = None,
) -> dict[str, str]:
    """Headers that authenticate one request of ``agent_id`` to the relay."""
    timestamp = str(int(time.time() if now is None else now))
    nonce = nonce if nonce is not None else secrets.token_urlsafe(18)
    if not nonce or len(nonce) > MAX_NONCE_LENGTH:
        raise ValueError(f"nonce must be 1..{MAX_NONCE_LENGTH} characters")
    return {
        HEADER_AGENT_ID: agent_id,
        HEADER_TIMESTAMP: timestamp,
        HEADER_NONCE: nonce,
        HEADER_SIGNATURE: compute_signature(secret, method, path, timestamp, nonce, body),
    }

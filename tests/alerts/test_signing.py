from __future__ import annotations

import base64
import hashlib
import hmac

import pytest

from protocol.signing import (
    compute_signature,
    new_secret,
    sign_headers,
    signature_matches,
    string_to_sign,
)

SECRET = base64.urlsafe_b64encode(bytes(range(32))).rstrip(b"=").decode()


def test_string_to_sign_layout() -> None:
    body = b'{"a":1}'
    expected = "POST\n/api/v1/events\n1800000000\nabc\n" + hashlib.sha256(body).hexdigest()
    assert string_to_sign("post", "/api/v1/events", "1800000000", "abc", body) == expected.encode()


def test_signature_is_hmac_sha256_with_the_decoded_secret() -> None:
    message = string_to_sign("GET", "/api/v1/agent/updates", "1800000000", "n1", b"")
    expected = hmac.new(bytes(range(32)), message, hashlib.sha256).hexdigest()
    assert compute_signature(SECRET, "GET", "/api/v1/agent/updates", "1800000000", "n1", b"") \
        == expected


def test_sign_headers() -> None:
    headers = sign_headers("agent-1", SECRET, "POST", "/api/v1/heartbeat", b"{}",
                           now=1_800_000_000.7, nonce="fixed")
    assert headers["X-Agent-Id"] == "agent-1"
    assert headers["X-Timestamp"] == "1800000000"
    assert headers["X-Nonce"] == "fixed"
    assert signature_matches(SECRET, "POST", "/api/v1/heartbeat", "1800000000", "fixed", b"{}",
                             headers["X-Signature"])
    assert not signature_matches(SECRET, "POST", "/api/v1/heartbeat", "1800000000", "fixed",
                                 b"{ }", headers["X-Signature"])


def test_random_nonces_differ_and_fit() -> None:
    a = sign_headers("a", SECRET, "GET", "/", b"")["X-Nonce"]
    b = sign_headers("a", SECRET, "GET", "/", b"")["X-Nonce"]
    assert a != b and 0 < len(a) <= 64


def test_overlong_nonce_is_refused() -> None:
    with pytest.raises(ValueError, match="nonce"):
        sign_headers("a", SECRET, "GET", "/", b"", nonce="x" * 65)


def test_new_secret_is_32_bytes() -> None:
    assert len(base64.urlsafe_b64decode(new_secret() + "=")) == 32

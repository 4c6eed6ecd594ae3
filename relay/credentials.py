"""Supervisor passwords (argon2id), session tokens and enrollment codes (stored hashed)."""

from __future__ import annotations

import hashlib
import logging
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

logger = logging.getLogger(__name__)

#: argon2id with OWASP's first recommended parameter set (Password Storage Cheat Sheet:
#: m=19 MiB, t=2, p=1). The library's default (64 MiB, 4 lanes) made each wrong-password
#: attempt take 64 MiB and both cores of a small relay; hashes made with other parameters
#: still verify and are re-hashed at the next successful login (:func:`needs_rehash`).
ARGON2_MEMORY_KIB = 19 * 1024
ARGON2_TIME_COST = 2
ARGON2_PARALLELISM = 1
_hasher = PasswordHasher(time_cost=ARGON2_TIME_COST, memory_cost=ARGON2_MEMORY_KIB,
                         parallelism=ARGON2_PARALLELISM)
_DUMMY_HASH = _hasher.hash("not a real password")

#: Crockford-like alphabet without look-alikes (0/O, 1/I/L) for codes read out loud
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_GROUPS = 4
CODE_GROUP_LEN = 4


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(stored_hash: str | None, password: str) -> bool:
    """Check ``password``; with no stored hash still spend the same time (no user probing)."""
    try:
        return _hasher.verify(stored_hash or _DUMMY_HASH, password) and stored_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    """True when ``stored_hash`` was made with other parameters than today's."""
    try:
        return _hasher.check_needs_rehash(stored_hash)
    except (InvalidHashError, ValueError):
        return False


def new_token() -> str:
    return secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    """Tokens and codes are long random strings, so one SHA-256 is enough to store them."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_enrollment_code() -> str:
    """A code like ``K7QX-M2PA-…`` (4 groups of 4 from 31 symbols, about 79 bits)."""
    groups = (
        "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_GROUP_LEN))
        for _ in range(CODE_GROUPS)
    )
    return "-".join(groups)


def normalize_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def hash_enrollment_code(code: str) -> str:
    return hash_token("enroll:" + normalize_code(code))

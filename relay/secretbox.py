"""Encryption at rest of agent secrets with a relay key (AES-256-GCM).

The relay must know each agent's secret to check HMACs, so it keeps it, encrypted with a
32-byte key stored outside the database (``relay.key`` in the data dir, mode 0600, or the
``key_file`` of the config). A copy of the database alone does not reveal the secrets.
"""

from __future__ import annotations

import logging
import os
import secrets
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from relay.db import make_private_dir

logger = logging.getLogger(__name__)

KEY_BYTES = 32
NONCE_BYTES = 12
VERSION = b"\x01"


class SecretBoxError(Exception):
    """A stored secret cannot be decrypted (wrong relay key?)."""


def load_or_create_key(path: Path) -> bytes:
    """Read the relay key at ``path``, creating it (0600) on first use."""
    try:
        key = path.read_bytes()
    except FileNotFoundError:
        make_private_dir(path.parent)
        key = secrets.token_bytes(KEY_BYTES)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(key)
        logger.info("created relay key %s", path)
        return key
    if len(key) != KEY_BYTES:
        raise SecretBoxError(f"relay key {path} must be exactly {KEY_BYTES} bytes")
    return key


class SecretBox:
    def __init__(self, key: bytes) -> None:
        if len(key) != KEY_BYTES:
            raise SecretBoxError(f"relay key must be {KEY_BYTES} bytes")
        self._aead = AESGCM(key)

    def seal(self, plaintext: str, context: str) -> bytes:
        nonce = secrets.token_bytes(NONCE_BYTES)
        return VERSION + nonce + self._aead.encrypt(nonce, plaintext.encode(), context.encode())

    def open(self, sealed: bytes, context: str) -> str:
        if not sealed or sealed[:1] != VERSION:
            raise SecretBoxError("unknown secret format")
        nonce, ciphertext = sealed[1 : 1 + NONCE_BYTES], sealed[1 + NONCE_BYTES :]
        try:
            return self._aead.decrypt(nonce, ciphertext, context.encode()).decode()
        except InvalidTag as exc:
            raise SecretBoxError("stored secret does not decrypt with this relay key") from exc

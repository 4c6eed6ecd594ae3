"""The agent's PINs for "I'm safe": one calls the alarm off, the duress PIN only seems to.

Only salted scrypt hashes are kept, in the OS keyring (never the PINs, never a file). Checking
a PIN always computes both hashes, so the time it takes does not tell which one matched.
"""

from __future__ import annotations

import base64
import enum
import hashlib
import hmac
import json
import logging
import os
from dataclasses import dataclass
from typing import Any

from assistant.alerts.enrollment import DEFAULT_KEYRING_SERVICE
from assistant.panic.kinds import PinCheck

logger = logging.getLogger(__name__)

MIN_PIN_LENGTH = 4
MAX_PIN_LENGTH = 32
PIN_KEY_NAME = "panic-pins"
SCRYPT_N = 2**14
SCRYPT_R = 8
SCRYPT_P = 1
SCRYPT_DKLEN = 32
SALT_BYTES = 16
SCHEME = "scrypt"


class PinProblem(enum.Enum):
    """Why PINs were refused (the UI turns these into sentences)."""

    TOO_SHORT = "too_short"
    TOO_LONG = "too_long"
    DURESS_SAME = "duress_same"  # the duress PIN equals the PIN
    CURRENT_WRONG = "current_wrong"  # changing PINs needs the current PIN


class PinError(ValueError):
    def __init__(self, problem: PinProblem) -> None:
        super().__init__(problem.value)
        self.problem = problem


class PinStorageError(RuntimeError):
    """The keyring could not be read or written; the message says why."""


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def hash_pin(pin: str, salt: bytes | None = None, n: int = SCRYPT_N) -> str:
    """``scrypt$N$r$p$salt$hash`` of ``pin`` (a fresh random salt unless given)."""
    salt = salt if salt is not None else os.urandom(SALT_BYTES)
    digest = hashlib.scrypt(pin.encode("utf-8"), salt=salt, n=n, r=SCRYPT_R, p=SCRYPT_P,
                            dklen=SCRYPT_DKLEN)
    return f"{SCHEME}${n}${SCRYPT_R}${SCRYPT_P}${_b64(salt)}${_b64(digest)}"


def verify_pin(pin: str, stored: str) -> bool:
    """True when ``pin`` hashes to ``stored`` (constant-time comparison)."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != SCHEME:
            return False
        expected = base64.b64decode(digest)
        actual = hashlib.scrypt(pin.encode("utf-8"), salt=base64.b64decode(salt), n=int(n),
                                r=int(r), p=int(p), dklen=len(expected))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


def check_length(pin: str) -> None:
    if len(pin) < MIN_PIN_LENGTH:
        raise PinError(PinProblem.TOO_SHORT)
    if len(pin) > MAX_PIN_LENGTH:
        raise PinError(PinProblem.TOO_LONG)


@dataclass(frozen=True)
class PinHashes:
    cancel: str
    duress: str | None = None

    @classmethod
    def make(cls, pin: str, duress_pin: str | None = None) -> PinHashes:
        """Hash new PINs after checking them (``PinError`` says what is wrong)."""
        check_length(pin)
        if duress_pin:
            check_length(duress_pin)
            if duress_pin == pin:
                raise PinError(PinProblem.DURESS_SAME)
        return cls(hash_pin(pin), hash_pin(duress_pin) if duress_pin else None)

    def check(self, pin: str) -> PinCheck:
        """CANCEL, DURESS or WRONG; both hashes are always computed."""
        is_cancel = verify_pin(pin, self.cancel)
        # Without a duress PIN, hash against the cancel hash again: the same work either way.
        is_duress = verify_pin(pin, self.duress if self.duress else self.cancel) and bool(self.duress)
        if is_cancel:
            return PinCheck.CANCEL
        if is_duress:
            return PinCheck.DURESS
        return PinCheck.WRONG

    def to_json(self) -> str:
        return json.dumps({"v": 1, "cancel": self.cancel, "duress": self.duress})

    @classmethod
    def from_json(cls, text: str) -> PinHashes | None:
        try:
            data: Any = json.loads(text)
            cancel = data["cancel"]
            duress = data.get("duress")
        except (ValueError, KeyError, TypeError, AttributeError):
            return None
        if not isinstance(cancel, str) or not (duress is None or isinstance(duress, str)):
            return None
        return cls(cancel, duress)


class PinStore:
    """The PIN hashes in the OS keyring (service ``AgentDeskSafetyAssistant``)."""

    def __init__(self, service: str = DEFAULT_KEYRING_SERVICE, key: str = PIN_KEY_NAME) -> None:
        self.service = service
        self.key = key

    @classmethod
    def for_paths(cls, paths: Any) -> PinStore:
        """The PINs of one installation (``AppPaths``: per user and base directory)."""
        return cls(key=f"{PIN_KEY_NAME}:{paths.instance_name}")

    def load(self) -> PinHashes | None:
        import keyring
        import keyring.errors

        try:
            text = keyring.get_password(self.service, self.key)
        except keyring.errors.KeyringError as exc:
            raise PinStorageError(f"cannot read the keyring: {exc}") from exc
        if not text:
            return None
        hashes = PinHashes.from_json(text)
        if hashes is None:
            logger.warning("the PIN entry in the keyring is unreadable; set the PIN again")
        return hashes

    def is_set(self) -> bool:
        try:
            return self.load() is not None
        except PinStorageError:
            return False

    def check(self, pin: str) -> PinCheck:
        hashes = self.load()
        if hashes is None:
            return PinCheck.NOT_SET
        return hashes.check(pin)

    def change(self, pin: str, duress_pin: str | None, current: str | None = None) -> None:
        """Set new PINs. When PINs exist, ``current`` must be the current (not duress) PIN."""
        existing = self.load()
        if existing is not None and (current is None or existing.check(current) is not PinCheck.CANCEL):
            raise PinError(PinProblem.CURRENT_WRONG)
        hashes = PinHashes.make(pin, duress_pin)
        import keyring
        import keyring.errors

        try:
            keyring.set_password(self.service, self.key, hashes.to_json())
        except keyring.errors.KeyringError as exc:
            raise PinStorageError(f"cannot write to the keyring: {exc}") from exc
        logger.info("PINs for \"I'm safe\" changed")

"""A supervisor's remembered console password, kept in the OS keyring (never in a file)."""

from __future__ import annotations

import logging

import keyring
import keyring.errors

from assistant.alerts.enrollment import DEFAULT_KEYRING_SERVICE
from assistant.supervision.api import normalize_relay_url

logger = logging.getLogger(__name__)


def password_key(relay_url: str, name: str) -> str:
    return f"supervisor-password:{normalize_relay_url(relay_url)}|{name}"


def remembered_password(relay_url: str, name: str,
                        service: str = DEFAULT_KEYRING_SERVICE) -> str | None:
    try:
        return keyring.get_password(service, password_key(relay_url, name))
    except keyring.errors.KeyringError as exc:
        logger.warning("cannot read the keyring: %s", exc)
        return None


def remember_password(relay_url: str, name: str, password: str,
                      service: str = DEFAULT_KEYRING_SERVICE) -> bool:
    try:
        keyring.set_password(service, password_key(relay_url, name), password)
    except keyring.errors.KeyringError as exc:
        logger.warning("cannot keep the password in the keyring: %s", exc)
        return False
    return True


def forget_password(relay_url: str, name: str, service: str = DEFAULT_KEYRING_SERVICE) -> None:
    try:
        keyring.delete_password(service, password_key(relay_url, name))
    except keyring.errors.KeyringError:
        pass

"""The relay's last line of privacy: every free text is PII-masked before it is stored.

Supervisor notes, agents' incident notes and every string inside event payloads go through
the same masker the agent uses (``assistant.pii.mask_text``), so a customer identifier typed
anywhere reaches the database, the console and the escalation channels only masked.
"""

from __future__ import annotations

import uuid
from typing import Any

from assistant.pii import mask_text


def mask_free_text(text: str) -> str:
    """``text`` with every customer identifier masked (identifiers such as UUIDs kept)."""
    if not text or _is_uuid(text):
        return text
    return mask_text(text)


def mask_payload(value: Any) -> Any:
    """A copy of a JSON value with every string (keys too) passed through the masker."""
    if isinstance(value, str):
        return mask_free_text(value)
    if isinstance(value, dict):
        return {mask_free_text(str(k)): mask_payload(v) for k, v in value.items()}
    if isinstance(value, list):
        return [mask_payload(item) for item in value]
    return value


def _is_uuid(text: str) -> bool:
    if len(text) != 36:
        return False
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True

"""The relay's last line of privacy: every free text is PII-masked before it is stored.

Supervisor notes, agents' incident notes, every string inside event payloads (and every
number there, which a client could send instead of a string) go through
the same masker the agent uses (``pii.mask_text``), so a customer identifier typed
anywhere reaches the database, the console and the escalation channels only masked.
"""

from __future__ import annotations

import uuid
from typing import Any

from pii import mask_text


def mask_free_text(text: str) -> str:
    """``text`` with every customer identifier masked (identifiers such as UUIDs kept)."""
    if not text or _is_uuid(text):
        return text
    return mask_text(text)


#: JSON numbers beyond this cannot be written in plain digits (and are no identifier)
_LARGEST_WHOLE = 10.0 ** 24


def mask_number(value: float) -> float | str:
    """A JSON number that is a customer identifier (``"phone": 13812345678``) becomes its
    masked text; any other number stays as it is."""
    if isinstance(value, float):
        if not value.is_integer() or abs(value) >= _LARGEST_WHOLE:
            return value
        digits = str(int(value))
    else:
        digits = str(value)
    masked = mask_free_text(digits)
    return masked if masked != digits else value


def mask_payload(value: Any) -> Any:
    """A copy of a JSON value with every string (keys too) and every number that reads as an
    identifier passed through the masker."""
    if isinstance(value, str):
        return mask_free_text(value)
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return mask_number(value)
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

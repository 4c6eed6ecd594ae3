"""Times as the relay's JSON carries them (ISO 8601, UTC as ``Z``)."""

from __future__ import annotations

from datetime import datetime


def iso(value: datetime | None) -> str | None:
    return value.isoformat().replace("+00:00", "Z") if value is not None else None


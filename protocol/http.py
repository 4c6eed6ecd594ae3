"""The relay's HTTP surface as both sides see it: path prefix, batch limit, refusal reasons."""

from __future__ import annotations

#: Every API path starts with it (``/api/v1/events``, ``/api/v1/stream`` …).
API_PREFIX = "/api/v1"
#: The most events one ``POST /events`` may carry.
MAX_EVENTS_PER_BATCH = 100
#: ``detail.reason`` of the 401 for a signed timestamp outside the relay's window.
CLOCK_SKEW_REASON = "clock_skew"

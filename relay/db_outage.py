"""The database went away (unreachable, full, read-only): a 503 with a short reason, one log
line when it starts and one when it ends, never a traceback per request.

``Database`` (relay.db) passes every failure and success of its calls to an ``OutageWatch``;
failures that mean "the database cannot serve now" become ``DatabaseUnavailable``, which the
app answers with 503 (the agents keep their events in the outbox and retry).
"""

from __future__ import annotations

import logging
import threading

from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

logger = logging.getLogger(__name__)

UNREACHABLE = "database_unreachable"
FULL = "database_full"
READ_ONLY = "database_read_only"

#: PostgreSQL SQLSTATEs that mean full / read-only (others of class 08 and 57 mean unreachable)
_FULL_STATES = {"53100", "53200"}
_READ_ONLY_STATES = {"25006"}
_FULL_WORDS = ("database or disk is full", "no space left", "disk full")
_READ_ONLY_WORDS = ("readonly database", "read-only", "read only")


class DatabaseUnavailable(Exception):
    """The database cannot serve now; ``reason`` is one of the constants above."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def outage_reason(error: BaseException) -> str | None:
    """The outage ``error`` stands for, or None for an error that is not an outage."""
    if not isinstance(error, DBAPIError):
        return None
    state = str(getattr(error.orig, "sqlstate", "") or "")
    message = str(error.orig).lower()
    if state in _FULL_STATES or any(word in message for word in _FULL_WORDS):
        return FULL
    if state in _READ_ONLY_STATES or any(word in message for word in _READ_ONLY_WORDS):
        return READ_ONLY
    if isinstance(error, OperationalError | InterfaceError) or error.connection_invalidated:
        return UNREACHABLE
    return None


class OutageWatch:
    """Whether the database is down, logged once per outage (thread-safe)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._lock = threading.Lock()
        self.reason: str | None = None

    def failed(self, error: BaseException) -> DatabaseUnavailable | None:
        reason = outage_reason(error)
        if reason is None:
            return None
        with self._lock:
            first = self.reason != reason
            self.reason = reason
        if first:
            detail = str(getattr(error, "orig", error)).strip().splitlines()[0][:200]
            logger.error("%s database unavailable (%s): %s; answering 503 until it is back",
                         self.name, reason, detail)
        return DatabaseUnavailable(reason)

    def succeeded(self) -> None:
        if self.reason is None:
            return
        with self._lock:
            was, self.reason = self.reason, None
        if was is not None:
            logger.warning("%s database is back (after %s)", self.name, was)

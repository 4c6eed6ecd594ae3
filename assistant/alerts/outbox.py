"""Durable queue of events waiting for the relay.

``put`` commits to SQLite (WAL, ``synchronous=FULL``) before it returns, so an event survives
the process being killed right afterwards; the sender delivers from here and marks rows
delivered, or rejected when the relay refuses an event for good.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
import time
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any, Self

from protocol.kinds import default_priority

logger = logging.getLogger(__name__)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS outbox (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    time TEXT NOT NULL,
    priority INTEGER NOT NULL,
    payload TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending',
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    created REAL NOT NULL,
    done REAL
);
CREATE INDEX IF NOT EXISTS outbox_pending ON outbox (status, priority, seq);
"""


class OutboxStatus(StrEnum):
    PENDING = "pending"
    DELIVERED = "delivered"
    REJECTED = "rejected"


@dataclass(frozen=True)
class OutboxEvent:
    id: str
    kind: str
    time: str
    priority: int
    payload: dict[str, Any]
    attempts: int = 0

    def to_wire(self) -> dict[str, Any]:
        """The JSON object the relay's ``POST /events`` expects for this event."""
        return {
            "id": self.id,
            "kind": self.kind,
            "time": self.time,
            "priority": self.priority,
            "payload": self.payload,
        }


def utc_now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class AlertOutbox:
    """Thread-safe SQLite outbox. One connection, guarded by a lock."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._conn = sqlite3.connect(
            str(self.path), timeout=30.0, isolation_level=None, check_same_thread=False
        )
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.execute("PRAGMA synchronous=FULL")
        self._conn.execute("PRAGMA busy_timeout=30000")
        self._conn.executescript(_SCHEMA)

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def put(
        self, kind: str, payload: Mapping[str, Any] | None = None, priority: int | None = None
    ) -> str:
        """Queue one event and return its id once it is on disk."""
        event_id = str(uuid.uuid4())
        prio = default_priority(kind) if priority is None else int(priority)
        body = json.dumps(dict(payload or {}), ensure_ascii=False, separators=(",", ":"))
        with self._lock:
            self._conn.execute(
                "INSERT INTO outbox (id, kind, time, priority, payload, created)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (event_id, kind, utc_now_iso(), prio, body, time.time()),
            )
        logger.debug("queued %s event %s (priority %d)", kind, event_id, prio)
        return event_id

    def next_batch(self, limit: int = 50) -> list[OutboxEvent]:
        """Pending events, most urgent first, then oldest first."""
        with self._lock:
            rows = self._conn.execute(
                "SELECT id, kind, time, priority, payload, attempts FROM outbox"
                " WHERE status = 'pending' ORDER BY priority, seq LIMIT ?",
                (int(limit),),
            ).fetchall()
        return [
            OutboxEvent(row[0], row[1], row[2], row[3], json.loads(row[4]), row[5]) for row in rows
        ]

    def mark_delivered(self, ids: Iterable[str]) -> None:
        self._set_status(ids, OutboxStatus.DELIVERED, None)

    def mark_rejected(self, ids: Iterable[str], reason: str) -> None:
        """Park events the relay refuses for good; they stay on disk for inspection."""
        self._set_status(ids, OutboxStatus.REJECTED, reason[:500])

    def note_attempt(self, ids: Iterable[str], error: str) -> None:
        params = [(error[:500], event_id) for event_id in ids]
        with self._lock:
            self._conn.executemany(
                "UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE id = ?", params
            )

    def _set_status(self, ids: Iterable[str], status: OutboxStatus, error: str | None) -> None:
        now = time.time()
        params = [(status.value, error, now, event_id) for event_id in ids]
        if not params:
            return
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                self._conn.executemany(
                    "UPDATE outbox SET status = ?, last_error = COALESCE(?, last_error), done = ?"
                    " WHERE id = ? AND status = 'pending'",
                    params,
                )
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    def pending_count(self, exclude_kinds: Iterable[str] = ()) -> int:
        """Pending events, not counting those of ``exclude_kinds``."""
        excluded = sorted(str(kind) for kind in exclude_kinds)
        if not excluded:
            return self.count(OutboxStatus.PENDING)
        marks = ",".join("?" * len(excluded))
        with self._lock:
            row = self._conn.execute(
                f"SELECT COUNT(*) FROM outbox WHERE status = 'pending' AND kind NOT IN ({marks})",
                excluded,
            ).fetchone()
        return int(row[0])

    def count(self, status: OutboxStatus) -> int:
        with self._lock:
            row = self._conn.execute(
                "SELECT COUNT(*) FROM outbox WHERE status = ?", (status.value,)
            ).fetchone()
        return int(row[0])

    def status_of(self, event_id: str) -> OutboxStatus | None:
        with self._lock:
            row = self._conn.execute(
                "SELECT status FROM outbox WHERE id = ?", (event_id,)
            ).fetchone()
        return OutboxStatus(row[0]) if row else None

    def purge_delivered(self, older_than_s: float = 7 * 86400) -> int:
        """Drop delivered rows older than ``older_than_s``; rejected ones are kept."""
        cutoff = time.time() - older_than_s
        with self._lock:
            cur = self._conn.execute(
                "DELETE FROM outbox WHERE status = 'delivered' AND done < ?", (cutoff,)
            )
        return cur.rowcount

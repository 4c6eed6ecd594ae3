"""The local audit log: an append-only SQLite store (WAL) of what happened, for reports.

Events carry a kind (``lock.locked``, ``break.completed``, ``clipboard.masked`` …) and a
JSON object of details. They never carry a raw customer identifier or a keystroke: every
detail string passes through a redactor (the PII scanner's masking) before it is written.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import sqlite3
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

Redactor = Callable[[str], str]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS events (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    time    TEXT NOT NULL,
    kind    TEXT NOT NULL,
    details TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS events_time ON events(time);
CREATE TRIGGER IF NOT EXISTS events_no_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS events_no_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
"""


@dataclass(frozen=True)
class AuditEvent:
    id: int
    time: dt.datetime
    kind: str
    details: dict[str, Any]

    def as_json(self) -> dict[str, Any]:
        return {"time": self.time.isoformat(), "kind": self.kind, "details": self.details}


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _default_redactor(text: str) -> str:
    try:
        from pii import mask_text
    except ImportError:  # the scanner is optional only while the package is being built
        return text
    return mask_text(text)


class AuditLog:
    """Thread-safe writer and reader of the audit store."""

    def __init__(self, path: Path, redactor: Redactor | None = _default_redactor,
                 clock: Callable[[], dt.datetime] = utc_now) -> None:
        self.path = path
        self._redactor = redactor
        self._clock = clock
        self._lock = threading.Lock()
        path.parent.mkdir(parents=True, exist_ok=True)
        self._conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None, timeout=10)
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.execute("PRAGMA synchronous=NORMAL")
        self._conn.executescript(_SCHEMA)
        self._listeners: list[Callable[[AuditEvent], None]] = []

    def subscribe(self, listener: Callable[[AuditEvent], None]) -> None:
        self._listeners.append(listener)

    def _clean(self, value: Any) -> Any:
        if isinstance(value, str):
            return self._redactor(value) if self._redactor is not None else value
        if isinstance(value, dict):
            return {str(k): self._clean(v) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return [self._clean(v) for v in value]
        if isinstance(value, (int, float, bool)) or value is None:
            return value
        return self._clean(str(value))

    def record(self, kind: str, /, **details: Any) -> AuditEvent:
        time = self._clock()
        clean = self._clean(details)
        payload = json.dumps(clean, ensure_ascii=False, sort_keys=True)
        with self._lock:
            cursor = self._conn.execute(
                "INSERT INTO events(time, kind, details) VALUES (?, ?, ?)",
                (time.isoformat(), kind, payload),
            )
            event = AuditEvent(int(cursor.lastrowid or 0), time, kind, clean)
        logger.info("audit %s", kind)
        for listener in list(self._listeners):
            try:
                listener(event)
            except Exception:  # a listener must never break auditing
                logger.exception("audit listener failed for %s", kind)
        return event

    def query(self, since: dt.datetime | None = None, kinds: Iterable[str] | None = None,
              limit: int | None = None) -> list[AuditEvent]:
        sql = "SELECT id, time, kind, details FROM events"
        where, args = [], []
        if since is not None:
            if since.tzinfo is None:
                since = since.astimezone()
            where.append("time >= ?")
            args.append(since.astimezone(dt.UTC).isoformat())
        kinds = list(kinds or [])
        if kinds:
            where.append(f"kind IN ({','.join('?' * len(kinds))})")
            args.extend(kinds)
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY id"
        if limit:
            sql += f" LIMIT {int(limit)}"
        with self._lock:
            rows = self._conn.execute(sql, args).fetchall()
        return [AuditEvent(r[0], dt.datetime.fromisoformat(r[1]), r[2], json.loads(r[3])) for r in rows]

    def check_writable(self) -> None:
        """Raise when the store cannot take a write (used by the self-test)."""
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            self._conn.execute("ROLLBACK")

    def close(self) -> None:
        with self._lock:
            self._conn.close()

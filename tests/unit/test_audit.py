from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from assistant.audit import AuditLog
from tests.sqlite_contents import stored_text


def test_record_and_query(tmp_path: Path) -> None:
    log = AuditLog(tmp_path / "a.sqlite3", redactor=None)
    log.record("lock.locked", backend="loginctl")
    log.record("break.completed", kind="eye")
    events = log.query()
    assert [e.kind for e in events] == ["lock.locked", "break.completed"]
    assert events[0].as_json()["details"]["backend"] == "loginctl"
    assert log.query(kinds=["break.completed"])[0].details == {"kind": "eye"}
    future = dt.datetime.now(dt.UTC) + dt.timedelta(hours=1)
    assert log.query(since=future) == []


def test_append_only(tmp_path: Path) -> None:
    path = tmp_path / "a.sqlite3"
    AuditLog(path, redactor=None).record("x")
    conn = sqlite3.connect(path)
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        conn.execute("DELETE FROM events")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        conn.execute("UPDATE events SET kind = 'y'")


def test_wal_mode(tmp_path: Path) -> None:
    path = tmp_path / "a.sqlite3"
    AuditLog(path)
    assert sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_details_pass_through_the_redactor(tmp_path: Path) -> None:
    log = AuditLog(tmp_path / "a.sqlite3", redactor=lambda s: s.replace("secret", "******"))
    log.record("clipboard.found", note="a secret here", nested={"list": ["secret"]})
    [event] = log.query()
    assert event.details == {"note": "a ****** here", "nested": {"list": ["******"]}}
    assert (tmp_path / "a.sqlite3-wal").exists()  # the row is in the WAL: read through SQLite
    assert "secret" not in stored_text(tmp_path / "a.sqlite3")


def test_stored_text_sees_rows_still_in_the_wal(tmp_path: Path) -> None:
    """The check above can fail: without the redactor the word is found."""
    log = AuditLog(tmp_path / "a.sqlite3", redactor=None)
    log.record("clipboard.found", note="a secret here")
    assert "secret" in stored_text(tmp_path / "a.sqlite3")
    log.close()

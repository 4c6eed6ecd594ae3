"""What a SQLite database holds, including rows still in its write-ahead log (``-wal``).

Reading only the main file misses every row written since the last checkpoint, so an
assertion like "the raw number is not on disk" could never fail. ``stored_text`` reads every
table through SQLite (which sees the WAL), then checkpoints and adds the raw bytes of the
main file and of what is left of the WAL (freed pages keep old text too).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path


def stored_text(path: Path) -> str:
    connection = sqlite3.connect(path, timeout=10)
    try:
        rows = "\n".join(connection.iterdump())
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        connection.close()
    raw = b"".join(part.read_bytes() for part in (path, Path(f"{path}-wal")) if part.exists())
    return rows + "\n" + raw.decode("utf-8", errors="replace")

"""Reading and writing the user's own settings file without ever destroying a bad one."""

from __future__ import annotations

import datetime as dt
import logging
import os
import tomllib
from pathlib import Path
from typing import Any

import tomli_w

from assistant.settings.resolver import parse_toml

logger = logging.getLogger(__name__)


class UserSettingsFile:
    def __init__(self, path: Path) -> None:
        self.path = path

    def _load_raw(self) -> dict[str, Any] | None:
        """The file as TOML, {} when missing, None when it cannot be parsed."""
        try:
            return parse_toml(self.path.read_bytes().decode("utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            return None

    def update(self, changes: dict[tuple[str, str], Any], removals: set[tuple[str, str]] = frozenset()) -> Path | None:  # type: ignore[assignment]
        """Write ``changes`` into the file, keeping everything else it holds.

        A file that cannot be parsed is moved aside (``settings.toml.bad-<time>``) first, so it
        is never overwritten; the path it was moved to is returned.
        """
        raw = self._load_raw()
        moved_to = None
        if raw is None:
            stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
            moved_to = self.path.with_name(f"{self.path.name}.bad-{stamp}")
            os.replace(self.path, moved_to)
            logger.warning("unreadable settings file kept as %s", moved_to)
            raw = {}
        for (section, key), value in changes.items():
            raw.setdefault(section, {})[key] = value
        for section, key in removals:
            raw.get(section, {}).pop(key, None)
        raw = {section: table for section, table in raw.items() if table != {}}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(self.path.name + ".tmp")
        tmp.write_text(tomli_w.dumps(raw), encoding="utf-8")
        os.replace(tmp, self.path)
        return moved_to

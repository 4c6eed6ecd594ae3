"""Problems found in a settings or policy file, with enough detail to name file, line and key."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


class ProblemCode(str, enum.Enum):
    UNREADABLE = "unreadable"
    SYNTAX = "syntax"
    UNKNOWN_SECTION = "unknown_section"
    UNKNOWN_KEY = "unknown_key"
    WRONG_TYPE = "wrong_type"
    NOT_A_CHOICE = "not_a_choice"
    BAD_FORMAT = "bad_format"
    BELOW_MINIMUM = "below_minimum"
    ABOVE_MAXIMUM = "above_maximum"
    LOCKED_BY_POLICY = "locked_by_policy"
    ADMIN_ONLY = "admin_only"
    NOT_FINITE = "not_finite"
    BAD_ELEMENT = "bad_element"


_TEMPLATES = {
    ProblemCode.UNREADABLE: "cannot read the file: {error}",
    ProblemCode.SYNTAX: "not valid TOML: {error}",
    ProblemCode.UNKNOWN_SECTION: "unknown section [{section}]",
    ProblemCode.UNKNOWN_KEY: "unknown setting",
    ProblemCode.WRONG_TYPE: "expected {expected}, got {got!r}",
    ProblemCode.NOT_A_CHOICE: "{got!r} is not one of {choices}",
    ProblemCode.BAD_FORMAT: "{got!r} does not have the expected format ({pattern})",
    ProblemCode.BELOW_MINIMUM: "{got!r} is below the minimum {limit} ({why})",
    ProblemCode.ABOVE_MAXIMUM: "{got!r} is above the maximum {limit} ({why})",
    ProblemCode.LOCKED_BY_POLICY: "fixed by the administrator's policy to {limit!r}",
    ProblemCode.ADMIN_ONLY: "only the administrator's policy may set this",
    ProblemCode.NOT_FINITE: "{got!r} is not a finite number",
    ProblemCode.BAD_ELEMENT: "element {index} of the list: expected {expected}, got {got!r}",
}


@dataclass(frozen=True)
class Problem:
    code: ProblemCode
    file: Path | None = None
    line: int | None = None
    section: str | None = None
    key: str | None = None
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def where(self) -> str:
        parts = []
        if self.file is not None:
            parts.append(str(self.file))
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.section and self.key:
            parts.append(f"{self.section}.{self.key}")
        elif self.section:
            parts.append(f"[{self.section}]")
        elif self.key:
            parts.append(self.key)
        return ", ".join(parts)

    @property
    def reason(self) -> str:
        return _TEMPLATES[self.code].format(**self.params)

    def __str__(self) -> str:
        where = self.where
        return f"{where}: {self.reason}" if where else self.reason


_SYNTAX_LINE = re.compile(r"line (\d+)")


def syntax_line(error: Exception) -> int | None:
    match = _SYNTAX_LINE.search(str(error))
    return int(match.group(1)) if match else None


_HEADER = re.compile(r"^\s*\[\[?\s*([A-Za-z0-9_.-]+)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r"^\s*([A-Za-z0-9_-]+|\"[^\"]*\"|'[^']*')\s*=")


class LineIndex:
    """Where each ``[section]`` and ``key = ...`` starts, built in one pass over the text so
    that naming the line of any number of problems stays linear in the file's size."""

    def __init__(self, text: str) -> None:
        self._lines: dict[tuple[str, str | None], int] = {}
        current: str | None = None
        for number, line in enumerate(text.splitlines(), start=1):
            match = _HEADER.match(line)
            if match:
                current = match.group(1)
                self._lines.setdefault((current, None), number)
                parts = current.split(".")
                self._lines.setdefault((parts[0], None), number)
                for depth in range(1, len(parts)):  # [section.key...] holds a table for section.key
                    self._lines.setdefault((".".join(parts[:depth]), parts[depth]), number)
                continue
            if current is None:
                continue
            key_match = _KEY.match(line)
            if key_match:
                self._lines.setdefault((current, key_match.group(1).strip("\"'")), number)

    def find(self, section: str, key: str | None = None) -> int | None:
        return self._lines.get((section, key))


def find_line(text: str, section: str, key: str | None = None) -> int | None:
    """Line number (1-based) of ``[section]`` or of ``key = ...`` inside it, if present."""
    return LineIndex(text).find(section, key)

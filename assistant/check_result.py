"""One line of ``--self-test``: a check's name, whether it passed, and what it found."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class CheckResult:
    name: str
    ok: bool
    detail: str
    essential: bool = True

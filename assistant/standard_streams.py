"""Standard streams for a windowed executable.

A windowed program on Windows (``pythonw.exe``, or the frozen ``safety-assistant.exe`` built
with ``console=False``) starts with ``sys.stdin``, ``sys.stdout`` and ``sys.stderr`` set to
None. Then ``print`` raises AttributeError, and ``safety-assistant.exe panic`` called by a foot
pedal's tool would die before it sends the alarm. Output that has nowhere to go is dropped;
the exit code still tells the caller how it went.
"""

from __future__ import annotations

import os
import sys


def ensure_standard_streams() -> list[str]:
    """Point every missing standard stream at the null device; returns the names replaced."""
    replaced = []
    for name, mode in (("stdin", "r"), ("stdout", "w"), ("stderr", "w")):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, mode, encoding="utf-8"))  # noqa: SIM115 (process lifetime)
            replaced.append(name)
    return replaced

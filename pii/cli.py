"""``safety-assistant scan [FILE|-] [--json] [--mask]``: report identifiers in a file.

Only masked values are ever printed.  Exit status: 1 when something was found, 0
when the text is clean, 2 when the input could not be read.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import TextIO

from pii.findings import Finding
from pii.masking import mask_text
from pii.scanner import scan

logger = logging.getLogger(__name__)

EXIT_CLEAN = 0
EXIT_FOUND = 1
EXIT_ERROR = 2
STDIN_NAMES = (None, "-")


class _InputError(Exception):
    """The input could not be read; the message names it."""


def _decode(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise _InputError(
            f"{name}: not valid UTF-8 (byte {error.start}: {error.reason})"
        ) from error


def _read_stdin(stdin: TextIO) -> str:
    buffer = getattr(stdin, "buffer", None)
    if buffer is not None:
        return _decode(buffer.read(), "<stdin>")
    try:
        return stdin.read()
    except UnicodeDecodeError as error:
        raise _InputError(f"<stdin>: not valid UTF-8 ({error.reason})") from error
    except OSError as error:
        raise _InputError(f"<stdin>: cannot read: {error.strerror or error}") from error


def _read_file(source: str) -> str:
    path = Path(source)
    try:
        data = path.read_bytes()
    except FileNotFoundError as error:
        raise _InputError(f"{source}: no such file") from error
    except IsADirectoryError as error:
        raise _InputError(f"{source}: is a directory") from error
    except PermissionError as error:
        raise _InputError(f"{source}: permission denied") from error
    except OSError as error:
        raise _InputError(f"{source}: cannot read: {error.strerror or error}") from error
    return _decode(data, source)


def format_finding(finding: Finding) -> str:
    """One plain-text line: kind, span, masked value, confidence."""
    return (
        f"{finding.kind.value:<14}  {finding.start}-{finding.end}  {finding.masked}  "
        f"(confidence {finding.confidence:.2f})"
    )


def finding_as_json(finding: Finding) -> str:
    return json.dumps(
        {
            "kind": finding.kind.value,
            "start": finding.start,
            "end": finding.end,
            "masked": finding.masked,
            "confidence": round(finding.confidence, 2),
        },
        ensure_ascii=False,
    )


def scan_command(
    source: str | None,
    as_json: bool,
    mask: bool,
    stdin: TextIO,
    stdout: TextIO,
    stderr: TextIO,
) -> int:
    """Scan ``source`` (a path, or stdin for None / "-") and print masked results."""
    try:
        text = _read_stdin(stdin) if source in STDIN_NAMES else _read_file(str(source))
    except _InputError as error:
        stderr.write(f"safety-assistant scan: {error}\n")
        return EXIT_ERROR
    findings = scan(text)
    logger.info("scan of %s: %d finding(s)", source or "<stdin>", len(findings))
    if mask:
        stdout.write(mask_text(text, findings))
    elif as_json:
        stdout.writelines(finding_as_json(finding) + "\n" for finding in findings)
    else:
        stdout.writelines(format_finding(finding) + "\n" for finding in findings)
    return EXIT_FOUND if findings else EXIT_CLEAN

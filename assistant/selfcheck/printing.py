"""Is a print job of this user still waiting? ("打印后应立即取走文件")

CUPS (Linux, macOS): ``lpstat -o`` lists the jobs not yet completed, filtered here by user.
Windows: the spooler through PowerShell ``Get-PrintJob``. Only job ids and printer names
are kept, never document titles (they may name a customer). A missing ``lpstat`` or a
scheduler that is not running means "cannot tell", which is not a failure.
"""

from __future__ import annotations

import getpass
import json
import logging
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from assistant.capability import Capability
from assistant.platform_flags import IS_WINDOWS
from assistant.selfcheck.items import ItemKey, ItemResult, Outcome, Reason

logger = logging.getLogger(__name__)

TOOL_TIMEOUT_S = 10.0
Runner = Callable[..., "subprocess.CompletedProcess[bytes]"]


@dataclass(frozen=True)
class PrintJob:
    job_id: str
    user: str
    printer: str = ""


class PrintQueue(Protocol):
    name: str
    capability: Capability  # what it can do here; why not, after a failed call

    def waiting_jobs(self, user: str) -> list[PrintJob] | None:
        """Jobs of ``user`` not yet printed; None when this machine cannot tell."""
        ...


def parse_lpstat_jobs(text: str) -> list[PrintJob]:
    """``lpstat -o`` lines: ``<printer>-<id>  <user>  <size>  <date…>``."""
    jobs = []
    for line in text.splitlines():
        parts = line.split()
        if len(parts) < 2:
            continue
        job_id, user = parts[0], parts[1]
        printer = job_id.rsplit("-", 1)[0] if "-" in job_id else ""
        jobs.append(PrintJob(job_id, user, printer))
    return jobs


class CupsPrintQueue:
    """CUPS through ``lpstat -o`` (CUPS_SERVER and friends are taken from the environment)."""

    name = "cups"

    def __init__(self, lpstat: str = "lpstat", run: Runner = subprocess.run,
                 which: Callable[[str], str | None] = shutil.which) -> None:
        self.lpstat = lpstat
        self._run = run
        self._which = which
        self.capability = Capability.works()

    def waiting_jobs(self, user: str) -> list[PrintJob] | None:
        path = self._which(self.lpstat)
        if path is None:
            self.capability = Capability.missing("lpstat (CUPS client)")
            return None
        try:
            result = self._run([path, "-o"], capture_output=True, timeout=TOOL_TIMEOUT_S)
        except (OSError, subprocess.SubprocessError) as exc:
            self.capability = Capability.missing(f"lpstat ({type(exc).__name__})")
            return None
        error = result.stderr.decode(errors="replace").strip()
        if result.returncode != 0:
            if "no destinations" in error.lower():
                return []  # no printer at all: nothing can be waiting
            self.capability = Capability.missing(f"a running CUPS scheduler ({error[:120] or result.returncode})")
            logger.info("lpstat -o failed: %s", error or result.returncode)
            return None
        jobs = parse_lpstat_jobs(result.stdout.decode(errors="replace"))
        return [j for j in jobs if j.user == user]


_POWERSHELL_JOBS = (
    "$ErrorActionPreference='Stop'; "
    "@(Get-Printer | ForEach-Object { Get-PrintJob -PrinterName $_.Name } | "
    "Where-Object { $_.UserName -eq $env:USERNAME } | "
    "Select-Object Id, UserName, PrinterName) | ConvertTo-Json -Compress"
)


class WindowsPrintQueue:
    """The Windows spooler through PowerShell's PrintManagement module."""

    name = "spooler"

    def __init__(self, run: Runner = subprocess.run, oem: str = "oem") -> None:
        self._run = run
        self._oem = oem  # the console code page PowerShell 5.1 writes in
        self.capability = Capability.works()

    def waiting_jobs(self, user: str) -> list[PrintJob] | None:
        try:
            result = self._run(["powershell", "-NoProfile", "-NonInteractive", "-Command",
                                _POWERSHELL_JOBS], capture_output=True, timeout=TOOL_TIMEOUT_S * 2)
        except (OSError, subprocess.SubprocessError) as exc:
            self.capability = Capability.missing(f"PowerShell ({type(exc).__name__})")
            return None
        if result.returncode != 0:
            self.capability = Capability.missing("PowerShell Get-PrintJob")
            return None
        try:
            return parse_powershell_jobs(decode_console_output(result.stdout, self._oem), user)
        except ValueError:
            self.capability = Capability.missing("PowerShell Get-PrintJob (unreadable output)")
            return None


def decode_console_output(raw: bytes, oem: str = "oem") -> str:
    """PowerShell 5.1 writes redirected output in the console's OEM code page (cp936 on
    Chinese Windows), not UTF-8. UTF-8 is tried first (PowerShell 7, or ASCII only), then the
    OEM code page (Python's ``oem`` codec exists only on Windows; tests pass ``cp936``)."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode(oem)
    except (LookupError, UnicodeDecodeError):
        return raw.decode("utf-8", errors="replace")


def parse_powershell_jobs(text: str, user: str) -> list[PrintJob]:
    """The jobs of ``user`` in ConvertTo-Json output; ValueError when it is not JSON."""
    text = text.strip()
    if not text:
        return []
    data = json.loads(text)  # json.JSONDecodeError is a ValueError
    rows = data if isinstance(data, list) else [data]
    return [PrintJob(str(r.get("Id", "")), str(r.get("UserName", "")), str(r.get("PrinterName", "")))
            for r in rows if isinstance(r, dict) and str(r.get("UserName", "")) == user]


def create_print_queue() -> PrintQueue:
    return WindowsPrintQueue() if IS_WINDOWS else CupsPrintQueue()


def current_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001  (no login name in some containers: cannot filter)
        return ""


class PrintQueueProbe:
    key = ItemKey.PRINT_QUEUE

    def __init__(self, queue: PrintQueue, user: str | None = None) -> None:
        self.queue = queue
        self.user = user if user is not None else current_user()

    def check(self) -> ItemResult:
        name = self.key.value
        jobs = self.queue.waiting_jobs(self.user)
        if jobs is None:
            missing = self.queue.capability.reason or self.queue.name
            return ItemResult(name, Outcome.UNKNOWN, Reason.PRINT_QUEUE_UNKNOWN,
                              f"the print queue cannot be read here (needs {missing})")
        if not jobs:
            return ItemResult(name, Outcome.PASSED, Reason.NO_PRINT_JOBS,
                              "no print job of yours is waiting")
        subjects = tuple(j.job_id for j in jobs)
        return ItemResult(name, Outcome.FAILED, Reason.PRINT_JOBS_WAITING,
                          f"{len(jobs)} print job(s) waiting: {', '.join(subjects)}", subjects)

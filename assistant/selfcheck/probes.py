"""The automatic checks of one self-check, built from the settings, and run together.

Each probe is behind a platform protocol (clipboard, removable drives, print queue,
window list); ``build_probes`` picks this machine's implementations unless the caller
hands in its own (the tray app passes its Qt clipboard, tests pass fakes).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Protocol

from assistant.selfcheck.app_windows import (
    CustomerAppsProbe,
    WindowCloser,
    WindowLister,
    create_window_lister,
)
from assistant.selfcheck.clipboard import ClipboardProbe, ClipboardText, create_clipboard_text
from assistant.selfcheck.items import ItemKey, ItemResult, Outcome, Reason, checklist
from assistant.selfcheck.printing import PrintQueue, PrintQueueProbe, create_print_queue
from assistant.selfcheck.removable import (
    DriveEjector,
    RemovableDrives,
    RemovableStorageProbe,
    create_drive_ejector,
    create_removable_drives,
)
from assistant.settings.model import Settings

logger = logging.getLogger(__name__)

PROBE_TIMEOUT_S = 20.0  # all probes together stay well under the half minute


class Probe(Protocol):
    key: ItemKey

    def check(self) -> ItemResult: ...


class FixableProbe(Probe, Protocol):
    def fix(self) -> bool: ...


@dataclass
class Platform:
    """The platform services the probes use; None means "this machine's default"."""

    clipboard: ClipboardText | None = None
    drives: RemovableDrives | None = None
    ejector: DriveEjector | None = None
    print_queue: PrintQueue | None = None
    windows: WindowLister | None = None
    window_closer: WindowCloser | None = None


def build_probes(settings: Settings, end_of_shift: bool, platform: Platform | None = None) -> list[Probe]:
    """One probe per automatic item of this self-check, in checklist order."""
    platform = platform or Platform()
    wanted = {i.name for i in checklist(end_of_shift)}
    probes: list[Probe] = []
    if ItemKey.CLIPBOARD.value in wanted:
        probes.append(ClipboardProbe(platform.clipboard or create_clipboard_text(),
                                     settings.clipboard.kinds))
    if ItemKey.REMOVABLE_STORAGE.value in wanted:
        probes.append(RemovableStorageProbe(platform.drives or create_removable_drives(),
                                            platform.ejector or create_drive_ejector()))
    if ItemKey.PRINT_QUEUE.value in wanted:
        probes.append(PrintQueueProbe(platform.print_queue or create_print_queue()))
    if ItemKey.CUSTOMER_APPS.value in wanted:
        lister = platform.windows or create_window_lister()
        closer = platform.window_closer
        if closer is None and hasattr(lister, "close"):
            closer = lister  # type: ignore[assignment]
        probes.append(CustomerAppsProbe(lister, settings.selfcheck.customer_app_patterns, closer))
    return probes


def safe_check(probe: Probe) -> ItemResult:
    """A probe that raises gives "cannot tell", never a crash of the whole check."""
    try:
        return probe.check()
    except Exception as exc:
        logger.exception("self-check probe %s failed", probe.key.value)
        return ItemResult(probe.key.value, Outcome.UNKNOWN, Reason.PROBE_FAILED,
                          f"the check failed ({type(exc).__name__})")


def run_probes(probes: Sequence[Probe], timeout_s: float = PROBE_TIMEOUT_S) -> list[ItemResult]:
    """Run the probes in parallel (they wait on subprocesses); results in probe order."""
    if not probes:
        return []
    pool = ThreadPoolExecutor(max_workers=len(probes), thread_name_prefix="selfcheck")
    try:
        futures = [pool.submit(safe_check, p) for p in probes]
        results = []
        for probe, future in zip(probes, futures):
            try:
                results.append(future.result(timeout=timeout_s))
            except TimeoutError:
                results.append(ItemResult(probe.key.value, Outcome.UNKNOWN, Reason.PROBE_FAILED,
                                          "the check took too long"))
        return results
    finally:
        pool.shutdown(wait=False, cancel_futures=True)  # a hung probe must not hold us up


def all_ok(results: Iterable[ItemResult]) -> bool:
    return all(r.ok for r in results)

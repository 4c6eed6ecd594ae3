"""The clipboard guard's decisions, without Qt.

The Qt adapter (``ui/clipboard``) reads the system clipboard and hands its text to a
:class:`ClipboardGuardCore`, which says whether to scan it (or skip it as the guard's own
write, an unchanged re-announcement, or nothing), and, once a scan finished off the GUI
thread, what the policy wants done: warn, mask at once, or clear after a while. Raw
clipboard text lives only in memory; what leaves this package (summaries, audit details)
holds kinds, masked values and counts.
"""

from assistant.clipboard.clear_schedule import ClearSchedule, ClearVerdict
from assistant.clipboard.content import ClipboardContent, ContentFingerprinter
from assistant.clipboard.day_counts import DailyCounts, GuardCounter
from assistant.clipboard.debounce import ChangeDebouncer
from assistant.clipboard.guard_core import (
    ChangeVerdict,
    ClipboardGuardCore,
    GuardStep,
    Observation,
    Response,
    ScanTicket,
)
from assistant.clipboard.html_masking import mask_html
from assistant.clipboard.inspection import FindingSummary, Inspection, inspect_content
from assistant.clipboard.policy import ClipboardAction, ClipboardPolicy

__all__ = [
    "ChangeDebouncer",
    "ChangeVerdict",
    "ClearSchedule",
    "ClearVerdict",
    "ClipboardAction",
    "ClipboardContent",
    "ClipboardGuardCore",
    "ClipboardPolicy",
    "ContentFingerprinter",
    "DailyCounts",
    "FindingSummary",
    "GuardCounter",
    "GuardStep",
    "Inspection",
    "Observation",
    "Response",
    "ScanTicket",
    "inspect_content",
    "mask_html",
]

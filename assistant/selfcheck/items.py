"""The self-check's items and their results: the training's rules for leaving the desk.

"离岗安全措施" (short absence): lock the computer, put paper away or face down, no customer
information on screen, collect printouts at once, leave no USB drive. "下班离场前,应进行最后一轮
检查" (end of shift) adds: close the applications, equipment off, files archived, windows
closed, valuables locked. The machine checks what it can tell (clipboard, removable drives,
the print queue, customer-data windows); the agent confirms the rest.

The core speaks in keys and reasons; ``detail`` is a short English sentence for the CLI and
the audit log, and the UI builds its own translated text from ``reason`` and ``subjects``.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field

logger = logging.getLogger(__name__)


class ItemKey(str, enum.Enum):
    """The built-in items. Names are stable: the relay and the audit log show them."""

    CLIPBOARD = "clipboard"
    REMOVABLE_STORAGE = "removable_storage"
    PRINT_QUEUE = "print_queue"
    CUSTOMER_APPS = "customer_apps"
    PAPER_AWAY = "paper_away"
    PRINTOUTS_COLLECTED = "printouts_collected"
    VALUABLES_LOCKED = "valuables_locked"
    APPLICATIONS_CLOSED = "applications_closed"
    EQUIPMENT_OFF = "equipment_off"
    FILES_ARCHIVED = "files_archived"
    WINDOWS_CLOSED = "windows_closed"
    SCREEN_LOCKED = "screen_locked"

    def __str__(self) -> str:
        return self.value


class ItemKind(enum.Enum):
    AUTOMATIC = "automatic"  # the machine checks it
    MANUAL = "manual"  # the agent confirms it


class Outcome(str, enum.Enum):
    PASSED = "passed"
    FAILED = "failed"
    UNKNOWN = "unknown"  # the machine cannot tell here (a tool is missing): not a failure
    PENDING = "pending"  # not checked or not confirmed yet

    @property
    def ok(self) -> bool:
        return self in (Outcome.PASSED, Outcome.UNKNOWN)


class Reason(str, enum.Enum):
    """Why an item has its outcome; the UI turns each into a translated sentence."""

    CLIPBOARD_CLEAN = "clipboard_clean"
    CLIPBOARD_HAS_IDENTIFIER = "clipboard_has_identifier"
    CLIPBOARD_UNREADABLE = "clipboard_unreadable"
    NO_REMOVABLE_DRIVE = "no_removable_drive"
    REMOVABLE_MOUNTED = "removable_mounted"
    REMOVABLE_PLUGGED_IN = "removable_plugged_in"
    REMOVABLE_UNKNOWN = "removable_unknown"
    NO_PRINT_JOBS = "no_print_jobs"
    PRINT_JOBS_WAITING = "print_jobs_waiting"
    PRINT_QUEUE_UNKNOWN = "print_queue_unknown"
    NO_CUSTOMER_APPS = "no_customer_apps"
    CUSTOMER_APPS_OPEN = "customer_apps_open"
    NO_CUSTOMER_APP_PATTERNS = "no_customer_app_patterns"
    WINDOWS_UNKNOWN = "windows_unknown"
    CONFIRMED = "confirmed"
    NOT_CONFIRMED = "not_confirmed"
    LOCKED = "locked"
    NOT_LOCKED = "not_locked"
    CHECKING = "checking"
    PROBE_FAILED = "probe_failed"


class Fix(enum.Enum):
    """A one-click remedy the dialog can offer for a failed automatic item."""

    CLEAR_CLIPBOARD = "clear_clipboard"
    EJECT_DRIVES = "eject_drives"
    CLOSE_WINDOWS = "close_windows"


@dataclass(frozen=True)
class CheckItem:
    """One line of the checklist. ``name`` is the ItemKey value, or ``extra:<text>`` for
    an item the policy added (``[selfcheck] extra_items``)."""

    name: str
    kind: ItemKind
    text: str = ""  # the policy's own wording, for extra items

    @property
    def key(self) -> ItemKey | None:
        try:
            return ItemKey(self.name)
        except ValueError:
            return None


@dataclass(frozen=True)
class ItemResult:
    """The state of one item. ``subjects`` are already masked (identifier kinds, mount
    points, masked window titles) and safe to show, log and send."""

    name: str
    outcome: Outcome
    reason: Reason
    detail: str
    subjects: tuple[str, ...] = ()
    fix: Fix | None = None

    @property
    def ok(self) -> bool:
        return self.outcome.ok

    def as_record(self) -> dict[str, object]:
        """The audit/relay form: name, ok, detail (masked, no raw data)."""
        return {"name": self.name, "ok": self.ok, "detail": self.detail}


AUTOMATIC_SHORT = (ItemKey.CLIPBOARD, ItemKey.REMOVABLE_STORAGE, ItemKey.PRINT_QUEUE)
AUTOMATIC_END_OF_SHIFT = (*AUTOMATIC_SHORT, ItemKey.CUSTOMER_APPS)
MANUAL_SHORT = (ItemKey.PAPER_AWAY, ItemKey.PRINTOUTS_COLLECTED, ItemKey.VALUABLES_LOCKED)
MANUAL_END_OF_SHIFT = (
    *MANUAL_SHORT,
    ItemKey.APPLICATIONS_CLOSED,
    ItemKey.EQUIPMENT_OFF,
    ItemKey.FILES_ARCHIVED,
    ItemKey.WINDOWS_CLOSED,
)
EXTRA_PREFIX = "extra:"
_EXTRA_NAME_CHARS = 32


def extra_item(text: str) -> CheckItem:
    """An item the policy added. Its name carries the text (commas would split the relay's
    list of failed items, so they become spaces)."""
    clean = " ".join(text.replace(",", " ").replace(",", " ").split())
    return CheckItem(EXTRA_PREFIX + clean[:_EXTRA_NAME_CHARS], ItemKind.MANUAL, text.strip())


def checklist(end_of_shift: bool, extra_items: Sequence[str] = ()) -> list[CheckItem]:
    """The items of one self-check, automatic first, in the order the dialog shows them.

    Customer-data windows are checked for a long absence only (the end of the shift), as
    the training asks ("长时间离开时,应关闭所有应用程序").
    """
    automatic = AUTOMATIC_END_OF_SHIFT if end_of_shift else AUTOMATIC_SHORT
    manual = MANUAL_END_OF_SHIFT if end_of_shift else MANUAL_SHORT
    items = [CheckItem(k.value, ItemKind.AUTOMATIC) for k in automatic]
    items += [CheckItem(k.value, ItemKind.MANUAL) for k in manual]
    seen = {i.name for i in items}
    for text in extra_items:
        if not isinstance(text, str) or not text.strip():
            continue
        item = extra_item(text)
        if item.name not in seen:
            seen.add(item.name)
            items.append(item)
    return items


def manual_result(item: CheckItem, confirmed: bool) -> ItemResult:
    if confirmed:
        return ItemResult(item.name, Outcome.PASSED, Reason.CONFIRMED, "confirmed by the agent")
    return ItemResult(item.name, Outcome.FAILED, Reason.NOT_CONFIRMED, "not confirmed")


def pending_result(item: CheckItem) -> ItemResult:
    if item.kind is ItemKind.MANUAL:
        return ItemResult(item.name, Outcome.PENDING, Reason.NOT_CONFIRMED, "not confirmed")
    return ItemResult(item.name, Outcome.PENDING, Reason.CHECKING, "not checked yet")


def lock_result(locked: bool, backend: str | None = None) -> ItemResult:
    if locked:
        detail = f"locked by {backend}" if backend else "locked"
        return ItemResult(ItemKey.SCREEN_LOCKED.value, Outcome.PASSED, Reason.LOCKED, detail)
    return ItemResult(ItemKey.SCREEN_LOCKED.value, Outcome.FAILED, Reason.NOT_LOCKED,
                      "the screen was not locked")


@dataclass
class ChecklistState:
    """The items of one self-check and their current results (no Qt, no I/O)."""

    items: list[CheckItem]
    results: dict[str, ItemResult] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for item in self.items:
            self.results.setdefault(item.name, pending_result(item))

    def item(self, name: str) -> CheckItem:
        for item in self.items:
            if item.name == name:
                return item
        raise KeyError(name)

    def set_result(self, result: ItemResult) -> None:
        if result.name not in self.results:
            raise KeyError(result.name)
        self.results[result.name] = result

    def confirm(self, name: str, confirmed: bool) -> None:
        item = self.item(name)
        if item.kind is not ItemKind.MANUAL:
            raise ValueError(f"{name} is checked automatically")
        self.set_result(manual_result(item, confirmed))

    def ordered(self) -> list[ItemResult]:
        return [self.results[i.name] for i in self.items]

    @property
    def all_passed(self) -> bool:
        return all(r.outcome.ok for r in self.results.values())

    @property
    def checking(self) -> bool:
        return any(r.reason is Reason.CHECKING for r in self.results.values())

    def final_results(self) -> list[ItemResult]:
        """Results as recorded: an item still pending counts as not done."""
        final = []
        for item in self.items:
            result = self.results[item.name]
            if result.outcome is Outcome.PENDING:
                result = ItemResult(result.name, Outcome.FAILED, result.reason,
                                    "not confirmed" if item.kind is ItemKind.MANUAL
                                    else "not checked")
            final.append(result)
        return final

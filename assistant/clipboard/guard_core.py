"""The clipboard guard's state machine: what to scan, and what to do with a scan's result.

The Qt adapter calls, in order:

* :meth:`ClipboardGuardCore.observe` with the content after a (debounced) change: it says
  whether to scan it (with a :class:`ScanTicket`) or why not (the guard's own write, the same
  content announced again, an empty clipboard, the guard is off);
* :meth:`ClipboardGuardCore.resolve` with the ticket and the scan's :class:`Inspection`,
  when the scan is done: the :class:`Response` the policy asks for, or None when a newer
  change superseded that scan;
* :meth:`record_masked` after writing the masked content (so that write is not scanned),
  :meth:`take_pending_mask` / :meth:`keep_pending` for the warning's two buttons, and
  :meth:`check_clear` when the clear timer fires.
"""

from __future__ import annotations

import enum
import logging
from collections import deque
from dataclasses import dataclass

from assistant.clipboard.clear_schedule import ClearSchedule, ClearVerdict
from assistant.clipboard.content import ClipboardContent, ContentFingerprinter
from assistant.clipboard.day_counts import DailyCounts, GuardCounter
from assistant.clipboard.inspection import FindingSummary, Inspection
from assistant.clipboard.policy import ClipboardAction, ClipboardPolicy
from assistant.clock import Clock

logger = logging.getLogger(__name__)

OWN_WRITES_REMEMBERED = 8


class ChangeVerdict(str, enum.Enum):
    SCAN = "scan"
    OWN_WRITE = "own_write"
    UNCHANGED = "unchanged"
    EMPTY = "empty"
    DISABLED = "disabled"


class Response(str, enum.Enum):
    NOTHING = "nothing"
    WARN = "warn"
    MASK = "mask"
    SCHEDULE_CLEAR = "schedule_clear"


@dataclass(frozen=True)
class ScanTicket:
    """Identifies one scan; only the newest ticket's result is acted on."""

    generation: int
    fingerprint: str


@dataclass(frozen=True)
class Observation:
    verdict: ChangeVerdict
    ticket: ScanTicket | None = None
    warning_withdrawn: bool = False
    clear_cancelled: bool = False


@dataclass(frozen=True)
class GuardStep:
    response: Response
    ticket: ScanTicket
    inspection: Inspection

    @property
    def summary(self) -> FindingSummary | None:
        return self.inspection.summary


@dataclass(frozen=True)
class _PendingWarning:
    fingerprint: str
    inspection: Inspection


_RESPONSES = {
    ClipboardAction.WARN: Response.WARN,
    ClipboardAction.MASK: Response.MASK,
    ClipboardAction.CLEAR: Response.SCHEDULE_CLEAR,
}


class ClipboardGuardCore:
    def __init__(self, policy: ClipboardPolicy, clock: Clock,
                 fingerprinter: ContentFingerprinter | None = None) -> None:
        self._policy = policy
        self.clock = clock
        self.fingerprint = fingerprinter or ContentFingerprinter()
        self.counts = DailyCounts(clock)
        self.clear_schedule = ClearSchedule(clock)
        self._generation = 0
        self._current: str | None = None  # fingerprint of what the clipboard holds now
        self._own_writes: deque[str] = deque(maxlen=OWN_WRITES_REMEMBERED)
        self._pending: _PendingWarning | None = None
        self.scans_started = 0

    # -- policy -------------------------------------------------------------------------
    @property
    def policy(self) -> ClipboardPolicy:
        return self._policy

    def set_policy(self, policy: ClipboardPolicy) -> None:
        """Apply new settings. Turning the guard off, or away from an action, drops what that
        action had pending; content already seen is scanned again under the new policy."""
        old = self._policy
        self._policy = policy
        if not policy.enabled or policy.action is not ClipboardAction.CLEAR:
            self.clear_schedule.cancel()
        if not policy.enabled or policy.action is not ClipboardAction.WARN:
            self._pending = None
        if policy != old:
            self._current = None
            self._generation += 1  # results of scans under the old policy are dropped

    # -- changes and scans --------------------------------------------------------------
    def observe(self, content: ClipboardContent) -> Observation:
        """The clipboard now holds ``content``: scan it or say why not."""
        had_warning = self._pending is not None
        had_clear = self.clear_schedule.armed
        fingerprint = None if content.empty else self.fingerprint(content)
        previous, self._current = self._current, fingerprint
        if self._pending is not None and self._pending.fingerprint != fingerprint:
            self._pending = None
        if self.clear_schedule.armed and self.clear_schedule.fingerprint != fingerprint:
            self.clear_schedule.cancel()
        withdrawn = had_warning and self._pending is None
        cancelled = had_clear and not self.clear_schedule.armed

        def result(verdict: ChangeVerdict, ticket: ScanTicket | None = None) -> Observation:
            return Observation(verdict, ticket, withdrawn, cancelled)

        if fingerprint is None:
            self._generation += 1
            return result(ChangeVerdict.EMPTY)
        if not self._policy.enabled:
            return result(ChangeVerdict.DISABLED)
        if fingerprint in self._own_writes:
            self._generation += 1
            return result(ChangeVerdict.OWN_WRITE)
        if fingerprint == previous:
            return result(ChangeVerdict.UNCHANGED)
        self._generation += 1
        self.scans_started += 1
        return result(ChangeVerdict.SCAN, ScanTicket(self._generation, fingerprint))

    def is_current(self, ticket: ScanTicket) -> bool:
        return ticket.generation == self._generation

    def resolve(self, ticket: ScanTicket, inspection: Inspection) -> GuardStep | None:
        """What to do now that ``ticket``'s scan is done; None when it was superseded."""
        if not self.is_current(ticket) or ticket.fingerprint != self._current:
            logger.debug("clipboard: scan %d superseded", ticket.generation)
            return None
        if not inspection.found or not self._policy.enabled:
            return GuardStep(Response.NOTHING, ticket, inspection)
        self.counts.add(GuardCounter.FOUND)
        response = _RESPONSES[self._policy.action]
        if response is Response.WARN:
            self._pending = _PendingWarning(ticket.fingerprint, inspection)
        elif response is Response.SCHEDULE_CLEAR:
            self.clear_schedule.arm(ticket.fingerprint, self._policy.clear_after_s)
        return GuardStep(response, ticket, inspection)

    # -- acting -------------------------------------------------------------------------
    def record_masked(self, written: ClipboardContent) -> None:
        """The adapter put ``written`` (the masked content) on the clipboard."""
        self.note_own_write(written)
        self.counts.add(GuardCounter.MASKED)

    def note_own_write(self, written: ClipboardContent) -> None:
        if not written.empty:
            self._own_writes.append(self.fingerprint(written))

    def record_cleared(self) -> None:
        self.clear_schedule.cancel()
        self._pending = None
        self.counts.add(GuardCounter.CLEARED)

    @property
    def pending_warning(self) -> FindingSummary | None:
        return self._pending.inspection.summary if self._pending is not None else None

    def take_pending_mask(self, current: ClipboardContent) -> Inspection | None:
        """"Mask now": the warned content's inspection, if the clipboard still holds it."""
        pending, self._pending = self._pending, None
        if pending is None or current.empty or self.fingerprint(current) != pending.fingerprint:
            return None
        return pending.inspection

    def keep_pending(self) -> FindingSummary | None:
        """"Keep": forget the warning; the same content is not warned about again."""
        pending, self._pending = self._pending, None
        return pending.inspection.summary if pending is not None else None

    def check_clear(self, current: ClipboardContent) -> ClearVerdict:
        fingerprint = None if current.empty else self.fingerprint(current)
        return self.clear_schedule.check(fingerprint)

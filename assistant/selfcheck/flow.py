"""One self-check from opening to its record, without Qt.

The flow knows which automatic check runs (and which of its runs counts when one is started
again), the agent's confirmations, whether "Lock and go" may be pressed, the lock under way,
and writes the result once, as ``selfcheck.completed``, whether the agent locked or closed
the check without completing it. The dialog (``ui.selfcheck.dialog``) shows it and runs the
probes and fixes on worker threads.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Callable, Sequence

from assistant.audit import AuditLog
from assistant.selfcheck.items import (
    ChecklistState,
    Fix,
    ItemKind,
    ItemResult,
    Outcome,
    Reason,
    checklist,
)
from assistant.selfcheck.probes import Probe, safe_check
from assistant.selfcheck.report import Ending, SelfCheckReport, Trigger, record_selfcheck

logger = logging.getLogger(__name__)

#: Windows close asynchronously: after "Close windows" look again twice (seconds after).
CLOSE_RECHECK_S = (0.7, 2.5)


class FlowStatus(enum.Enum):
    CHECKING = "checking"  # an automatic check is still running
    OPEN = "open"  # some items are not done
    READY = "ready"  # everything is in order: "Lock and go"
    LOCKING = "locking"  # waiting for the lock's answer


class SelfCheckFlow:
    def __init__(self, audit: AuditLog, *, end_of_shift: bool, trigger: Trigger,
                 probes: Sequence[Probe], extra_items: Sequence[str] = ()) -> None:
        self.audit = audit
        self.end_of_shift = end_of_shift
        self.trigger = trigger
        self.state = ChecklistState(checklist(end_of_shift, extra_items))
        self.probes: dict[str, Probe] = {str(p.key.value): p for p in probes
                                         if p.key.value in self.state.results}
        self.report: SelfCheckReport | None = None
        self.locking = False
        self._generation: dict[str, int] = {}

    # -- automatic checks ---------------------------------------------------------------
    def begin_check(self, name: str) -> int:
        """Mark ``name`` as being checked; returns the run's number for ``accept``."""
        generation = self._generation.get(name, 0) + 1
        self._generation[name] = generation
        self.state.set_result(ItemResult(name, Outcome.PENDING, Reason.CHECKING, "checking"))
        return generation

    def on_gui_thread(self, name: str) -> bool:
        """Whether the probe must run on the GUI thread (Qt's clipboard)."""
        return bool(getattr(self.probes[name], "needs_gui_thread", False))

    def run_check(self, name: str) -> ItemResult:
        """Run the probe (on any thread); a probe that raises gives "cannot tell"."""
        return safe_check(self.probes[name])

    def accept(self, result: ItemResult, generation: int) -> bool:
        """Take a probe's result; False for an older run of a check started again."""
        if self._generation.get(result.name) != generation:
            return False
        self.state.set_result(result)
        if not self.state.checking:
            failed = self.failed_automatic()
            logger.info("self-check: automatic checks done (%s)",
                        "failed: " + ", ".join(failed) if failed else "all passed")
        return True

    def failed_automatic(self) -> list[str]:
        return [r.name for r in self.state.results.values()
                if r.outcome is Outcome.FAILED
                and self.state.item(r.name).kind is ItemKind.AUTOMATIC]

    # -- fixes ----------------------------------------------------------------------------
    def fixer(self, name: str) -> Callable[[], object] | None:
        fixer: Callable[[], object] | None = getattr(self.probes.get(name), "fix", None)
        return fixer

    def run_fix(self, name: str) -> bool:
        """Run the one-click fix (on any thread); False when it failed or there is none."""
        fixer = self.fixer(name)
        if fixer is None:
            return False
        try:
            return bool(fixer())
        except Exception:
            logger.exception("self-check fix for %s failed", name)
            return False

    def fixed(self, name: str, ok: bool, fix: Fix | None) -> tuple[float, ...]:
        """Record the fix; returns after how many seconds to check the item again."""
        self.audit.record("selfcheck.fixed", item=name, ok=ok)
        return CLOSE_RECHECK_S if fix is Fix.CLOSE_WINDOWS else (0.0,)

    # -- the agent ------------------------------------------------------------------------
    def confirm(self, name: str, confirmed: bool) -> None:
        self.state.confirm(name, confirmed)
        logger.info("self-check: %s %s", name, "confirmed" if confirmed else "unconfirmed")

    @property
    def complete(self) -> bool:
        """Every item is done and no check is running."""
        return self.state.all_passed and not self.state.checking

    @property
    def status(self) -> FlowStatus:
        if self.locking:
            return FlowStatus.LOCKING
        if self.state.checking:
            return FlowStatus.CHECKING
        return FlowStatus.READY if self.state.all_passed else FlowStatus.OPEN

    def open_items(self) -> int:
        return sum(1 for r in self.state.results.values() if not r.ok)

    # -- locking and the record -----------------------------------------------------------
    def request_lock(self) -> bool:
        """"Lock and go" or "Lock anyway": False when a lock is already under way."""
        if self.locking:
            return False
        self.locking = True
        logger.info("self-check: lock requested (%s)",
                    "complete" if self.state.all_passed else "incomplete")
        return True

    def lock_finished(self, locked: bool, info: str) -> SelfCheckReport | None:
        """The lock's answer: the report it completes (None when no lock was asked for)."""
        if not self.locking:
            return None
        self.locking = False
        return self._record(Ending.LOCKED if locked else Ending.LOCK_FAILED,
                            info if locked else None)

    def closed(self) -> SelfCheckReport | None:
        """The check was closed: records it as not completed unless it is recorded already."""
        if self.report is not None:
            return None
        return self._record(Ending.CLOSED)

    def _record(self, ending: Ending, backend: str | None = None) -> SelfCheckReport:
        self.report = SelfCheckReport(self.end_of_shift, self.trigger,
                                      self.state.final_results(), ending, backend)
        record_selfcheck(self.audit, self.report)
        return self.report

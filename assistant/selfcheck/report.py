"""What one self-check leaves behind: the ``selfcheck.completed`` audit event.

The event carries each item's name, ok and detail (masked: identifier kinds, never the
identifiers), the counts and names the relay keeps for the supervisors' floor list
(``passed``, ``failed``, ``failed_items``), whether it was the end of the shift and whether
the screen was locked. A check the agent closed without locking is recorded too, with
``screen_locked`` among the failed items, so the floor list shows who left without
completing it. The alert channel forwards this audit event to the relay by itself.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from assistant.audit import AuditEvent, AuditLog
from assistant.selfcheck.items import ItemKey, ItemResult, lock_result
from protocol.kinds import EventKind

logger = logging.getLogger(__name__)

AUDIT_KIND = EventKind.SELFCHECK_COMPLETED.value  # "selfcheck.completed"


class Trigger(str, enum.Enum):
    TRAY = "tray"
    HOTKEY = "hotkey"
    REMINDER = "reminder"
    COMMAND = "command"


class Ending(str, enum.Enum):
    """How the dialog ended."""

    LOCKED = "locked"  # "Lock and go" (or "Lock anyway") and the screen locked
    LOCK_FAILED = "lock_failed"  # the agent asked to lock, no backend could
    CLOSED = "closed"  # closed without locking: the check was not completed


@dataclass(frozen=True)
class SelfCheckReport:
    end_of_shift: bool
    trigger: Trigger
    items: Sequence[ItemResult]  # the checklist's final results, without the lock
    ending: Ending
    lock_backend: str | None = None

    @property
    def locked(self) -> bool:
        return self.ending is Ending.LOCKED

    @property
    def results(self) -> list[ItemResult]:
        """Every item including ``screen_locked`` (the training's first rule)."""
        items = [r for r in self.items if r.name != ItemKey.SCREEN_LOCKED.value]
        return [*items, lock_result(self.locked, self.lock_backend)]

    @property
    def completed(self) -> bool:
        return all(r.ok for r in self.results)

    def payload(self) -> dict[str, Any]:
        results = self.results
        failed = [r.name for r in results if not r.ok]
        return {
            "items": [r.as_record() for r in results],
            "passed": len(results) - len(failed),
            "failed": len(failed),
            "failed_items": failed,
            "end_of_shift": self.end_of_shift,
            "locked": self.locked,
            "completed": not failed,
            "ending": self.ending.value,
            "trigger": self.trigger.value,
        }


def record_selfcheck(audit: AuditLog, report: SelfCheckReport) -> AuditEvent:
    payload = report.payload()
    event = audit.record(AUDIT_KIND, **payload)
    logger.info("self-check recorded: %d passed, %d failed, locked=%s",
                payload["passed"], payload["failed"], payload["locked"])
    return event

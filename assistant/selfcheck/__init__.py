"""The desk self-check before leaving ("离岗安全措施", "下班离场前…最后一轮检查"), no Qt.

- ``items``: the checklist (automatic and manual items) and results;
- ``clipboard``, ``removable``, ``printing``, ``app_windows``: the automatic probes, each
  behind a platform protocol with per-OS implementations and a null fallback;
- ``probes``: builds the probes from the settings and runs them together;
- ``report``: the ``selfcheck.completed`` audit event (forwarded to the relay);
- ``shift``: when the shift ends next (the end-of-shift reminder);
- ``cli``: ``safety-assistant selfcheck``.
"""

from assistant.selfcheck.items import (
    CheckItem,
    ChecklistState,
    Fix,
    ItemKey,
    ItemKind,
    ItemResult,
    Outcome,
    Reason,
    checklist,
)
from assistant.selfcheck.probes import Platform, Probe, build_probes, run_probes
from assistant.selfcheck.report import (
    AUDIT_KIND,
    Ending,
    SelfCheckReport,
    Trigger,
    record_selfcheck,
)

__all__ = [
    "AUDIT_KIND",
    "CheckItem",
    "ChecklistState",
    "Ending",
    "Fix",
    "ItemKey",
    "ItemKind",
    "ItemResult",
    "Outcome",
    "Platform",
    "Probe",
    "Reason",
    "SelfCheckReport",
    "Trigger",
    "build_probes",
    "checklist",
    "record_selfcheck",
    "run_probes",
]

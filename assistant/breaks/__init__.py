"""Break reminders that count active time: 20-20-20 eye breaks, hourly rest breaks, Pomodoro.

The core has no Qt. ``BreakScheduler`` takes a clock, an idle-seconds callable and an
"is something in the way" callable; ``tick()`` returns what the UI should do and when to ask
again. The UI (ui/breaks/) shows the card, the overlays and the tray entries.
"""

from __future__ import annotations

from assistant.breaks.actions import (
    Action,
    BreakEnded,
    GiveNotice,
    OnCallEnded,
    StartBreak,
    TickResult,
    Waiting,
)
from assistant.breaks.breathing import BREATHING_478, BreathPhase, BreathStep
from assistant.breaks.config import BreakConfig, BreakMode
from assistant.breaks.day_stats import DayStats
from assistant.breaks.kinds import Blocker, BreakEvent, BreakKind, EndReason, Phase
from assistant.breaks.scheduler import BreakScheduler, BreakStatus

__all__ = [
    "BREATHING_478",
    "Action",
    "Blocker",
    "BreakConfig",
    "BreakEnded",
    "BreakEvent",
    "BreakKind",
    "BreakMode",
    "BreakScheduler",
    "BreakStatus",
    "BreathPhase",
    "BreathStep",
    "DayStats",
    "EndReason",
    "GiveNotice",
    "OnCallEnded",
    "Phase",
    "StartBreak",
    "TickResult",
    "Waiting",
]

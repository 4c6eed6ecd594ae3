"""What ``BreakScheduler.tick()`` asks the UI to do."""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.breaks.kinds import Blocker, BreakKind, EndReason


@dataclass(frozen=True)
class GiveNotice:
    """Tell the user a break starts in ``seconds_ahead`` seconds (a desktop notification)."""

    kind: BreakKind
    seconds_ahead: float


@dataclass(frozen=True)
class StartBreak:
    """Show the eye-break card (EYE) or the full-screen overlays (REST, POMODORO)."""

    kind: BreakKind
    duration_s: float
    postpones_left: int
    can_skip: bool
    manual: bool = False


@dataclass(frozen=True)
class BreakEnded:
    """Close whatever shows the break."""

    kind: BreakKind
    reason: EndReason


@dataclass(frozen=True)
class Waiting:
    """A break is due but held back; it will be offered as soon as ``blocker`` is gone."""

    kind: BreakKind
    blocker: Blocker


@dataclass(frozen=True)
class OnCallEnded:
    """"On a call" switched itself off after ``on_call_max_s``."""

    expired: bool = True


Action = GiveNotice | StartBreak | BreakEnded | Waiting | OnCallEnded


@dataclass(frozen=True)
class TickResult:
    actions: list[Action] = field(default_factory=list)
    next_check_s: float | None = None  # seconds until tick() should run again; None: not needed

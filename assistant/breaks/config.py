"""The break settings the scheduler works with, taken from the ``[breaks]`` settings section."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any

from assistant.breaks.kinds import BreakKind


class BreakMode(str, enum.Enum):
    TWENTY_TWENTY_TWENTY = "20-20-20"  # eye breaks every 20 min plus a rest break every hour
    POMODORO = "pomodoro"  # 25 min work, 5 min break (replaces both eye and rest breaks)


@dataclass(frozen=True)
class BreakConfig:
    enabled: bool = True
    mode: BreakMode = BreakMode.TWENTY_TWENTY_TWENTY
    eye_interval_s: float = 1200
    eye_duration_s: float = 20
    rest_interval_s: float = 3600
    rest_duration_s: float = 600
    pomodoro_work_s: float = 1500
    pomodoro_break_s: float = 300
    notice_s: float = 10
    postpone_s: float = 300
    max_postpones: int = 2
    strict: bool = False
    on_call_max_s: float = 3600

    @classmethod
    def from_settings(cls, breaks: Any) -> BreakConfig:
        """From ``assistant.settings.model.BreakSettings`` (already bounded by the resolver)."""
        try:
            mode = BreakMode(breaks.mode)
        except ValueError:
            mode = BreakMode.TWENTY_TWENTY_TWENTY
        return cls(
            enabled=bool(breaks.enabled), mode=mode,
            eye_interval_s=breaks.eye_interval_s, eye_duration_s=breaks.eye_duration_s,
            rest_interval_s=breaks.rest_interval_s, rest_duration_s=breaks.rest_duration_s,
            pomodoro_work_s=breaks.pomodoro_work_s, pomodoro_break_s=breaks.pomodoro_break_s,
            notice_s=breaks.notice_s, postpone_s=breaks.postpone_s,
            max_postpones=int(breaks.max_postpones), strict=bool(breaks.strict),
            on_call_max_s=breaks.on_call_max_s,
        )

    def kinds(self) -> tuple[BreakKind, ...]:
        """The timers that run in this mode, the longest break first (it covers the shorter)."""
        if self.mode is BreakMode.POMODORO:
            return (BreakKind.POMODORO,)
        return (BreakKind.REST, BreakKind.EYE)

    def interval(self, kind: BreakKind) -> float:
        return {BreakKind.EYE: self.eye_interval_s, BreakKind.REST: self.rest_interval_s,
                BreakKind.POMODORO: self.pomodoro_work_s}[kind]

    def duration(self, kind: BreakKind) -> float:
        return {BreakKind.EYE: self.eye_duration_s, BreakKind.REST: self.rest_duration_s,
                BreakKind.POMODORO: self.pomodoro_break_s}[kind]

    def covers(self, kind: BreakKind) -> tuple[BreakKind, ...]:
        """The timers a break of ``kind`` resets: a rest is also an eye break."""
        if kind is BreakKind.REST:
            return (BreakKind.REST, BreakKind.EYE)
        return (kind,)

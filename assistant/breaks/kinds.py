"""The words of the break scheduler: kinds of break, phases, blockers, audit event names."""

from __future__ import annotations

import enum


class BreakKind(str, enum.Enum):
    EYE = "eye"  # 20-20-20: look at something 6 m away for 20 seconds
    REST = "rest"  # 10 minutes after each hour of work
    POMODORO = "pomodoro"  # 5 minutes after 25 minutes of focused work


class Phase(str, enum.Enum):
    """Where the scheduler is. Idleness is not a phase: idle time simply does not count."""

    OFF = "off"  # breaks disabled
    WORKING = "working"  # counting active time towards the next break
    NOTICE = "notice"  # the user was told a break starts in a few seconds
    WAITING = "waiting"  # a break is due but something is in the way (call, full screen, DND)
    ON_BREAK = "on_break"  # a card or overlay is showing


class Blocker(str, enum.Enum):
    """Why a due break is held back."""

    ON_CALL = "on_call"  # the agent switched on "On a call" in the tray
    FULLSCREEN = "fullscreen"  # a full-screen window is in front (presentation, screen share, game)
    DO_NOT_DISTURB = "do_not_disturb"  # the OS is in do-not-disturb / focus assist
    LOCKED = "locked"  # the screen is locked: nobody to show a break to
    JUST_RESUMED = "just_resumed"  # the machine woke from sleep moments ago
    ALARM_OPEN = "alarm_open"  # this agent's silent alarm is open: no break card over it


class EndReason(str, enum.Enum):
    COMPLETED = "completed"
    POSTPONED = "postponed"
    SKIPPED = "skipped"


class BreakEvent(str, enum.Enum):
    """Audit event kinds (details: kind, durations in seconds)."""

    DUE = "break.due"
    STARTED = "break.started"
    COMPLETED = "break.completed"
    POSTPONED = "break.postponed"
    SKIPPED = "break.skipped"
    NATURAL = "break.natural"

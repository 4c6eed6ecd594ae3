"""Shared words of the break UI: names of breaks, why one waits, how long something is."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from assistant.breaks import Blocker, BreakKind


def kind_name(kind: BreakKind) -> str:
    return {
        BreakKind.EYE: QCoreApplication.translate("BreakTexts", "eye break"),
        BreakKind.REST: QCoreApplication.translate("BreakTexts", "rest break"),
        BreakKind.POMODORO: QCoreApplication.translate("BreakTexts", "Pomodoro break"),
    }[kind]


def blocker_text(blocker: Blocker | None) -> str:
    if blocker is None:
        return ""
    return {
        Blocker.ON_CALL: QCoreApplication.translate("BreakTexts", "you are on a call"),
        Blocker.FULLSCREEN: QCoreApplication.translate("BreakTexts", "a full-screen window is in front"),
        Blocker.DO_NOT_DISTURB: QCoreApplication.translate("BreakTexts", "do not disturb is on"),
        Blocker.LOCKED: QCoreApplication.translate("BreakTexts", "the screen is locked"),
        Blocker.JUST_RESUMED: QCoreApplication.translate("BreakTexts", "the computer has just woken up"),
        Blocker.ALARM_OPEN: QCoreApplication.translate("BreakTexts", "your alarm is still open"),
    }[blocker]


def duration_text(seconds: float) -> str:
    """'45 s', '12 min', '1 h 5 min' (rounded up to whole minutes above a minute)."""
    whole = max(0, round(seconds))
    if whole < 60:
        return QCoreApplication.translate("BreakTexts", "%1 s").replace("%1", str(whole))
    minutes = (whole + 59) // 60
    if minutes < 60:
        return QCoreApplication.translate("BreakTexts", "%1 min").replace("%1", str(minutes))
    hours, rest = divmod(minutes, 60)
    if rest == 0:
        return QCoreApplication.translate("BreakTexts", "%1 h").replace("%1", str(hours))
    return QCoreApplication.translate("BreakTexts", "%1 h %2 min").replace("%1", str(hours)).replace("%2", str(rest))


def clock_text(seconds: float) -> str:
    """A countdown: '09:59', '0:03'."""
    seconds = max(0, int(seconds + 0.999))
    minutes, secs = divmod(seconds, 60)
    return f"{minutes:02d}:{secs:02d}" if minutes else f"0:{secs:02d}"

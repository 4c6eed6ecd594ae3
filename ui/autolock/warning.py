"""The countdown before an automatic lock: small, always on top, and never takes focus.

It must not steal a single keystroke from the app the agent is typing in (a keystroke
that lands in the warning would be lost to the customer chat), so it is a frameless tool
window that does not accept focus, is shown without activation and, on X11, bypasses the
window manager entirely. Any input cancels it; the auto-lock sees that input through the
OS idle time, not through this window.
"""

from __future__ import annotations

import logging
import math

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QCursor, QGuiApplication
from PySide6.QtWidgets import QLabel, QProgressBar, QVBoxLayout, QWidget

from ui.design import LOCK_WARNING, LOCK_WARNING_TRACK, SIZE_HEADING, SPACE_L, SPACE_M, scaled_font

logger = logging.getLogger(__name__)

WARNING_FLAGS = (
    Qt.WindowType.Tool
    | Qt.WindowType.FramelessWindowHint
    | Qt.WindowType.WindowStaysOnTopHint
    | Qt.WindowType.WindowDoesNotAcceptFocus
    | Qt.WindowType.X11BypassWindowManagerHint
)
MARGIN_PX = 24


class LockWarning(QWidget):
    def __init__(self) -> None:
        super().__init__(None, WARNING_FLAGS)
        self.setObjectName("autolock-warning")
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating, True)
        self.setAttribute(Qt.WidgetAttribute.WA_X11DoNotAcceptFocus, True)
        self.setAttribute(Qt.WidgetAttribute.WA_X11NetWmWindowTypeNotification, True)
        # macOS hides tool windows of inactive apps, and a tray app is never the active one.
        self.setAttribute(Qt.WidgetAttribute.WA_MacAlwaysShowToolWindow, True)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setWindowTitle(self.tr("Screen lock"))
        self.setStyleSheet(
            f"#autolock-warning {{ background: {LOCK_WARNING.background};"
            f" border: 2px solid {LOCK_WARNING.border}; border-radius: 6px; }}"
            f"QLabel {{ color: {LOCK_WARNING.foreground}; }}"
            f"QProgressBar {{ background: {LOCK_WARNING_TRACK}; border: none; height: 6px; }}"
            f"QProgressBar::chunk {{ background: {LOCK_WARNING.border}; }}")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.label = QLabel(self)
        self.label.setObjectName("autolock-warning-text")
        self.label.setFont(scaled_font(self.label, SIZE_HEADING))
        self.label.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.bar = QProgressBar(self)
        self.bar.setTextVisible(False)
        self.bar.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(SPACE_L, SPACE_M, SPACE_L, SPACE_M)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        self._total = 1.0
        self.seconds_shown = -1

    def start(self, seconds_left: float) -> None:
        """Show the countdown for ``seconds_left`` seconds (without taking focus)."""
        self._total = max(seconds_left, 0.001)
        self.bar.setRange(0, 1000)
        self.set_seconds_left(seconds_left)
        self.adjustSize()
        self._place()
        self.show()
        self.raise_()

    def set_seconds_left(self, seconds_left: float) -> None:
        seconds = max(0, math.ceil(seconds_left - 1e-3))
        if seconds != self.seconds_shown:
            self.seconds_shown = seconds
            self.label.setText(self.tr("Locking in %n s — move the mouse or press a key to stay",
                                       "", seconds))
        self.bar.setValue(int(1000 * max(0.0, seconds_left) / self._total))

    def _place(self) -> None:
        screen = QGuiApplication.screenAt(QCursor.pos()) or QGuiApplication.primaryScreen()
        if screen is None:
            return
        area: QRect = screen.availableGeometry()
        self.move(area.x() + (area.width() - self.width()) // 2, area.y() + MARGIN_PX)

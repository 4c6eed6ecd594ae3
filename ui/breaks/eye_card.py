"""The 20-20-20 eye-break card: small, in a corner, never takes the keyboard, closes itself."""

from __future__ import annotations

import logging

from PySide6.QtCore import QElapsedTimer, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from ui.breaks.texts import clock_text, duration_text
from ui.breaks.window_flags import make_unfocusable

logger = logging.getLogger(__name__)

MARGIN_PX = 24
COUNTDOWN_STEP_MS = 250


class EyeBreakCard(QWidget):
    """Shows the 20-20-20 instruction and a countdown for ``duration_s``; then closes."""

    finished = Signal()

    def __init__(self, duration_s: float, parent: QWidget | None = None, interval_s: float = 1200) -> None:
        super().__init__(parent)
        self.setObjectName("eye-break-card")
        make_unfocusable(self)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.setWindowTitle(self.tr("Eye break"))
        self.duration_s = float(duration_s)
        self._done = False

        frame = QFrame(self)
        frame.setObjectName("eye-break-frame")
        frame.setStyleSheet(
            "#eye-break-frame { background: #1f3b4d; border-radius: 12px; }"
            "QLabel { color: white; }"
        )
        title = QLabel(self.tr("Eye break"), frame)
        title.setStyleSheet("font-size: 16pt; font-weight: bold;")
        # The rule with this desk's own interval and length, not always "every 20 minutes".
        rule = QLabel(self.tr("Every %1, look at something 20 feet (6 m) away for %2.")
                      .replace("%1", duration_text(interval_s)).replace("%2", duration_text(duration_s)), frame)
        rule.setWordWrap(True)
        hint = QLabel(self.tr("Look out of the window or across the room now. You can keep talking."), frame)
        hint.setWordWrap(True)
        self.countdown = QLabel(clock_text(self.duration_s), frame)
        self.countdown.setObjectName("eye-break-countdown")
        self.countdown.setStyleSheet("font-size: 22pt; font-weight: bold;")
        self.countdown.setAlignment(Qt.AlignmentFlag.AlignCenter)
        inner = QVBoxLayout(frame)
        inner.setContentsMargins(18, 14, 18, 14)
        for widget in (title, rule, hint, self.countdown):
            inner.addWidget(widget)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(frame)
        self.setFixedWidth(360)

        self._elapsed = QElapsedTimer()
        self._step = QTimer(self)
        self._step.setObjectName("eye-break-countdown")
        self._step.setInterval(COUNTDOWN_STEP_MS)
        self._step.timeout.connect(self._update_countdown)
        self._end = QTimer(self)
        self._end.setObjectName("eye-break-end")
        self._end.setSingleShot(True)
        self._end.timeout.connect(self.close)

    def remaining_s(self) -> float:
        if not self._elapsed.isValid():
            return self.duration_s
        return max(0.0, self.duration_s - self._elapsed.elapsed() / 1000.0)

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().showEvent(event)
        if not self._elapsed.isValid():
            self._elapsed.start()
            self._step.start()
            self._end.start(max(1, int(self.duration_s * 1000)))
            self._place()

    def _place(self) -> None:
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is None:
            return
        self.adjustSize()
        area = screen.availableGeometry()
        self.move(area.right() - self.width() - MARGIN_PX, area.bottom() - self.height() - MARGIN_PX)

    def _update_countdown(self) -> None:
        self.countdown.setText(clock_text(self.remaining_s()))

    def closeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        self._step.stop()
        self._end.stop()
        if not self._done:
            self._done = True
            self.finished.emit()
        super().closeEvent(event)

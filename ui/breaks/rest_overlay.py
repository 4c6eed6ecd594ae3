"""The rest break: a full-screen overlay on every monitor with a countdown and a stretch.

One window per ``QScreen`` (monitors added while it shows get one too). The overlay on the
first screen takes the keyboard and holds it for the whole break, so nothing typed lands in a
program hidden underneath; Esc skips the break only where Skip is offered (not with the
policy's ``strict = true``). A break the agent asked for ("Take a break now") says so and
offers no postponing.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QElapsedTimer, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication, QKeyEvent, QScreen
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from assistant.breaks import BreakKind
from ui.breaks.stretches import Stretch
from ui.breaks.texts import clock_text, duration_text

OVERLAY_FLAGS = (Qt.WindowType.Tool | Qt.WindowType.FramelessWindowHint
                 | Qt.WindowType.WindowStaysOnTopHint)

logger = logging.getLogger(__name__)

COUNTDOWN_STEP_MS = 250


class RestOverlay(QWidget):
    """The overlay on one screen."""

    postpone_clicked = Signal()
    skip_clicked = Signal()

    def __init__(self, screen: QScreen, kind: BreakKind, duration_s: float, postpone_s: float,
                 postpones_left: int, can_skip: bool, stretch: Stretch, work_s: float = 3600,
                 manual: bool = False) -> None:
        super().__init__(None, OVERLAY_FLAGS)
        self.setObjectName("rest-overlay")
        self.setAttribute(Qt.WidgetAttribute.WA_MacAlwaysShowToolWindow, True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.can_skip = can_skip
        self.holds_keyboard = False
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.setWindowTitle(self.tr("Rest break"))
        self.setStyleSheet(
            "#rest-overlay { background: #14202b; }"
            "QLabel { color: #f0f4f8; }"
            "QPushButton { font-size: 13pt; padding: 10px 24px; color: #14202b; background: #d9e2ec;"
            " border-radius: 6px; }"
            "QPushButton:disabled { color: #829ab1; background: #334e68; }"
        )
        self.setAutoFillBackground(True)
        self.target_screen = screen

        if manual:
            title_text = self.tr("Your break")
            why = self.tr("You asked for a break: rest for %2. Stand up, look into the distance, "
                          "drink some water.")
        elif kind is BreakKind.POMODORO:
            title_text = self.tr("Pomodoro break")
            why = self.tr("%1 of focused work done: rest for %2.")
        else:
            title_text = self.tr("Time for a rest")
            why = self.tr("After %1 of work, rest for %2: stand up, look into the distance, drink some water.")
        why = why.replace("%1", duration_text(work_s)).replace("%2", duration_text(duration_s))
        title = QLabel(title_text, self)
        title.setStyleSheet("font-size: 30pt; font-weight: bold;")
        reason = QLabel(why, self)
        reason.setStyleSheet("font-size: 14pt;")
        reason.setWordWrap(True)
        self.countdown = QLabel(clock_text(duration_s), self)
        self.countdown.setObjectName("rest-countdown")
        self.countdown.setStyleSheet("font-size: 48pt; font-weight: bold;")
        stretch_title = QLabel(stretch.translated_title(), self)
        stretch_title.setObjectName("stretch-title")
        stretch_title.setStyleSheet("font-size: 18pt; font-weight: bold; margin-top: 18px;")
        steps = QLabel("\n".join(f"{i}. {step}" for i, step in enumerate(stretch.translated_steps(), 1)), self)
        steps.setObjectName("stretch-steps")
        steps.setStyleSheet("font-size: 13pt;")
        steps.setWordWrap(True)

        self.postpone_button = QPushButton(self)
        self.postpone_button.setObjectName("postpone")
        self.postpone_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        if manual:
            self.postpone_button.hide()  # asked for now: nothing to postpone
        elif postpones_left > 0:
            self.postpone_button.setText(
                self.tr("Postpone %1 (%n left)", "", postpones_left).replace("%1", duration_text(postpone_s)))
        else:
            self.postpone_button.setText(self.tr("Postpone (none left)"))
            self.postpone_button.setEnabled(False)
        self.postpone_button.clicked.connect(lambda: self.postpone_clicked.emit())
        self.skip_button = QPushButton(self.tr("Skip this break"), self)
        self.skip_button.setObjectName("skip")
        self.skip_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.skip_button.setVisible(can_skip)
        self.skip_button.clicked.connect(lambda: self.skip_clicked.emit())

        column = QVBoxLayout()
        column.addStretch(2)
        for widget in (title, reason, self.countdown, stretch_title, steps):
            column.addWidget(widget)
        buttons = QHBoxLayout()
        buttons.addWidget(self.postpone_button)
        buttons.addWidget(self.skip_button)
        buttons.addStretch(1)
        column.addSpacing(24)
        column.addLayout(buttons)
        column.addStretch(3)
        row = QHBoxLayout(self)
        row.addStretch(1)
        row.addLayout(column, 3)
        row.addStretch(1)

    def cover_screen(self) -> None:
        """Cover the whole screen (not showFullScreen(): that may activate the window)."""
        self.setScreen(self.target_screen)
        self.setGeometry(self.target_screen.geometry())

    def set_remaining(self, seconds: float) -> None:
        self.countdown.setText(clock_text(seconds))

    def hold_keyboard(self) -> None:
        """Take the keyboard for the break: typing goes nowhere instead of into a hidden window."""
        self.activateWindow()
        self.setFocus(Qt.FocusReason.ActiveWindowFocusReason)
        self.grabKeyboard()
        self.holds_keyboard = True

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and self.can_skip and self.skip_button.isEnabled():
            self.skip_clicked.emit()
        event.accept()  # every other key is held back for the break

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.holds_keyboard:
            self.releaseKeyboard()
            self.holds_keyboard = False
        super().closeEvent(event)


class RestOverlaySet(QObject):
    """All the overlays of one rest break; closes them together."""

    finished = Signal()  # the countdown ran out
    postpone_requested = Signal()
    skip_requested = Signal()

    def __init__(self, kind: BreakKind, duration_s: float, postpone_s: float, postpones_left: int,
                 can_skip: bool, stretch: Stretch, parent: QObject | None = None, work_s: float = 3600,
                 manual: bool = False) -> None:
        super().__init__(parent)
        self.kind = kind
        self.duration_s = float(duration_s)
        self._args = (kind, duration_s, postpone_s, postpones_left, can_skip, stretch, work_s, manual)
        self.overlays: list[RestOverlay] = []
        self._closed = False
        self._watching_screens = False
        self._elapsed = QElapsedTimer()
        self._step = QTimer(self)
        self._step.setObjectName("rest-countdown")
        self._step.setInterval(COUNTDOWN_STEP_MS)
        self._step.timeout.connect(self._update)
        self._end = QTimer(self)
        self._end.setObjectName("rest-end")
        self._end.setSingleShot(True)
        self._end.timeout.connect(self._ran_out)

    def show(self) -> None:
        app = QGuiApplication.instance()
        for screen in QGuiApplication.screens():
            self._add(screen)
        if isinstance(app, QGuiApplication):
            app.screenAdded.connect(self._add)
            app.screenRemoved.connect(self._remove)
            self._watching_screens = True
        self._elapsed.start()
        self._step.start()
        self._end.start(max(1, int(self.duration_s * 1000)))
        if self.overlays:
            self.overlays[0].hold_keyboard()
        logger.info("rest overlay on %d screen(s), holding the keyboard", len(self.overlays))

    def _add(self, screen: QScreen) -> None:
        if self._closed:
            return
        overlay = RestOverlay(screen, *self._args)
        overlay.postpone_clicked.connect(self.postpone_requested)
        overlay.skip_clicked.connect(self.skip_requested)
        overlay.cover_screen()
        overlay.show()
        self.overlays.append(overlay)

    def _remove(self, screen: QScreen) -> None:
        for overlay in [o for o in self.overlays if o.target_screen is screen]:
            self.overlays.remove(overlay)
            overlay.close()

    def remaining_s(self) -> float:
        if not self._elapsed.isValid():
            return self.duration_s
        return max(0.0, self.duration_s - self._elapsed.elapsed() / 1000.0)

    def _update(self) -> None:
        remaining = self.remaining_s()
        for overlay in self.overlays:
            overlay.set_remaining(remaining)

    def _ran_out(self) -> None:
        self.close()
        self.finished.emit()

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._step.stop()
        self._end.stop()
        app = QGuiApplication.instance()
        if self._watching_screens and isinstance(app, QGuiApplication):
            app.screenAdded.disconnect(self._add)
            app.screenRemoved.disconnect(self._remove)
            self._watching_screens = False
        for overlay in self.overlays:
            overlay.close()
        self.overlays.clear()

    @property
    def closed(self) -> bool:
        return self._closed

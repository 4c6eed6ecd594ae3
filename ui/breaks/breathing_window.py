"""Calm down after a hard call: guided 4-7-8 breathing (吸气4秒, 屏息7秒, 呼气8秒).

A circle grows while breathing in, stays while holding, shrinks while breathing out; the
phase and the cycle are written under it. Animated by a QVariantAnimation only while open.
Esc closes it.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QEasingCurve, QRectF, Qt, QVariantAnimation, Signal
from PySide6.QtGui import QColor, QKeyEvent, QPainter
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from assistant.breaks import BREATHING_478, BreathPhase, BreathStep
from assistant.breaks.breathing import BREATHING_CYCLES
from ui.design import BREATH_COLOUR, SIZE_DISPLAY, hint, scaled_font

logger = logging.getLogger(__name__)

SMALL = 0.35  # circle radius as a share of the largest, at rest
LARGE = 1.0


class BreathingCircle(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.scale = SMALL
        self.setMinimumSize(260, 260)

    def set_scale(self, value: float) -> None:
        self.scale = value
        self.update()

    def paintEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        side = min(self.width(), self.height()) - 16
        radius = side / 2 * self.scale
        center = self.rect().center()
        painter.setPen(Qt.PenStyle.NoPen)
        colour = QColor(BREATH_COLOUR)
        colour.setAlpha(200)
        painter.setBrush(colour)
        painter.drawEllipse(QRectF(center.x() - radius, center.y() - radius, 2 * radius, 2 * radius))
        painter.end()


class BreathingWindow(QWidget):
    """``steps`` and ``cycles`` default to 4-7-8 four times; tests pass shorter steps."""

    phase_started = Signal(object, int)  # BreathPhase, cycle (1-based)
    exercise_finished = Signal()

    def __init__(self, steps: tuple[BreathStep, ...] = BREATHING_478, cycles: int = BREATHING_CYCLES,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("breathing-window")
        self.setWindowTitle(self.tr("Calm down: 4-7-8 breathing"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.steps = steps
        self.cycles = cycles
        self.cycle = 0
        self._index = -1
        self.phase: BreathPhase | None = None

        intro = QLabel(self.tr("Breathe in for 4 seconds, hold for 7, breathe out for 8. "
                               "Relax your shoulders, hands and neck."), self)
        intro.setWordWrap(True)
        self.circle = BreathingCircle(self)
        self.phase_label = QLabel(self)
        self.phase_label.setObjectName("breathing-phase")
        self.phase_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.phase_label.setFont(scaled_font(self.phase_label, SIZE_DISPLAY, bold=True))
        self.cycle_label = QLabel(self)
        self.cycle_label.setObjectName("breathing-cycle")
        self.cycle_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        esc_hint = hint(self.tr("Esc closes this window."), self)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.circle, 1)
        layout.addWidget(self.phase_label)
        layout.addWidget(self.cycle_label)
        layout.addWidget(esc_hint)
        self.resize(420, 520)

        self._animation = QVariantAnimation(self)
        self._animation.setObjectName("breathing-animation")
        self._configuring = False
        self._animation.valueChanged.connect(self._on_value)
        self._animation.finished.connect(self._next_step)

    def _on_value(self, value: object) -> None:
        if not self._configuring:  # setting new key values reports a value too: not drawn
            self.circle.set_scale(float(value))  # type: ignore[arg-type]

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().showEvent(event)
        if self._index < 0:
            self._next_step()

    def phase_text(self, phase: BreathPhase) -> str:
        return {
            BreathPhase.INHALE: self.tr("Breathe in"),
            BreathPhase.HOLD: self.tr("Hold"),
            BreathPhase.EXHALE: self.tr("Breathe out"),
        }[phase]

    def _next_step(self) -> None:
        self._index += 1
        if self._index % len(self.steps) == 0:
            self.cycle += 1
        if self.cycle > self.cycles:
            self.cycle = self.cycles
            self.phase = None
            self.phase_label.setText(self.tr("Well done"))
            self.cycle_label.setText(self.tr("Take a moment before the next call."))
            self.exercise_finished.emit()
            return
        step = self.steps[self._index % len(self.steps)]
        self.phase = step.phase
        start = self.circle.scale
        end = {BreathPhase.INHALE: LARGE, BreathPhase.HOLD: start, BreathPhase.EXHALE: SMALL}[step.phase]
        self.phase_label.setText(self.phase_text(step.phase))
        self.cycle_label.setText(self.tr("Cycle %1 of %2").replace("%1", str(self.cycle))
                                 .replace("%2", str(self.cycles)))
        self.phase_started.emit(step.phase, self.cycle)
        self._configuring = True
        self._animation.stop()
        self._animation.setStartValue(float(start))
        self._animation.setEndValue(float(end))
        self._animation.setEasingCurve(QEasingCurve.Type.InOutSine)
        self._animation.setDuration(max(1, int(step.seconds * 1000)))
        self._configuring = False
        self._animation.start()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        self._animation.stop()
        super().closeEvent(event)

"""The privacy curtain: an opaque window over every screen when nothing could lock.

It is not a lock (it cannot stop someone who moves the mouse), but it keeps customer data
off the screens of an unattended desk, and the audit log records that the real lock failed.
The curtain goes as soon as input is seen; screens plugged in meanwhile get covered too.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QRect, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPainter, QPaintEvent, QScreen
from PySide6.QtWidgets import QWidget

logger = logging.getLogger(__name__)

CURTAIN_COLOR = QColor(16, 18, 20)
TEXT_COLOR = QColor(200, 204, 208)
LOCKED_TEXT = "已锁定 — 请勿查看 / Locked"  # bilingual on purpose: anyone passing can read it
CURTAIN_FLAGS = (Qt.WindowType.FramelessWindowHint | Qt.WindowType.WindowStaysOnTopHint
                 | Qt.WindowType.Tool)


class CurtainWindow(QWidget):
    """Covers one screen, opaque from the first frame."""

    def __init__(self, screen: QScreen) -> None:
        super().__init__(None, CURTAIN_FLAGS)
        self.setObjectName("autolock-curtain")
        self.setWindowTitle(self.tr("Screen covered"))
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating, True)
        self.setAttribute(Qt.WidgetAttribute.WA_MacAlwaysShowToolWindow, True)
        palette = self.palette()
        palette.setColor(self.backgroundRole(), CURTAIN_COLOR)
        self.setPalette(palette)
        self.setAutoFillBackground(True)
        self.setCursor(Qt.CursorShape.BlankCursor)
        self.screen_covered = screen
        self.setScreen(screen)
        self.setGeometry(screen.geometry())
        self.hint = self.tr("Move the mouse or press a key to come back.")

    def cover(self) -> None:
        self.setGeometry(self.screen_covered.geometry())
        self.showFullScreen()
        self.raise_()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), CURTAIN_COLOR)
        painter.setPen(TEXT_COLOR)
        title = QFont(self.font())
        title.setPointSize(28)
        painter.setFont(title)
        middle = self.rect().height() // 2
        painter.drawText(QRect(0, middle - 60, self.width(), 60), Qt.AlignmentFlag.AlignCenter, LOCKED_TEXT)
        small = QFont(self.font())
        small.setPointSize(13)
        painter.setFont(small)
        painter.drawText(QRect(0, middle + 10, self.width(), 40), Qt.AlignmentFlag.AlignCenter, self.hint)
        painter.end()


class PrivacyCurtain(QObject):
    """One ``CurtainWindow`` per screen while shown."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.windows: list[CurtainWindow] = []
        app = QGuiApplication.instance()
        assert isinstance(app, QGuiApplication)
        app.screenAdded.connect(self._on_screen_added)
        app.screenRemoved.connect(self._on_screen_removed)

    def is_shown(self) -> bool:
        return bool(self.windows)

    def show(self) -> None:
        if self.windows:
            for window in self.windows:
                window.raise_()
            return
        for screen in QGuiApplication.screens():
            self._cover(screen)
        if self.windows:
            # Keys typed on return land in the curtain, not in the app below it.
            self.windows[0].activateWindow()
        logger.info("privacy curtain shown on %d screen(s)", len(self.windows))

    def hide(self) -> None:
        if not self.windows:
            return
        for window in self.windows:
            window.close()
            window.deleteLater()
        self.windows = []
        logger.info("privacy curtain removed")

    def _cover(self, screen: QScreen) -> None:
        window = CurtainWindow(screen)
        window.cover()
        self.windows.append(window)

    def _on_screen_added(self, screen: QScreen) -> None:
        if self.windows:
            self._cover(screen)

    def _on_screen_removed(self, screen: QScreen) -> None:
        for window in [w for w in self.windows if w.screen_covered is screen]:
            window.close()
            window.deleteLater()
            self.windows.remove(window)

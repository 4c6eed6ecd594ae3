"""The privacy curtain: an opaque window over every screen when nothing could lock.

It is not a lock (it cannot stop someone who moves the mouse), but it keeps customer data
off the screens of an unattended desk, and the audit log records that the real lock failed.
The curtain goes as soon as input is seen; screens plugged in meanwhile get covered too.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QRect, Qt
from PySide6.QtGui import QColor, QGuiApplication, QPainter, QPaintEvent, QScreen
from PySide6.QtWidgets import QWidget

from ui.design import CURTAIN, SIZE_DISPLAY, SIZE_HEADING, scaled_font

logger = logging.getLogger(__name__)

CURTAIN_COLOR = QColor(CURTAIN.background)
TEXT_COLOR = QColor(CURTAIN.foreground)
# Bilingual on purpose: anyone passing can read it. The curtain never claims a lock: it goes
# up while a locker is tried, and stays up (saying so) when none worked.
LOCKING_TEXT = "屏幕已遮挡，正在尝试锁屏…… / Screen covered, trying to lock…"
NOT_LOCKED_TEXT = ("屏幕已遮挡，但未锁定：本机没有可用的锁屏程序。移动鼠标即可回到桌面。\n"
                   "Screen covered, NOT locked: no screen locker works on this computer. "
                   "Moving the mouse brings the desktop back.")
CURTAIN_FLAGS = (Qt.WindowType.FramelessWindowHint | Qt.WindowType.WindowStaysOnTopHint
                 | Qt.WindowType.Tool)


class CurtainWindow(QWidget):
    """Covers one screen, opaque from the first frame."""

    def __init__(self, screen: QScreen) -> None:
        super().__init__(None, CURTAIN_FLAGS)
        self.setObjectName("autolock-curtain")
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
        self.locked_state = "locking"
        self.set_not_locked(False)

    def set_not_locked(self, not_locked: bool) -> None:
        """Say whether a locker is still being tried or none worked (never "locked")."""
        self.locked_state = "not_locked" if not_locked else "locking"
        self.text = NOT_LOCKED_TEXT if not_locked else LOCKING_TEXT
        self.setWindowTitle(self.tr("Screen covered, not locked") if not_locked
                            else self.tr("Screen covered, trying to lock"))
        self.setAccessibleName(self.text)
        self.update()

    def cover(self) -> None:
        self.setGeometry(self.screen_covered.geometry())
        self.showFullScreen()
        self.raise_()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), CURTAIN_COLOR)
        painter.setPen(TEXT_COLOR)
        middle = self.rect().height() // 2
        painter.setFont(scaled_font(self, SIZE_DISPLAY))
        painter.drawText(QRect(20, middle - 110, self.width() - 40, 110),
                         Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self.text)
        painter.setFont(scaled_font(self, SIZE_HEADING))
        painter.drawText(QRect(0, middle + 10, self.width(), 40), Qt.AlignmentFlag.AlignCenter, self.hint)
        painter.end()


class PrivacyCurtain(QObject):
    """One ``CurtainWindow`` per screen while shown."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.windows: list[CurtainWindow] = []
        self.not_locked = False
        app = QGuiApplication.instance()
        assert isinstance(app, QGuiApplication)
        app.screenAdded.connect(self._on_screen_added)
        app.screenRemoved.connect(self._on_screen_removed)

    def is_shown(self) -> bool:
        return bool(self.windows)

    def mark_not_locked(self) -> None:
        """No locker worked: the curtain (now or when shown next) says it is not a lock."""
        self.not_locked = True
        for window in self.windows:
            window.set_not_locked(True)

    def show(self, not_locked: bool = False) -> None:
        """Cover every screen; ``not_locked``: no locker worked, and the text says so."""
        self.not_locked = not_locked
        for window in self.windows:
            window.set_not_locked(not_locked)
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
        window.set_not_locked(self.not_locked)
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

"""A small window near the tray: the warning with "Mask now" and "Keep", or a short note
("masked", "will be cleared") without buttons. It never takes the focus. An icon says which
of the two it is, × closes it, each masked value stands beside its kind, and it keeps clear of
the title-bar buttons of a window beneath it.

Desktop notifications cannot carry buttons reliably (plyer has none; servers differ), so
the guard shows its own frameless tool window without activating it: the agent keeps
typing in the customer system while it is shown. It hides itself after
:data:`AUTO_HIDE_MS` (a note after :data:`INFO_HIDE_MS`) unless the pointer rests on it.
Notes reuse the same window instead of desktop notifications, so a run of copies in mask
mode updates one note rather than stacking notifications over the warning.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QPoint, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QEnterEvent, QGuiApplication
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from assistant.clipboard import FindingSummary
from ui.clipboard.kind_names import kind_name
from ui.design import State, card_style

logger = logging.getLogger(__name__)

AUTO_HIDE_MS = 15_000
INFO_HIDE_MS = 8_000
WIDTH = 360
MARGIN = 12
BUTTON_WIDTH = 104
BUTTON_HEIGHT = 30
SPACING = 8
LINES_SHOWN = 3
SCREEN_GAP = 8
ICON_PX = 20
# The band at the top of the screen where maximised windows have their title-bar buttons.
TITLE_BAR_ZONE_PX = 48


class ClipboardToast(QWidget):
    """The buttons sit bottom-right in a fixed layout: [Keep] [Mask now]."""

    mask_requested = Signal()
    keep_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Tool | Qt.WindowType.FramelessWindowHint
                         | Qt.WindowType.WindowStaysOnTopHint
                         | Qt.WindowType.WindowDoesNotAcceptFocus)
        self.setObjectName("clipboard-toast")
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setWindowTitle(self.tr("Safety Assistant: clipboard"))
        self.setFixedWidth(WIDTH)
        self.setStyleSheet(card_style("clipboard-toast", State.NOTICE, radius=6)
                           + "QLabel#toast-title { font-weight: bold; }")
        self.icon = QLabel(self)
        self.icon.setObjectName("toast-icon")
        self.icon.setFixedSize(ICON_PX, ICON_PX)
        self.title = QLabel(self.tr("Customer data on the clipboard"), self)
        self.title.setObjectName("toast-title")
        self.title.setWordWrap(True)
        self.close_button = QToolButton(self)
        self.close_button.setObjectName("toast-close")
        self.close_button.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_TitleBarCloseButton))
        self.close_button.setAutoRaise(True)
        self.close_button.setToolTip(self.tr("Close"))
        self.close_button.setAccessibleName(self.tr("Close"))
        self.close_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.close_button.clicked.connect(self.withdraw)
        self.body = QLabel(self)
        self.body.setObjectName("toast-body")
        self.body.setWordWrap(True)
        self.body.setTextFormat(Qt.TextFormat.PlainText)
        self.hint = QLabel(self.tr("Mask it before pasting, unless the customer's own record needs it."), self)
        self.hint.setWordWrap(True)
        self.keep_button = QPushButton(self.tr("Keep"), self)
        self.keep_button.setObjectName("keep")
        self.mask_button = QPushButton(self.tr("Mask now"), self)
        self.mask_button.setObjectName("mask-now")
        for button in (self.keep_button, self.mask_button):
            button.setFixedSize(BUTTON_WIDTH, BUTTON_HEIGHT)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.keep_button.clicked.connect(self._keep)
        self.mask_button.clicked.connect(self._mask)

        self.buttons = QWidget(self)
        buttons = QHBoxLayout(self.buttons)
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.setSpacing(SPACING)
        buttons.addStretch(1)
        buttons.addWidget(self.keep_button)
        buttons.addWidget(self.mask_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(MARGIN, MARGIN, MARGIN, MARGIN)
        layout.setSpacing(SPACING)
        header = QHBoxLayout()
        header.setSpacing(SPACING)
        header.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        header.addWidget(self.title, 1)
        header.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(header)
        layout.addWidget(self.body)
        layout.addWidget(self.hint)
        layout.addWidget(self.buttons)

        self.hide_timer = QTimer(self)
        self.hide_timer.setObjectName("clipboard-toast-hide")
        self.hide_timer.setSingleShot(True)
        self.hide_timer.setInterval(AUTO_HIDE_MS)
        self.hide_timer.timeout.connect(self.hide)

    def describe(self, summary: FindingSummary) -> str:
        """One line per masked value beside its kind, "Bank card number: ****0121" (never the
        raw value)."""
        names = [kind_name(k) for k in summary.kinds]
        lines = []
        if summary.pairs:
            lines = [self.tr("{kind}: {value}").format(kind=kind_name(kind), value=value)
                     for kind, value in summary.pairs[:LINES_SHOWN]]
            shown = min(len(summary.pairs), LINES_SHOWN)
        elif len(summary.kinds) == 1:
            lines = [self.tr("{kind}: {value}").format(kind=names[0], value=value)
                     for value in summary.masked[:LINES_SHOWN]]
        else:
            lines = [self.tr(", ").join(names)]
            lines.extend(summary.masked[:LINES_SHOWN])
        if not summary.pairs:
            shown = min(len(summary.masked), LINES_SHOWN)
        hidden = summary.count - shown
        if hidden > 0:
            lines.append(self.tr("and %n more", "", hidden))
        return "\n".join(lines)

    @property
    def asking(self) -> bool:
        """Whether the toast shows the warning with its two buttons (not a note)."""
        return self.isVisible() and not self.buttons.isHidden()

    def show_warning(self, summary: FindingSummary, near: QRect | None = None) -> None:
        self._present(self.tr("Customer data on the clipboard"), self.describe(summary), True, near)

    def show_note(self, title: str, text: str, near: QRect | None = None) -> None:
        """A note without buttons; it does not replace a warning still waiting for an answer."""
        if self.asking:
            return
        self._present(title, text, False, near)

    def _present(self, title: str, text: str, asking: bool, near: QRect | None) -> None:
        self.title.setText(title)
        self.body.setText(text)
        icon = QStyle.StandardPixmap.SP_MessageBoxWarning if asking else QStyle.StandardPixmap.SP_MessageBoxInformation
        self.icon.setPixmap(self.style().standardIcon(icon).pixmap(ICON_PX, ICON_PX))
        self.hint.setVisible(asking)
        self.buttons.setVisible(asking)
        self.hide_timer.setInterval(AUTO_HIDE_MS if asking else INFO_HIDE_MS)
        self.adjustSize()
        self.move(self.position_near(near))
        self.show()  # stays on top by its flags; raise_() would try to take the stacking
        self.hide_timer.start()

    def position_near(self, tray: QRect | None) -> QPoint:
        """Next to the tray icon when its place is known, else the screen's bottom-right."""
        screen = None
        if tray is not None and tray.isValid():
            screen = QGuiApplication.screenAt(tray.center())
        screen = screen or QGuiApplication.primaryScreen()
        area = screen.availableGeometry() if screen is not None else QRect(0, 0, 1024, 768)
        size = self.sizeHint().expandedTo(self.size())
        if tray is not None and tray.isValid() and area.contains(tray.center()):
            x = tray.center().x() - size.width() // 2
            if tray.center().y() < area.center().y():
                y = tray.bottom() + SCREEN_GAP
            else:
                y = tray.top() - size.height() - SCREEN_GAP
        else:
            x = area.right() - size.width() - SCREEN_GAP
            y = area.bottom() - size.height() - SCREEN_GAP
        x = max(area.left() + SCREEN_GAP, min(x, area.right() - size.width() - SCREEN_GAP))
        # Never over the minimise / maximise / close buttons of a maximised window.
        y = max(area.top() + TITLE_BAR_ZONE_PX, min(y, area.bottom() - size.height() - SCREEN_GAP))
        return QPoint(x, y)

    def _mask(self) -> None:
        self.hide()
        self.mask_requested.emit()

    def _keep(self) -> None:
        self.hide()
        self.keep_requested.emit()

    def withdraw(self) -> None:
        """The warned content left the clipboard: nothing to decide any more."""
        self.hide_timer.stop()
        self.hide()

    # The pointer resting on the toast keeps it open.
    def enterEvent(self, event: QEnterEvent) -> None:
        self.hide_timer.stop()
        super().enterEvent(event)

    def leaveEvent(self, event: QEvent) -> None:
        if self.isVisible():
            self.hide_timer.start()
        super().leaveEvent(event)

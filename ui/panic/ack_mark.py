"""The discreet sign that a supervisor acknowledged: a small dot in a corner of the tray icon.

Only the agent knows to look for it; to anyone else it is an ordinary status dot.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QIcon, QPainter, QPen, QPixmap

ICON_SIZE = 64
DOT_FRACTION = 0.34
DOT_COLOR = "#2e7d32"


def with_ack_mark(icon: QIcon, size: int = ICON_SIZE) -> QIcon:
    """``icon`` with a small green dot in its bottom-right corner."""
    pixmap = icon.pixmap(size, size)
    if pixmap.isNull():
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
    width = pixmap.width() / max(1.0, pixmap.devicePixelRatio())
    diameter = width * DOT_FRACTION
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(QColor("white"), max(1.0, diameter / 6)))
    painter.setBrush(QBrush(QColor(DOT_COLOR)))
    painter.drawEllipse(QRectF(width - diameter - 1, width - diameter - 1, diameter, diameter))
    painter.end()
    return QIcon(pixmap)

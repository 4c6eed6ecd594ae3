"""The red, word-wrapped, initially hidden line where a dialog says what went wrong."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

ERROR_COLOUR = "#b71c1c"


def error_label(object_name: str) -> QLabel:
    """A hidden error line; set its text and show it when something fails."""
    label = QLabel()
    label.setObjectName(object_name)
    label.setStyleSheet(f"color:{ERROR_COLOUR};")
    label.setWordWrap(True)
    label.hide()
    return label

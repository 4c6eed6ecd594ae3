"""The red, word-wrapped, initially hidden line where a dialog says what went wrong."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from ui.design import ERROR_COLOUR, fit_to_contents


def error_label(object_name: str) -> QLabel:
    """A hidden error line; show a message with :func:`show_error`."""
    label = QLabel()
    label.setObjectName(object_name)
    label.setStyleSheet(f"color:{ERROR_COLOUR};")
    label.setWordWrap(True)
    label.hide()
    return label


def show_error(label: QLabel, text: str) -> None:
    """Show ``text`` in the error line; the window grows so that nothing is clipped or squashed."""
    label.setText(text)
    label.setVisible(bool(text))
    window = label.window()
    if window is not None and window.isVisible():
        fit_to_contents(window)

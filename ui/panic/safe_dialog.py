""""I'm safe" (我已安全): the agent's PIN calls the alarm off.

The duress PIN gives exactly the same result on this screen: the window closes and the same
confirmation appears. Only a wrong PIN (or no PIN at all) keeps the window open.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from assistant.panic.kinds import PinCheck
from assistant.panic.pins import MAX_PIN_LENGTH
from ui.design import SPACE_M, fit_title, keep_minimum_size, min_width, text_width
from ui.error_label import error_label, show_error


class SafeDialog(QDialog):
    """Non-modal. ``stood_down`` when a PIN was accepted (either PIN: no difference here)."""

    stood_down = Signal()

    def __init__(self, stand_down: Callable[[str], PinCheck], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("panic-safe-dialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(self.tr("I'm safe"))
        self._stand_down = stand_down
        self.intro = QLabel(self.tr("Enter your PIN to call off the alarm."))
        self.intro.setWordWrap(True)
        self.pin = QLineEdit()
        self.pin.setObjectName("pin")
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setMaxLength(MAX_PIN_LENGTH)
        self.pin.setPlaceholderText(self.tr("PIN"))
        self.error = error_label("error")
        buttons = QDialogButtonBox()
        self.ok = buttons.addButton(self.tr("Call off"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok.setObjectName("call-off")
        self.ok.setDefault(True)
        buttons.addButton(self.tr("Close"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.pin)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        layout.setSpacing(SPACE_M)
        keep_minimum_size(layout)
        min_width(self, text_width(self, 48))
        fit_title(self)
        self.pin.setFocus()

    def submit(self) -> None:
        pin = self.pin.text()
        self.pin.clear()
        if not pin:
            return
        result = self._stand_down(pin)
        if result in (PinCheck.CANCEL, PinCheck.DURESS):
            self.stood_down.emit()
            self.accept()
            return
        if result is PinCheck.NOT_SET:
            self._show_error(self.tr("No PIN is set yet. Set one with “Set PIN…” in the menu "
                                     "first."))
        else:
            self._show_error(self.tr("Wrong PIN. Try again."))
        self.pin.setFocus()

    def _show_error(self, text: str) -> None:
        show_error(self.error, text)

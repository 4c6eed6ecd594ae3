"""Set PIN… (设置 PIN): the "I'm safe" PIN and the optional duress PIN.

Changing PINs that exist needs the current PIN (not the duress PIN), so nobody standing at
the desk can quietly replace them.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from assistant.panic.pins import MAX_PIN_LENGTH, PinError, PinProblem, PinStorageError, PinStore
from ui.design import SPACE_M, fit_title, keep_minimum_size, min_width, text_width
from ui.error_label import error_label, show_error


class SetPinDialog(QDialog):
    """Non-modal; ``saved`` after the new PINs are in the keyring."""

    saved = Signal()

    def __init__(self, store: PinStore, on_saved: Callable[[], None] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("panic-set-pin-dialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(self.tr("Set PIN"))
        self._store = store
        if on_saved is not None:
            self.saved.connect(on_saved)
        self._has_pin = store.is_set()
        intro = QLabel(self.tr(
            "With “I'm safe” your PIN calls an alarm off. The duress PIN looks exactly the same "
            "on this screen, but tells the supervisor that you are being made to call it off. "
            "Choose PINs you can type without looking; tell nobody."))
        intro.setWordWrap(True)
        self.current = self._pin_field("current")
        self.new = self._pin_field("new")
        self.repeat = self._pin_field("repeat")
        self.duress = self._pin_field("duress")
        self.duress_repeat = self._pin_field("duress-repeat")
        form = QFormLayout()
        if self._has_pin:
            form.addRow(self.tr("Current PIN"), self.current)
        form.addRow(self.tr("New PIN"), self.new)
        form.addRow(self.tr("Repeat the PIN"), self.repeat)
        form.addRow(self.tr("Duress PIN (optional)"), self.duress)
        form.addRow(self.tr("Repeat the duress PIN"), self.duress_repeat)
        self.error = error_label("error")
        buttons = QDialogButtonBox()
        save = buttons.addButton(self.tr("Save"), QDialogButtonBox.ButtonRole.AcceptRole)
        save.setObjectName("save")
        save.setDefault(True)
        buttons.addButton(self.tr("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        layout.setSpacing(SPACE_M)
        keep_minimum_size(layout)
        min_width(self, text_width(self, 60))
        fit_title(self)
        (self.current if self._has_pin else self.new).setFocus()

    def _pin_field(self, name: str) -> QLineEdit:
        field = QLineEdit()
        field.setObjectName(name)
        field.setEchoMode(QLineEdit.EchoMode.Password)
        field.setMaxLength(MAX_PIN_LENGTH)
        return field

    def submit(self) -> None:
        if self.new.text() != self.repeat.text():
            self._show_error(self.tr("The two PINs differ."))
            return
        if self.duress.text() != self.duress_repeat.text():
            self._show_error(self.tr("The two duress PINs differ."))
            return
        try:
            self._store.change(self.new.text(), self.duress.text() or None,
                               self.current.text() if self._has_pin else None)
        except PinError as exc:
            self._show_error(self._problem_text(exc.problem))
            return
        except PinStorageError as exc:
            self._show_error(self.tr("The PIN could not be saved in the system keyring: %1")
                             .replace("%1", str(exc)))
            return
        for field in (self.current, self.new, self.repeat, self.duress, self.duress_repeat):
            field.clear()
        self.saved.emit()
        self.accept()

    def _problem_text(self, problem: PinProblem) -> str:
        texts = {
            PinProblem.TOO_SHORT: self.tr("A PIN needs at least 4 characters."),
            PinProblem.TOO_LONG: self.tr("A PIN has at most 32 characters."),
            PinProblem.DURESS_SAME: self.tr("The duress PIN must differ from the PIN."),
            PinProblem.CURRENT_WRONG: self.tr("The current PIN is not right."),
        }
        return texts[problem]

    def _show_error(self, text: str) -> None:
        show_error(self.error, text)

"""Log in to the relay as a supervisor (name, password, remember the password)."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ui.design import SPACE_M, fit_title, keep_minimum_size, min_width, text_width
from ui.error_label import error_label, show_error

logger = logging.getLogger(__name__)


class LoginDialog(QDialog):
    """Non-modal: ``submitted`` starts a login; the console answers with ``show_error`` or closes it."""

    submitted = Signal(str, str, bool)  # name, password, remember

    def __init__(self, relay_url: str, name: str = "", remember: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("login-dialog")
        self.setWindowTitle(self.tr("Supervisor console — log in"))
        intro = QLabel(self.tr("Relay: %1").replace("%1", relay_url))
        intro.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.name = QLineEdit(name)
        self.name.setObjectName("name")
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.remember = QCheckBox(self.tr("Remember password (kept in the system keyring)"))
        self.remember.setObjectName("remember")
        self.remember.setChecked(remember)
        self.error = error_label("login-error")
        form = QFormLayout()
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("Password"), self.password)
        self.buttons = QDialogButtonBox()
        self.login_button = self.buttons.addButton(self.tr("Log in"),
                                                   QDialogButtonBox.ButtonRole.AcceptRole)
        self.login_button.setObjectName("login")
        self.login_button.setDefault(True)
        self.buttons.addButton(self.tr("Quit"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.remember)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        layout.setSpacing(SPACE_M)
        keep_minimum_size(layout)
        min_width(self, text_width(self, 50))
        fit_title(self)
        (self.password if name else self.name).setFocus()

    def _submit(self) -> None:
        name, password = self.name.text().strip(), self.password.text()
        if not name or not password:
            self.show_error(self.tr("Enter your name and password."))
            return
        self.set_busy(True)
        self.submitted.emit(name, password, self.remember.isChecked())

    def set_busy(self, busy: bool) -> None:
        self.login_button.setEnabled(not busy)
        self.name.setEnabled(not busy)
        self.password.setEnabled(not busy)
        if busy:
            self.error.hide()

    def show_error(self, text: str) -> None:
        self.set_busy(False)
        show_error(self.error, text)
        self.password.setFocus()
        self.password.selectAll()

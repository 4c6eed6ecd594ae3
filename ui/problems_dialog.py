"""Lists what was wrong in the policy or settings files (file, line, key, reason)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from assistant.settings import Problem
from ui.problem_text import problem_text


class ProblemsDialog(QDialog):
    def __init__(self, problems: list[Problem], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(self.tr("Settings problems"))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr(
            "These entries could not be used. The assistant runs with safe defaults for them; "
            "the files were not changed.")))
        self.text = QPlainTextEdit("\n".join(problem_text(p) for p in problems))
        self.text.setReadOnly(True)
        layout.addWidget(self.text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout.addWidget(buttons)
        self.resize(620, 260)

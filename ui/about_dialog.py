"""About: version, where files live, and which policy applies."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from assistant import __version__
from assistant.context import AppContext
from ui.design import (
    SIZE_TITLE,
    SPACE_M,
    fit_title,
    heading,
    hint,
    keep_minimum_size,
    min_width,
    text_width,
)


class AboutDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(self.tr("About"))
        layout = QVBoxLayout(self)
        layout.setSpacing(SPACE_M)
        title = heading(self.tr("Agent Desk Safety Assistant"), factor=SIZE_TITLE)
        title.setObjectName("about-title")
        layout.addWidget(title)
        layout.addWidget(hint(self.tr("Version %1").replace("%1", __version__)))
        summary = QLabel(self.tr(
            "Keeps your desk safe: locks when you are away, reminds you to rest your eyes, "
            "guards customer data on the clipboard and helps you ask for help quietly."))
        summary.setWordWrap(True)
        layout.addWidget(summary)
        policy_state = (self.tr("in effect") if ctx.policy_file.exists() else self.tr("not present"))
        files = QFormLayout()
        files.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for caption, value in (
                (self.tr("Policy file"), f"{ctx.policy_file} ({policy_state})"),
                (self.tr("Settings"), str(ctx.paths.settings_file)),
                (self.tr("Log"), str(ctx.paths.log_file))):
            field = QLabel(value)
            field.setWordWrap(True)
            field.setTextFormat(Qt.TextFormat.PlainText)
            field.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            files.addRow(caption, field)
        layout.addLayout(files)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Close"))
        buttons.rejected.connect(self.close)
        layout.addWidget(buttons)
        keep_minimum_size(layout)
        min_width(self, text_width(self, 64))
        fit_title(self)

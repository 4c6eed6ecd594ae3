"""About: version, where files live, and which policy applies."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from assistant import __version__
from assistant.context import AppContext


class AboutDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(self.tr("About"))
        layout = QVBoxLayout(self)
        title = QLabel(f"<h3>{self.tr('Agent Desk Safety Assistant')} {__version__}</h3>")
        layout.addWidget(title)
        policy_state = (self.tr("in effect") if ctx.policy_file.exists() else self.tr("not present"))
        info = QLabel(
            self.tr("Keeps your desk safe: locks when you are away, reminds you to rest your eyes, "
                    "guards customer data on the clipboard and helps you ask for help quietly.")
            + "<br><br>"
            + self.tr("Policy file: %1 (%2)").replace("%1", str(ctx.policy_file)).replace("%2", policy_state)
            + "<br>"
            + self.tr("Settings: %1").replace("%1", str(ctx.paths.settings_file))
            + "<br>"
            + self.tr("Log: %1").replace("%1", str(ctx.paths.log_file))
        )
        info.setWordWrap(True)
        info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(info)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout.addWidget(buttons)
        self.resize(520, 240)

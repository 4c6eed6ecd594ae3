"""Resolve an alert with a note of what happened (the training asks for a record)."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from protocol.views import AlertRecord
from ui.supervisor.texts import alert_kind_label, local_time

logger = logging.getLogger(__name__)

MAX_NOTE = 4000


class ResolveDialog(QDialog):
    """Non-modal; ``resolved(alert_id, note)`` when the supervisor confirms."""

    resolved = Signal(str, str)

    def __init__(self, alert: AlertRecord, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Dialog | Qt.WindowType.WindowStaysOnTopHint)
        self.setObjectName("resolve-dialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.alert_id = alert.id
        self.setWindowTitle(self.tr("Resolve alert"))
        summary = QLabel(f"{alert_kind_label(alert)} · {alert.seat} {alert.agent_name} · "
                         f"{local_time(alert.raised_at or alert.received_at)}".strip())
        summary.setWordWrap(True)
        self.note = QPlainTextEdit()
        self.note.setObjectName("note")
        self.note.setPlaceholderText(self.tr(
            "What happened and what was done (the customer's words and actions, who helped)"))
        buttons = QDialogButtonBox()
        self.ok = buttons.addButton(self.tr("Resolve"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok.setObjectName("confirm-resolve")
        buttons.addButton(self.tr("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self._confirm)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(QLabel(self.tr("Note")))
        layout.addWidget(self.note)
        layout.addWidget(buttons)
        self.resize(520, 320)

    def _confirm(self) -> None:
        self.resolved.emit(self.alert_id, self.note.toPlainText().strip()[:MAX_NOTE])
        self.accept()

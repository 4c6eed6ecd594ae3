"""Incident note (事件记录): afterwards, the agent writes down what happened.

The note is attached to the alarm at the relay, where the supervisors see it. Customer
identifiers (ID, card and phone numbers …) are masked before it leaves this computer.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from assistant.panic.service import MAX_NOTE_CHARS, RaisedAlert


class IncidentNoteDialog(QDialog):
    """Non-modal; ``sent(alert event id)`` once the note is in the outbox."""

    sent = Signal(str)

    def __init__(self, alarms: list[RaisedAlert], attach: Callable[[str, str], object],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("panic-note-dialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(self.tr("Incident note"))
        self.resize(520, 360)
        self._attach = attach
        self.alarm = QComboBox()
        self.alarm.setObjectName("alarm")
        for alarm in alarms:
            when = alarm.raised_at.astimezone().strftime("%Y-%m-%d %H:%M:%S")
            self.alarm.addItem(self.tr("Alarm at %1").replace("%1", when), alarm.event_id)
        self.note = QPlainTextEdit()
        self.note.setObjectName("note")
        self.note.setPlaceholderText(self.tr(
            "What happened: the customer's words and actions, what you did, who helped."))
        hint = QLabel(self.tr("ID, bank card and phone numbers are masked before the note is "
                              "sent to the supervisors."))
        hint.setWordWrap(True)
        self.none = QLabel(self.tr("No alarm was raised since the Safety Assistant started, so "
                                   "there is nothing to attach a note to."))
        self.none.setWordWrap(True)
        buttons = QDialogButtonBox()
        self.send = buttons.addButton(self.tr("Send"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.send.setObjectName("send")
        buttons.addButton(self.tr("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence("Ctrl+Return"), self, self.submit)
        layout = QVBoxLayout(self)
        layout.addWidget(self.none)
        layout.addWidget(self.alarm)
        layout.addWidget(self.note)
        layout.addWidget(hint)
        layout.addWidget(buttons)
        has_alarms = bool(alarms)
        self.none.setVisible(not has_alarms)
        self.alarm.setVisible(has_alarms)
        self.note.setEnabled(has_alarms)
        self.note.textChanged.connect(self._update)
        self._update()
        self.note.setFocus()

    def _update(self) -> None:
        text = self.note.toPlainText().strip()
        self.send.setEnabled(bool(text) and self.alarm.count() > 0)

    def submit(self) -> None:
        text = self.note.toPlainText().strip()[:MAX_NOTE_CHARS]
        event_id = self.alarm.currentData()
        if not text or not event_id:
            return
        self._attach(text, str(event_id))
        self.sent.emit(str(event_id))
        self.note.clear()
        self.accept()

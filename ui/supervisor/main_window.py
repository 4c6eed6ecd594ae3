"""The console's main window: connection banner, active alerts, floor, history, live feed."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, Signal, SignalInstance
from PySide6.QtGui import QBrush, QCloseEvent, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from assistant.supervision.board import SupervisionBoard
from assistant.supervision.stream import StreamState
from protocol.states import AgentStatus, AlertState
from protocol.views import AlertCategory, AlertRecord
from ui.supervisor.texts import (
    agent_state_label,
    agent_status_label,
    alert_kind_label,
    alert_state_label,
    channel_failing_label,
    clock_offset_label,
    event_kind_label,
    feed_details,
    local_time,
    protocol_mismatch_label,
    selfcheck_label,
    trigger_label,
)

logger = logging.getLogger(__name__)

ALERT_ROW_COLORS = {
    AlertCategory.PANIC: "#ffcdd2",
    AlertCategory.DURESS: "#e1bee7",
    AlertCategory.TEST: "#bbdefb",
    AlertCategory.LOCK_FAILED: "#ffe0b2",
}
#: The floor's "Doing" cell of a seat with an alarm nobody acknowledged yet.
FLOOR_ALARM_COLORS = {
    AlertCategory.PANIC: ("#c62828", "white"),
    AlertCategory.DURESS: ("#6a1b9a", "white"),
    AlertCategory.TEST: ("#1565c0", "white"),
}
CLOCK_OFF_COLOR = "#e65100"


FLOOR_CONNECTION, FLOOR_DOING = 3, 4  # columns of the floor table
HISTORY_NOTE = 7
FEED_DETAILS = 3
NOTE_ROLE = Qt.ItemDataRole.UserRole + 1


def _item(text: str, data: str | None = None) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    if data is not None:
        item.setData(Qt.ItemDataRole.UserRole, data)
    return item


def _table(name: str, headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(headers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setMinimumSectionSize(72)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def _fit_width(table: QTableWidget, stretch: int) -> None:
    """No sideways scrolling: column ``stretch`` takes what is left and elides; the full text
    is in its tooltip."""
    header = table.horizontalHeader()
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    table.setTextElideMode(Qt.TextElideMode.ElideRight)
    table.setWordWrap(False)


class NoteViewer(QDialog):
    """The whole note of a handled alert, to read and copy."""

    def __init__(self, title: str, note: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("note-viewer")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(title)
        self.text = QPlainTextEdit(note)
        self.text.setReadOnly(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Close"))
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        self.resize(520, 320)


class SupervisorWindow(QMainWindow):
    acknowledge_requested = Signal(str)
    resolve_requested = Signal(str)
    closing = Signal()

    def __init__(self, relay_url: str, supervisor: str) -> None:
        super().__init__()
        self.setObjectName("supervisor-window")
        self.setWindowTitle(self.tr("Agent Desk Safety Assistant"))
        self.relay_url = relay_url
        self.supervisor = supervisor

        self.banner = QLabel(self.tr("Not connected — reconnecting…"))
        self.banner.setObjectName("connection-banner")
        self.banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.banner.setStyleSheet("background:#ffb300;color:black;padding:6px;font-weight:bold;")
        self.channel_banner = QLabel()
        self.channel_banner.setObjectName("channel-banner")
        self.channel_banner.setWordWrap(True)
        self.channel_banner.setStyleSheet(
            "background:#c62828;color:white;padding:6px;font-weight:bold;")
        self.channel_banner.hide()
        self.protocol_banner = QLabel()
        self.protocol_banner.setObjectName("protocol-banner")
        self.protocol_banner.setWordWrap(True)
        self.protocol_banner.setStyleSheet("background:#ffe082;color:black;padding:6px;")
        self.protocol_banner.hide()
        self.header = QLabel()
        self.header.setObjectName("console-header")

        self.active = _table("active-alerts", [
            self.tr("Time"), self.tr("Alert"), self.tr("Seat"), self.tr("Agent"),
            self.tr("Workstation"), self.tr("Triggered by"), self.tr("State")])
        self.active.itemSelectionChanged.connect(self._update_buttons)
        self.acknowledge_button = QPushButton(self.tr("&Acknowledge"))
        self.acknowledge_button.setObjectName("acknowledge-selected")
        self.acknowledge_button.clicked.connect(
            lambda: self._emit_selected(self.acknowledge_requested))
        self.resolve_button = QPushButton(self.tr("&Resolve…"))
        self.resolve_button.setObjectName("resolve-selected")
        self.resolve_button.clicked.connect(lambda: self._emit_selected(self.resolve_requested))
        self.active.itemDoubleClicked.connect(
            lambda *_: self._emit_selected(self.acknowledge_requested))
        self.no_alerts = QLabel(self.tr("No open alerts."))
        self.no_alerts.setObjectName("no-alerts")
        active_page = QWidget()
        active_layout = QVBoxLayout(active_page)
        active_layout.addWidget(self.no_alerts)
        active_layout.addWidget(self.active)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.acknowledge_button)
        buttons.addWidget(self.resolve_button)
        active_layout.addLayout(buttons)

        self.floor = _table("floor", [
            self.tr("Seat"), self.tr("Agent"), self.tr("Workstation"), self.tr("Connection"),
            self.tr("Doing"), self.tr("Last seen"), self.tr("Last desk self-check"),
            self.tr("Version")])
        self.history = _table("history", [
            self.tr("Time"), self.tr("Alert"), self.tr("Seat"), self.tr("Agent"),
            self.tr("State"), self.tr("Acknowledged"), self.tr("Resolved"), self.tr("Note")])
        self.feed = _table("feed", [
            self.tr("Time"), self.tr("Seat"), self.tr("Event"), self.tr("Details")])
        _fit_width(self.history, HISTORY_NOTE)
        _fit_width(self.feed, FEED_DETAILS)
        self.history.itemDoubleClicked.connect(self._show_note)
        self.note_viewer: NoteViewer | None = None

        self.tabs = QTabWidget()
        self.tabs.setObjectName("console-tabs")
        self.tabs.addTab(active_page, self.tr("Open alerts"))
        self.tabs.addTab(self.floor, self.tr("Floor"))
        self.tabs.addTab(self.history, self.tr("History"))
        self.tabs.addTab(self.feed, self.tr("Live feed"))

        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addWidget(self.banner)
        layout.addWidget(self.channel_banner)
        layout.addWidget(self.protocol_banner)
        layout.addWidget(self.header)
        layout.addWidget(self.tabs)
        self.setCentralWidget(central)
        self.resize(1000, 620)
        self._board: SupervisionBoard | None = None
        self.set_connection(StreamState.CONNECTING)
        self._update_buttons()

    # -- state in ------------------------------------------------------------------------
    def set_connection(self, state: StreamState) -> None:
        connected = state is StreamState.CONNECTED
        if state is StreamState.LOGIN_NEEDED:
            self.banner.setText(self.tr("Not connected — please log in again"))
        else:
            self.banner.setText(self.tr("Not connected — reconnecting…"))
        self.banner.setVisible(not connected)

    def refresh(self, board: SupervisionBoard) -> None:
        self._board = board
        names = ", ".join(board.supervisor_names)
        self.header.setText(
            self.tr("Logged in as %1 · relay %2 · supervisors on duty: %3")
            .replace("%1", self.supervisor).replace("%2", self.relay_url)
            .replace("%3", f"{board.supervisors_online} ({names})" if names
                     else str(board.supervisors_online)))
        self._fill_channels(board)
        mismatch = protocol_mismatch_label(board.protocol) if board.protocol else ""
        self.protocol_banner.setText(mismatch)
        self.protocol_banner.setVisible(bool(mismatch))
        self._fill_active(board.active_alerts())
        self._fill_floor(board)
        self._fill_history(board.history())
        self._fill_feed(board)

    def _fill_channels(self, board: SupervisionBoard) -> None:
        failing = board.failing_channels()
        self.channel_banner.setText("\n".join(channel_failing_label(c) for c in failing))
        self.channel_banner.setToolTip("\n".join(c.last_error for c in failing if c.last_error))
        self.channel_banner.setVisible(bool(failing))

    def _fill_active(self, alerts: list[AlertRecord]) -> None:
        selected = self.selected_alert_id()
        table = self.active
        table.setRowCount(len(alerts))
        for row, alert in enumerate(alerts):
            cells = [local_time(alert.raised_at or alert.received_at), alert_kind_label(alert),
                     alert.seat, alert.agent_name, alert.workstation,
                     trigger_label(alert.trigger), alert_state_label(alert)]
            color = ALERT_ROW_COLORS.get(alert.category)
            notes = _notes_text(alert)
            for column, text in enumerate(cells):
                item = _item(text, alert.id)
                if notes:
                    item.setToolTip(notes)
                if color and alert.state is AlertState.OPEN:
                    item.setBackground(QBrush(QColor(color)))
                    item.setForeground(QBrush(QColor("black")))
                table.setItem(row, column, item)
            if alert.id == selected:
                table.selectRow(row)
        current = next((a for a in alerts if a.id == self.selected_alert_id()), None)
        waiting = [row for row, a in enumerate(alerts) if a.state is AlertState.OPEN]
        if waiting and (current is None or current.state is not AlertState.OPEN):
            table.selectRow(waiting[0])  # the newest waiting: Alt+A acknowledges it at once
        elif alerts and current is None:
            table.selectRow(0)
        self.no_alerts.setVisible(not alerts)
        self.tabs.setTabText(0, self.tr("Open alerts (%n)", "", len(alerts)) if alerts
                             else self.tr("Open alerts"))
        self._update_buttons()

    def _fill_floor(self, board: SupervisionBoard) -> None:
        agents = board.floor()
        alarms = board.seat_alarms()
        table = self.floor
        table.setRowCount(len(agents))
        for row, agent in enumerate(agents):
            alarm = alarms.get(agent.id)
            connection = agent_status_label(agent.status)
            if agent.clock_off() and agent.clock_offset_s is not None:
                connection += " · " + clock_offset_label(agent.clock_offset_s)
            if alarm is not None:
                doing = alert_kind_label(alarm)
                if alarm.state is not AlertState.OPEN:
                    doing += " · " + alert_state_label(alarm)
            else:
                doing = (agent_state_label(agent.state) if agent.status is AgentStatus.ONLINE
                         else "—")
            cells = [agent.seat, agent.name, agent.workstation, connection, doing,
                     local_time(agent.last_seen), selfcheck_label(agent.selfcheck),
                     agent.app_version]
            for column, text in enumerate(cells):
                item = _item(text, agent.id)
                if agent.status is not AgentStatus.ONLINE:
                    item.setForeground(QBrush(QColor("#757575")))
                table.setItem(row, column, item)
            connection_item = table.item(row, FLOOR_CONNECTION)
            if agent.clock_off() and connection_item is not None:
                connection_item.setForeground(QBrush(QColor(CLOCK_OFF_COLOR)))
                connection_item.setToolTip(self.tr(
                    "This workstation's clock is more than a minute off; ask IT to set it."))
            doing_item = table.item(row, FLOOR_DOING)
            if alarm is not None and doing_item is not None:
                background, foreground = FLOOR_ALARM_COLORS.get(
                    alarm.category, FLOOR_ALARM_COLORS[AlertCategory.PANIC])
                if alarm.state is not AlertState.OPEN:
                    background = ALERT_ROW_COLORS.get(alarm.category, background)
                    foreground = "black"
                doing_item.setBackground(QBrush(QColor(background)))
                doing_item.setForeground(QBrush(QColor(foreground)))
                bold = QFont(doing_item.font())
                bold.setBold(True)
                doing_item.setFont(bold)

    def _fill_history(self, alerts: list[AlertRecord]) -> None:
        table = self.history
        table.setRowCount(len(alerts))
        for row, alert in enumerate(alerts):
            ack = (f"{alert.acknowledged_by} {local_time(alert.acknowledged_at)}"
                   if alert.acknowledged_by else "—")
            resolved = (f"{alert.resolved_by} {local_time(alert.resolved_at)}"
                        if alert.resolved_by else "—")
            note = "\n".join(part for part in (alert.resolution_note, _notes_text(alert)) if part)
            cells = [local_time(alert.raised_at or alert.received_at), alert_kind_label(alert),
                     alert.seat, alert.agent_name, alert_state_label(alert), ack, resolved, note]
            for column, text in enumerate(cells):
                item = _item(text, alert.id)
                if column == HISTORY_NOTE and note:
                    # One line in the table; all of it on hover and with a double-click.
                    first = note.splitlines()[0]
                    item.setText(first + (" …" if first != note else ""))
                    item.setToolTip(note)
                    item.setData(NOTE_ROLE, note)
                table.setItem(row, column, item)

    def _fill_feed(self, board: SupervisionBoard) -> None:
        events = list(board.feed)
        table = self.feed
        table.setRowCount(len(events))
        for row, event in enumerate(events):
            details = feed_details(event.kind, event.payload)
            for column, text in enumerate([local_time(event.time), event.seat,
                                           event_kind_label(event.kind), details]):
                item = _item(text, event.id)
                if column == FEED_DETAILS and text:
                    item.setToolTip(text)
                table.setItem(row, column, item)

    # -- actions -------------------------------------------------------------------------
    def selected_alert_id(self) -> str | None:
        items = self.active.selectedItems()
        if not items:
            return None
        value = items[0].data(Qt.ItemDataRole.UserRole)
        return str(value) if value else None

    def select_alert(self, alert_id: str) -> bool:
        for row in range(self.active.rowCount()):
            item = self.active.item(row, 0)
            if item is not None and item.data(Qt.ItemDataRole.UserRole) == alert_id:
                self.active.selectRow(row)
                return True
        return False

    def _selected_alert(self) -> AlertRecord | None:
        alert_id = self.selected_alert_id()
        if alert_id is None or self._board is None:
            return None
        return self._board.alerts.get(alert_id)

    def _update_buttons(self) -> None:
        alert = self._selected_alert()
        self.acknowledge_button.setEnabled(alert is not None and alert.state is AlertState.OPEN)
        self.resolve_button.setEnabled(alert is not None and alert.state is not AlertState.RESOLVED)

    def _emit_selected(self, signal: SignalInstance) -> None:
        alert_id = self.selected_alert_id()
        if alert_id is not None:
            signal.emit(alert_id)

    def _show_note(self, item: QTableWidgetItem) -> None:
        note_item = self.history.item(item.row(), HISTORY_NOTE)
        note = note_item.data(NOTE_ROLE) if note_item is not None else None
        if not note:
            return
        kind = self.history.item(item.row(), 1)
        seat = self.history.item(item.row(), 2)
        title = " · ".join(i.text() for i in (kind, seat) if i is not None and i.text())
        self.note_viewer = NoteViewer(self.tr("Note: %1").replace("%1", title), str(note), self)
        self.note_viewer.show()

    def show_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 15000)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.closing.emit()
        event.accept()


def _notes_text(alert: AlertRecord) -> str:
    """The agent's incident notes (already masked by the agent) as one text."""
    return "\n".join(f"{note.author or '—'} {local_time(note.at)}: {note.text}" for note in alert.notes
                     if note.text != alert.resolution_note)

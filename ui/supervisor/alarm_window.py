"""The alarm: an always-on-top window on every screen for each panic-type alert.

The windows stay until the supervisor closes them after the alert was acknowledged (by
anyone), cancelled by the agent, or resolved. While an alert waits for acknowledgement the
windows cannot be closed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QRect, Qt, Signal
from PySide6.QtGui import QCloseEvent, QFont, QGuiApplication, QScreen
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from assistant.supervision.records import AlertCategory, AlertRecord, AlertState
from ui.error_label import error_label
from ui.supervisor.texts import alert_state_label, local_time, trigger_label

logger = logging.getLogger(__name__)

BANNER_STYLE = {
    AlertCategory.PANIC: "background:#b71c1c;color:white;",
    AlertCategory.DURESS: "background:#4a148c;color:white;",
    AlertCategory.TEST: "background:#0d47a1;color:white;",
}
HANDLED_STYLE = "background:#455a64;color:white;"


class AlarmWindow(QWidget):
    """One screen's alarm window for one alert."""

    acknowledge_requested = Signal(str)
    resolve_requested = Signal(str)
    close_requested = Signal(str)

    def __init__(self, alert: AlertRecord, screen: QScreen) -> None:
        super().__init__(None, Qt.WindowType.Window | Qt.WindowType.WindowStaysOnTopHint)
        self.setObjectName("alarm-window")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.alert = alert
        self._closing = False

        self.banner = QLabel()
        self.banner.setObjectName("alarm-banner")
        self.banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.banner.setWordWrap(True)
        big = QFont(self.font())
        big.setPointSize(max(20, big.pointSize() * 2))
        big.setBold(True)
        self.banner.setFont(big)
        self.banner.setMargin(16)

        self.seat = QLabel()
        self.agent = QLabel()
        self.workstation = QLabel()
        self.time = QLabel()
        self.trigger = QLabel()
        details = QFormLayout()
        field_font = QFont(self.font())
        field_font.setPointSize(max(13, int(field_font.pointSize() * 1.4)))
        for label, value in ((self.tr("Seat"), self.seat), (self.tr("Agent"), self.agent),
                             (self.tr("Workstation"), self.workstation),
                             (self.tr("Time"), self.time), (self.tr("Triggered by"), self.trigger)):
            value.setFont(field_font)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            caption = QLabel(label)
            caption.setFont(field_font)
            details.addRow(caption, value)

        self.state = QLabel()
        self.state.setObjectName("alarm-state")
        state_font = QFont(field_font)
        state_font.setBold(True)
        self.state.setFont(state_font)
        self.error = error_label("alarm-error")

        self.acknowledge_button = QPushButton(self.tr("&Acknowledge"))
        self.acknowledge_button.setObjectName("acknowledge")
        self.acknowledge_button.setDefault(True)
        self.resolve_button = QPushButton(self.tr("&Resolve…"))
        self.resolve_button.setObjectName("resolve")
        self.close_button = QPushButton(self.tr("&Close"))
        self.close_button.setObjectName("close")
        for button in (self.acknowledge_button, self.resolve_button, self.close_button):
            button.setMinimumHeight(44)
            button.setFont(field_font)
        self.acknowledge_button.clicked.connect(
            lambda: self.acknowledge_requested.emit(self.alert.id))
        self.resolve_button.clicked.connect(lambda: self.resolve_requested.emit(self.alert.id))
        self.close_button.clicked.connect(lambda: self.close_requested.emit(self.alert.id))

        buttons = QHBoxLayout()
        buttons.addWidget(self.acknowledge_button, 2)
        buttons.addWidget(self.resolve_button, 1)
        buttons.addWidget(self.close_button, 1)
        body = QVBoxLayout()
        body.setContentsMargins(24, 16, 24, 24)
        body.addLayout(details)
        body.addSpacing(12)
        body.addWidget(self.state)
        body.addWidget(self.error)
        body.addStretch(1)
        body.addLayout(buttons)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.banner)
        layout.addLayout(body)

        self.place_on(screen)
        self.update_alert(alert)

    def place_on(self, screen: QScreen) -> None:
        self.setScreen(screen)
        area = screen.availableGeometry()
        width = min(area.width() - 40, max(640, int(area.width() * 0.6)))
        height = min(area.height() - 40, max(440, int(area.height() * 0.6)))
        self.setGeometry(QRect(area.x() + (area.width() - width) // 2,
                               area.y() + (area.height() - height) // 2, width, height))

    def title_text(self, alert: AlertRecord) -> str:
        category = alert.category
        if category is AlertCategory.TEST:
            return self.tr("TEST — drill, not a real emergency")
        if category is AlertCategory.DURESS:
            return self.tr("DURESS — the agent signals danger under pressure")
        return self.tr("EMERGENCY — the agent needs help now")

    def update_alert(self, alert: AlertRecord) -> None:
        self.alert = alert
        seat = alert.seat or "?"
        title = self.title_text(alert)
        self.setWindowTitle(f"{title} · {seat}")
        self.banner.setText(title)
        handled = alert.state is not AlertState.OPEN
        self.banner.setStyleSheet(HANDLED_STYLE if handled else
                                  BANNER_STYLE.get(alert.category, BANNER_STYLE[AlertCategory.PANIC]))
        self.seat.setText(seat)
        self.agent.setText(alert.agent_name or "—")
        self.workstation.setText(alert.workstation or "—")
        self.time.setText(local_time(alert.raised_at or alert.received_at))
        self.trigger.setText(trigger_label(alert.trigger))
        state = alert_state_label(alert)
        if alert.state is AlertState.ACKNOWLEDGED and alert.acknowledged_at is not None:
            state += " · " + local_time(alert.acknowledged_at)
        if alert.state is AlertState.CANCELLED and alert.cancelled_at is not None:
            state += " · " + local_time(alert.cancelled_at)
        self.state.setText(state)
        self.acknowledge_button.setEnabled(alert.state is AlertState.OPEN)
        self.resolve_button.setEnabled(alert.state is not AlertState.RESOLVED)
        self.close_button.setEnabled(alert.state is not AlertState.OPEN)

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def dispose(self) -> None:
        """Close for good (the alert is handled and the supervisor is done with it)."""
        self._closing = True
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._closing:
            event.accept()
            return
        event.ignore()  # closing one screen's window closes them all, when allowed
        if self.alert.state is not AlertState.OPEN:
            self.close_requested.emit(self.alert.id)


class AlarmWindows(QObject):
    """Keeps one :class:`AlarmWindow` per screen for every panic-type alert on show."""

    acknowledge_requested = Signal(str)
    resolve_requested = Signal(str)
    displayed = Signal(str)  # alert id, the first time its windows appear

    def __init__(self, parent: QObject | None = None,
                 screens: Callable[[], list[QScreen]] = QGuiApplication.screens) -> None:
        super().__init__(parent)
        self._screens = screens
        self.windows: dict[str, list[AlarmWindow]] = {}
        self._dismissed: set[str] = set()
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.screenAdded.connect(self._screen_added)

    def sync(self, alerts: list[AlertRecord]) -> None:
        """Open, update or close windows to match ``alerts`` (every alert the board knows)."""
        for alert in alerts:
            if not alert.raises_alarm:
                continue
            windows = self.windows.get(alert.id)
            if windows:
                if alert.state is AlertState.RESOLVED:
                    self.dismiss(alert.id)
                else:
                    for window in windows:
                        window.update_alert(alert)
            elif alert.state is AlertState.OPEN and alert.id not in self._dismissed:
                self._open(alert)

    def _open(self, alert: AlertRecord) -> None:
        windows = [self._window(alert, screen) for screen in self._screens()]
        self.windows[alert.id] = windows
        for window in windows:
            window.show()
            window.raise_()
        if windows:
            windows[0].activateWindow()
        logger.info("alarm window shown for alert %s (%s, seat %s) on %d screen(s)",
                    alert.id, alert.category.value, alert.seat, len(windows))
        self.displayed.emit(alert.id)

    def _window(self, alert: AlertRecord, screen: QScreen) -> AlarmWindow:
        window = AlarmWindow(alert, screen)
        window.acknowledge_requested.connect(self.acknowledge_requested)
        window.resolve_requested.connect(self.resolve_requested)
        window.close_requested.connect(self.dismiss)
        return window

    def _screen_added(self, screen: QScreen) -> None:
        for windows in self.windows.values():
            if windows:
                window = self._window(windows[0].alert, screen)
                windows.append(window)
                window.show()

    def dismiss(self, alert_id: str) -> None:
        self._dismissed.add(alert_id)
        for window in self.windows.pop(alert_id, []):
            window.dispose()
        logger.info("alarm windows closed for alert %s", alert_id)

    def show_error(self, alert_id: str, text: str) -> None:
        for window in self.windows.get(alert_id, []):
            window.show_error(text)

    def close_all(self) -> None:
        for alert_id in list(self.windows):
            for window in self.windows.pop(alert_id):
                window.dispose()

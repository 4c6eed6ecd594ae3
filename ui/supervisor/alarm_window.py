"""The alarm: one always-on-top window on every screen while panic-type alerts are on show.

Several alarms stack in that one window: the newest on top, a count of those nobody has
acknowledged yet, the list of all of them with how long each has been waiting (updated every
second), and the details and buttons of the one selected in the list. Acknowledging one
selects the next waiting one; the others stay in the list. An alarm leaves the window when the
supervisor closes it after it was acknowledged (by anyone), cancelled by the agent, or when it
is resolved. While an alarm waits for acknowledgement the window cannot be closed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime

from PySide6.QtCore import QObject, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QCloseEvent, QColor, QFont, QGuiApplication, QScreen
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from protocol.states import AlertState
from protocol.views import AlertCategory, AlertRecord
from ui.design import SPACE_S, SPACE_XL
from ui.error_label import error_label
from ui.supervisor.texts import (
    alert_state_label,
    local_time,
    open_alarms_label,
    trigger_label,
    waited_label,
)

logger = logging.getLogger(__name__)

BANNER_STYLE = {
    AlertCategory.PANIC: "background:#b71c1c;color:white;",
    AlertCategory.DURESS: "background:#4a148c;color:white;",
    AlertCategory.TEST: "background:#0d47a1;color:white;",
}
HANDLED_STYLE = "background:#455a64;color:white;"
LIST_COLORS = {
    AlertCategory.PANIC: "#ffcdd2",
    AlertCategory.DURESS: "#e1bee7",
    AlertCategory.TEST: "#bbdefb",
}
TICK_MS = 1000

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


def newest_first(alerts: list[AlertRecord]) -> list[AlertRecord]:
    def when(alert: AlertRecord) -> float:
        moment = alert.waiting_since
        return moment.timestamp() if moment is not None else 0.0

    return sorted(alerts, key=when, reverse=True)


class AlarmWindow(QWidget):
    """One screen's alarm window: the stack of alarms on show, one of them in detail."""

    acknowledge_requested = Signal(str)
    resolve_requested = Signal(str)
    close_requested = Signal(str)
    close_all_requested = Signal()

    def __init__(self, alerts: list[AlertRecord], screen: QScreen, now: Clock = utc_now) -> None:
        super().__init__(None, Qt.WindowType.Window | Qt.WindowType.WindowStaysOnTopHint)
        self.setObjectName("alarm-window")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._now = now
        self._closing = False
        self.alerts: list[AlertRecord] = []
        self.alert: AlertRecord = alerts[0]

        self.count = QLabel()
        self.count.setObjectName("alarm-count")
        self.count.setAlignment(Qt.AlignmentFlag.AlignCenter)
        count_font = QFont(self.font())
        count_font.setPointSize(max(14, int(count_font.pointSize() * 1.5)))
        count_font.setBold(True)
        self.count.setFont(count_font)
        self.count.setMargin(6)
        self.count.setStyleSheet("background:#ffeb3b;color:black;")

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
        details.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        details.setFormAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        details.setHorizontalSpacing(SPACE_XL)
        details.setVerticalSpacing(SPACE_S)
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
        self.waiting = QLabel()
        self.waiting.setObjectName("alarm-waiting")
        self.waiting.setFont(state_font)
        self.error = error_label("alarm-error")

        self.list = QListWidget()
        self.list.setObjectName("alarm-list")
        self.list.setFont(field_font)
        self.list.setAccessibleName(self.tr("Open alarms"))
        self.list.currentItemChanged.connect(self._list_selected)

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
        body.addWidget(self.waiting)
        body.addWidget(self.error)
        body.addWidget(self.list, 1)
        body.addSpacing(SPACE_S)
        body.addLayout(buttons)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.count)
        layout.addWidget(self.banner)
        layout.addLayout(body)

        self.place_on(screen)
        self.set_alerts(alerts, select=alerts[0].id)

    def place_on(self, screen: QScreen) -> None:
        """Centred on ``screen``: tall enough for the list of several alarms, and for one alarm
        just as tall as its details and buttons (no empty band above the buttons)."""
        self.setScreen(screen)
        area = screen.availableGeometry()
        width = min(area.width() - 40, max(640, int(area.width() * 0.6)))
        layout = self.layout()
        if layout is not None:
            layout.invalidate()
            layout.activate()
        needed = (layout.totalHeightForWidth(width) if layout is not None and layout.hasHeightForWidth()
                  else self.sizeHint().height())
        several = not self.list.isHidden()
        wanted = max(520, int(area.height() * 0.7)) if several else needed
        height = min(area.height() - 40, max(wanted, needed))
        self.setGeometry(QRect(area.x() + (area.width() - width) // 2,
                               area.y() + (area.height() - height) // 2, width, height))

    def title_text(self, alert: AlertRecord) -> str:
        category = alert.category
        if category is AlertCategory.TEST:
            return self.tr("TEST — drill, not a real emergency")
        if category is AlertCategory.DURESS:
            return self.tr("DURESS — the agent signals danger under pressure")
        return self.tr("EMERGENCY — the agent needs help now")

    def short_title(self, alert: AlertRecord) -> str:
        category = alert.category
        if category is AlertCategory.TEST:
            return self.tr("TEST")
        if category is AlertCategory.DURESS:
            return self.tr("DURESS")
        return self.tr("EMERGENCY")

    @property
    def open_count(self) -> int:
        return sum(1 for a in self.alerts if a.state is AlertState.OPEN)

    def set_alerts(self, alerts: list[AlertRecord], select: str | None = None) -> None:
        """Show ``alerts`` (newest first); ``select`` one, else keep the selection sensibly."""
        self.alerts = newest_first(alerts)
        if not self.alerts:
            return
        by_id = {a.id: a for a in self.alerts}
        before = self.alert
        current = by_id.get(select or "") or by_id.get(before.id)
        waiting = [a for a in self.alerts if a.state is AlertState.OPEN]
        just_handled = (current is not None and current.id == before.id
                        and before.state is AlertState.OPEN
                        and current.state is not AlertState.OPEN)
        if select is None and waiting and (current is None or just_handled):
            current = waiting[0]  # the one just acknowledged: on to the newest still waiting
        self.alert = current or self.alerts[0]
        self.list.blockSignals(True)
        self.list.clear()
        for alert in self.alerts:
            item = QListWidgetItem()
            item.setData(Qt.ItemDataRole.UserRole, alert.id)
            if alert.state is AlertState.OPEN and alert.category in LIST_COLORS:
                item.setBackground(QBrush(QColor(LIST_COLORS[alert.category])))
                item.setForeground(QBrush(QColor("black")))
            self.list.addItem(item)
            if alert.id == self.alert.id:
                self.list.setCurrentItem(item)
        self.list.blockSignals(False)
        self.update_alert(self.alert)

    def _list_selected(self, item: QListWidgetItem | None, _previous: object = None) -> None:
        if item is None:
            return
        alert_id = item.data(Qt.ItemDataRole.UserRole)
        alert = next((a for a in self.alerts if a.id == alert_id), None)
        if alert is not None:
            self.show_error("")
            self.update_alert(alert)

    def _entry_text(self, alert: AlertRecord) -> str:
        seat = alert.seat or "?"
        who = f"{seat} {alert.agent_name}".strip()
        return f"{self.short_title(alert)} · {who} · {self._waiting_text(alert)}"

    def _waiting_text(self, alert: AlertRecord) -> str:
        if alert.state is AlertState.OPEN and alert.waiting_since is not None:
            return waited_label((self._now() - alert.waiting_since).total_seconds())
        return alert_state_label(alert)

    def update_alert(self, alert: AlertRecord) -> None:
        """Show ``alert`` in detail (and refresh the count, the list and the title)."""
        self.alert = alert
        seat = alert.seat or "?"
        title = self.title_text(alert)
        count = open_alarms_label(self.open_count)
        seats = " / ".join(dict.fromkeys(a.seat or "?" for a in self.alerts))
        # The short kind in the title: the window manager cuts a long one ("EMERGENCY — the…").
        short = self.short_title(alert)
        self.setWindowTitle(f"{short} · {seat} · {count} · {seats}" if len(self.alerts) > 1
                            else f"{short} · {seat}")
        self.count.setText(count)
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
        several = len(self.alerts) > 1
        if several != (not self.list.isHidden()):
            self.list.setVisible(several)
            screen = self.screen()
            if screen is not None:
                self.place_on(screen)
        self.tick()

    def tick(self) -> None:
        """Refresh the "waiting N s" texts."""
        alert = self.alert
        open_since = alert.state is AlertState.OPEN and alert.waiting_since is not None
        self.waiting.setText(self._waiting_text(alert) if open_since else "")
        self.waiting.setVisible(open_since)
        for row in range(self.list.count()):
            item = self.list.item(row)
            if row < len(self.alerts):
                item.setText(self._entry_text(self.alerts[row]))
        self.setAccessibleDescription(
            "\n".join([self.count.text()] + [self._entry_text(a) for a in self.alerts]))

    def list_texts(self) -> list[str]:
        return [self.list.item(row).text() for row in range(self.list.count())]

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def dispose(self) -> None:
        """Close for good (no alarm is on show any more)."""
        self._closing = True
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._closing:
            event.accept()
            return
        event.ignore()  # closing one screen's window closes them all, when allowed
        if self.open_count == 0:
            self.close_all_requested.emit()


class AlarmWindows(QObject):
    """Keeps one :class:`AlarmWindow` per screen while panic-type alerts are on show."""

    acknowledge_requested = Signal(str)
    resolve_requested = Signal(str)
    displayed = Signal(str)  # alert id, the first time it appears in the windows

    def __init__(self, parent: QObject | None = None,
                 screens: Callable[[], list[QScreen]] = QGuiApplication.screens,
                 now: Clock = utc_now) -> None:
        super().__init__(parent)
        self._screens = screens
        self._now = now
        self.screen_windows: list[AlarmWindow] = []
        self.shown: dict[str, AlertRecord] = {}
        self._dismissed: set[str] = set()
        self._ticker = QTimer(self)
        self._ticker.setObjectName("alarm-waiting-tick")
        self._ticker.setInterval(TICK_MS)
        self._ticker.timeout.connect(self.tick)
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.screenAdded.connect(self._screen_added)

    @property
    def windows(self) -> dict[str, list[AlarmWindow]]:
        """Per alert on show, the windows showing it (the same one per screen for all)."""
        return {alert_id: list(self.screen_windows) for alert_id in self.shown}

    def windows_for(self, alert_id: str) -> list[AlarmWindow]:
        return list(self.screen_windows) if alert_id in self.shown else []

    def stack(self) -> list[AlertRecord]:
        return newest_first(list(self.shown.values()))

    def sync(self, alerts: list[AlertRecord]) -> None:
        """Add, update or drop alarms to match ``alerts`` (every alert the board knows)."""
        added: list[AlertRecord] = []
        changed = False
        for alert in alerts:
            if not alert.raises_alarm:
                continue
            if alert.id in self.shown:
                if alert.state is AlertState.RESOLVED:
                    del self.shown[alert.id]
                    changed = True
                elif self.shown[alert.id] != alert:
                    self.shown[alert.id] = alert
                    changed = True
            elif alert.state is AlertState.OPEN and alert.id not in self._dismissed:
                self.shown[alert.id] = alert
                added.append(alert)
        if added or changed:
            newest = newest_first(added)[0].id if added else None
            self._redraw(select=newest, raise_windows=bool(added))
        for alert in added:
            logger.info("alarm window shown for alert %s (%s, seat %s) on %d screen(s)",
                        alert.id, alert.category.value, alert.seat, len(self.screen_windows))
            self.displayed.emit(alert.id)

    def _redraw(self, select: str | None = None, raise_windows: bool = False) -> None:
        stack = self.stack()
        if not stack:
            self.close_all()
            return
        if not self.screen_windows:
            self.screen_windows = [self._window(stack, screen) for screen in self._screens()]
            raise_windows = True
        for window in self.screen_windows:
            window.set_alerts(stack, select)
        waiting = [a for a in stack if a.state is AlertState.OPEN]
        logger.info("alarm stack: %d open alarm(s) of %d on show: %s", len(waiting), len(stack),
                    ", ".join(f"{a.category.value} seat {a.seat}" for a in stack))
        if raise_windows:
            for window in self.screen_windows:
                window.show()
                window.raise_()
            if self.screen_windows:
                self.screen_windows[0].activateWindow()
        self._ticker.start()

    def _window(self, alerts: list[AlertRecord], screen: QScreen) -> AlarmWindow:
        window = AlarmWindow(alerts, screen, self._now)
        window.acknowledge_requested.connect(self.acknowledge_requested)
        window.resolve_requested.connect(self.resolve_requested)
        window.close_requested.connect(self.dismiss)
        window.close_all_requested.connect(self.dismiss_handled)
        return window

    def _screen_added(self, screen: QScreen) -> None:
        stack = self.stack()
        if self.screen_windows and stack:
            window = self._window(stack, screen)
            self.screen_windows.append(window)
            window.show()

    def tick(self) -> None:
        for window in self.screen_windows:
            window.tick()

    def dismiss(self, alert_id: str) -> None:
        """The supervisor closed a handled alarm: it leaves the windows (and never returns)."""
        self._dismissed.add(alert_id)
        if self.shown.pop(alert_id, None) is not None:
            logger.info("alarm closed for alert %s", alert_id)
            self._redraw()

    def dismiss_handled(self) -> None:
        """The window's close button: every alarm on show that nobody waits for any more."""
        for alert in list(self.shown.values()):
            if alert.state is not AlertState.OPEN:
                self._dismissed.add(alert.id)
                del self.shown[alert.id]
        self._redraw()

    def show_error(self, alert_id: str, text: str) -> None:
        for window in self.windows_for(alert_id):
            if window.alert.id == alert_id:
                window.show_error(text)

    def close_all(self) -> None:
        self._ticker.stop()
        windows, self.screen_windows = self.screen_windows, []
        for window in windows:
            window.dispose()
        if windows:
            logger.info("alarm windows closed")

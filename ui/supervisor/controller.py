"""One logged-in console: live stream → board → main window, alarm windows and alarm sound."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QScreen
from PySide6.QtWidgets import QApplication

from assistant.supervision.api import ConsoleError, LoginRefused, SupervisorApi
from assistant.supervision.board import BoardChange, ChangeKind, SupervisionBoard
from assistant.supervision.sound import SoundPlayer
from assistant.supervision.stream import StreamState, TokenRenewal
from protocol.views import AlertRecord
from ui.supervisor.alarm_sound import AlarmSound
from ui.supervisor.alarm_window import AlarmWindows
from ui.supervisor.background import BackgroundCalls
from ui.supervisor.main_window import SupervisorWindow
from ui.supervisor.resolve_dialog import ResolveDialog
from ui.supervisor.stream_bridge import StreamBridge

logger = logging.getLogger(__name__)

HISTORY_LIMIT = 200
FLOOR_REFRESH_MS = 30_000


class ConsoleController(QObject):
    """Everything a console does once its supervisor is logged in."""

    changed = Signal()  # the board changed (after the views were refreshed)
    login_needed = Signal()  # the relay no longer accepts this login

    def __init__(
        self,
        api: SupervisorApi,
        password: str | None,
        *,
        player: SoundPlayer | None = None,
        screens: Callable[[], list[QScreen]] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.api = api
        self._password = password
        self.board = SupervisionBoard()
        self.calls = BackgroundCalls(self)
        self.window = SupervisorWindow(api.relay_url, api.name or "")
        self.alarms = AlarmWindows(self, screens) if screens else AlarmWindows(self)
        self.sound = AlarmSound(self, player)
        self.bridge = StreamBridge(api.stream_url, self._renew_token, self)
        self._shown: set[str] = set()
        self._resolve_dialogs: dict[str, ResolveDialog] = {}
        self._floor_timer = QTimer(self)
        self._floor_timer.setObjectName("floor-refresh")
        self._floor_timer.setInterval(FLOOR_REFRESH_MS)
        self._floor_timer.timeout.connect(self._fetch_floor)

        self.bridge.message.connect(self._on_message)
        self.bridge.state_changed.connect(self._on_stream_state)
        self.window.acknowledge_requested.connect(self.acknowledge)
        self.window.resolve_requested.connect(self.request_resolve)
        self.alarms.acknowledge_requested.connect(self.acknowledge)
        self.alarms.resolve_requested.connect(self.request_resolve)
        self.alarms.displayed.connect(self.mark_shown)

    # -- lifecycle -----------------------------------------------------------------------
    def start(self) -> None:
        self.window.show()
        self.bridge.start()
        self._floor_timer.start()

    def stop(self) -> None:
        self._floor_timer.stop()
        self.bridge.stop()
        self.sound.set_sounding(False)
        self.alarms.close_all()
        for dialog in list(self._resolve_dialogs.values()):
            dialog.close()
        self.calls.close()
        self.api.logout()

    def logged_in_again(self, password: str | None) -> None:
        """A new login after ``login_needed``: reconnect the stream with the new token."""
        self._password = password
        self.bridge.restart()

    # -- stream --------------------------------------------------------------------------
    @property
    def connected(self) -> bool:
        return self.bridge.state is StreamState.CONNECTED

    def _renew_token(self) -> TokenRenewal:
        """Called on the stream thread when the relay refuses the token (e.g. it expired)."""
        if not self._password or not self.api.name:
            return TokenRenewal.REFUSED
        try:
            self.api.login(self.api.name, self._password)
        except LoginRefused:
            return TokenRenewal.REFUSED
        except ConsoleError as exc:
            logger.info("cannot renew the login yet: %s", exc)
            return TokenRenewal.UNREACHABLE
        return TokenRenewal.RENEWED

    def _on_stream_state(self, value: str) -> None:
        state = StreamState(value)
        logger.info("console %s", "connected" if state is StreamState.CONNECTED
                    else f"not connected ({state.value})")
        self.window.set_connection(state)
        if state is StreamState.LOGIN_NEEDED:
            self.login_needed.emit()

    def _on_message(self, message: dict[str, Any]) -> None:
        self._apply(self.board.apply(message))

    def _apply(self, changes: list[BoardChange]) -> None:
        if not changes:
            return
        for change in changes:
            if change.kind is ChangeKind.RESET:
                logger.info("snapshot: %d open alert(s), %d agent(s)",
                            len(self.board.active_alerts()), len(self.board.agents))
                self._fetch_history()
            elif change.kind is ChangeKind.ALERT_ADDED and change.alert is not None:
                alert = change.alert
                logger.info("alert received: %s %s seat %s (%s)", alert.id, alert.kind,
                            alert.seat, alert.state or "unknown state")
                if alert.active and not alert.raises_alarm:
                    QApplication.alert(self.window)
            elif (change.kind is ChangeKind.ALERT_CHANGED and change.alert is not None
                  and change.previous is not None
                  and change.alert.state is not change.previous.state):
                alert = change.alert
                logger.info("alert %s is now %s%s", alert.id, alert.state or "unknown state",
                            f" by {alert.acknowledged_by}" if alert.acknowledged_by else "")
            elif (change.kind is ChangeKind.ALERT_CHANGED and change.alert is not None
                  and change.previous is not None
                  and change.alert.occurrences != change.previous.occurrences):
                alert = change.alert
                logger.info("alert %s %s seat %s: %d occurrences, last %s", alert.id,
                            alert.kind, alert.seat, alert.occurrences,
                            alert.last_at.isoformat() if alert.last_at else "?")
            elif change.kind is ChangeKind.CHANNELS:
                failing = self.board.failing_channels()
                logger.info("escalation channels: %s", ", ".join(
                    f"{c.name or c.kind or '?'} failing since {c.failing_since}, "
                    f"{c.pending} pending" for c in failing) if failing else "all reachable")
        self.refresh()

    def refresh(self) -> None:
        board = self.board
        self.window.refresh(board)
        self.alarms.sync(list(board.alerts.values()))
        self.sound.set_sounding(bool(board.alarming()))
        if self.window.isVisible():
            for alert in board.active_alerts():
                if not alert.raises_alarm:
                    self.mark_shown(alert.id)
        self.changed.emit()

    def _fetch_history(self) -> None:
        self.calls.run(lambda: self.api.alerts(limit=HISTORY_LIMIT),
                       lambda rows: self._apply(self.board.merge_history(rows)),
                       lambda exc: logger.warning("cannot load the alert history: %s", exc))

    def _fetch_floor(self) -> None:
        if not self.connected:
            return
        self.calls.run(self.api.agents,
                       lambda rows: self._apply(self.board.replace_agents(rows)),
                       lambda exc: logger.info("cannot refresh the floor: %s", exc))

    # -- actions -------------------------------------------------------------------------
    def mark_shown(self, alert_id: str) -> None:
        """Tell the relay this console displayed the alert (once per alert)."""
        if alert_id in self._shown:
            return
        self._shown.add(alert_id)
        self.calls.run(lambda: self.api.mark_shown(alert_id), self._merge_result,
                       lambda exc: self._shown_failed(alert_id, exc))

    def _shown_failed(self, alert_id: str, exc: Exception) -> None:
        logger.warning("cannot mark alert %s as shown: %s", alert_id, exc)
        self._shown.discard(alert_id)

    def acknowledge(self, alert_id: str) -> None:
        logger.info("acknowledging alert %s", alert_id)
        self.calls.run(lambda: self.api.acknowledge(alert_id), self._merge_result,
                       lambda exc: self._action_failed(alert_id, exc))

    def request_resolve(self, alert_id: str) -> None:
        alert = self.board.alerts.get(alert_id)
        if alert is None:
            return
        dialog = self._resolve_dialogs.get(alert_id)
        if dialog is None:
            dialog = ResolveDialog(alert)
            dialog.resolved.connect(self.resolve)
            dialog.destroyed.connect(lambda *_: self._resolve_dialogs.pop(alert_id, None))
            self._resolve_dialogs[alert_id] = dialog
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()

    def resolve(self, alert_id: str, note: str) -> None:
        logger.info("resolving alert %s", alert_id)
        self.calls.run(lambda: self.api.resolve(alert_id, note), self._merge_result,
                       lambda exc: self._action_failed(alert_id, exc))

    def _merge_result(self, view: dict[str, Any]) -> None:
        change = self.board.merge_alert(AlertRecord.from_json(view), newest=True)
        self._apply([change] if change else [])

    def _action_failed(self, alert_id: str, exc: Exception) -> None:
        logger.warning("action on alert %s failed: %s", alert_id, exc)
        text = self.tr("The relay did not take it: %1").replace("%1", str(exc))
        self.alarms.show_error(alert_id, text)
        self.window.show_message(text)

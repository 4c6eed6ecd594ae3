"""The tray app's channel to the supervisors' relay, for every feature to use.

Features call ``services.alerts.send(kind, payload)``; the event is on disk before the call
returns and reaches the relay as soon as it can. Supervisors' answers come back as signals
(``acknowledged``, ``shown``, ``delivered``), on the GUI thread.
"""

from __future__ import annotations

import logging
from typing import Any, cast

from PySide6.QtCore import QObject, Qt, Signal

from assistant import __version__
from assistant.alert_channel.channel import AlertChannel, ChannelListener, LinkStatus, RelayLink
from assistant.alert_channel.presence_state import AgentStateTracker
from assistant.alerts.outbox import AlertOutbox
from assistant.audit import AuditEvent, AuditLog
from protocol.kinds import EventKind
from protocol.states import AgentState
from ui.session_signals import SessionSignals
from ui.settings_service import SettingsService

logger = logging.getLogger(__name__)

# Audit events the relay hears of (their details are already masked by the audit redactor).
FORWARD_KINDS: frozenset[str] = frozenset({EventKind.LOCK_FAILED, EventKind.SELFCHECK_COMPLETED})


class AlertService(QObject):
    """Send events to the relay and hear back from the supervisors."""

    supervisors_changed = Signal(int)  # supervisor consoles on duty
    acknowledged = Signal(str)  # event id of an alert of ours a supervisor acknowledged
    shown = Signal(str)  # event id of an alert of ours a console has displayed
    delivered = Signal(str)  # event id the relay has stored
    link_changed = Signal()  # the link's status or the number of supervisors changed

    _worker_report = Signal(str, object)  # worker threads -> GUI thread

    def __init__(self, settings: SettingsService, audit: AuditLog, session: SessionSignals,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._settings = settings
        logging.getLogger("httpx").setLevel(logging.WARNING)  # not a log line per heartbeat
        self._tracker = AgentStateTracker()
        self._outbox = AlertOutbox(settings.paths.outbox_db)
        self._worker_report.connect(self._on_worker_report, Qt.ConnectionType.QueuedConnection)
        self.channel = AlertChannel(
            self._outbox,
            __version__,
            self.state_provider,
            ChannelListener(
                on_link=lambda status, online: self._worker_report.emit("link", (status, online)),
                on_delivered=lambda ids: self._worker_report.emit("delivered", list(ids)),
                on_acknowledged=lambda event_id: self._worker_report.emit("acknowledged",
                                                                          event_id),
                on_shown=lambda event_id: self._worker_report.emit("shown", event_id),
            ),
        )
        self._last_supervisors: int | None = None
        self._running = False
        self._stopped = False
        audit.subscribe(self._on_audit)
        session.locked.connect(self._on_locked)
        session.unlocked.connect(self._on_unlocked)
        session.idle_changed.connect(self._on_idle_changed)
        settings.changed.connect(self._reconfigure)

    # -- for the features --------------------------------------------------------------------
    def send(self, kind: str, payload: dict[str, Any], priority: int | None = None) -> str:
        """Commit an event to the outbox (any thread), wake the sender; returns the event id.

        Works when not enrolled too: the event waits on this computer until enrollment.
        """
        return self.channel.send(kind, payload, priority)

    def supervisors_online(self) -> int | None:
        """Supervisor consoles on duty at the relay's last answer; None when unknown."""
        return self.channel.supervisors_online()

    def enrolled(self) -> bool:
        return self.channel.enrolled()

    def expect_ack(self) -> None:
        """Ask the relay for acknowledgements every few seconds for a while."""
        self.channel.expect_ack()

    def set_state_hint(self, hint: str | None) -> None:
        """``"on_call"``, ``"on_break"`` or None: what the floor list shows besides lock/idle."""
        if self._tracker.set_hint(hint):
            self.channel.poke()

    def state_provider(self) -> str:
        """The state the heartbeat reports (active/idle/locked/on_break/on_call)."""
        return self._tracker.current().value

    def agent_state(self) -> AgentState:
        return self._tracker.current()

    def link(self) -> RelayLink:
        return RelayLink.from_settings(self._settings.current.relay)

    # -- life cycle --------------------------------------------------------------------------
    def start(self) -> None:
        """Connect to the relay (once; a second call does nothing)."""
        if self._running:
            return
        self._running = True
        self._reconfigure()

    def stop(self) -> None:
        if self._stopped:
            return
        self._stopped = True
        self.channel.shutdown()

    def _reconfigure(self) -> None:
        if self._stopped or not self._running:
            return
        status = self.channel.configure(self.link())
        if status in (LinkStatus.NOT_SET_UP, LinkStatus.KEY_MISSING):
            pending = self.channel.pending()
            logger.info("not connected to a relay (%s)%s", self.channel.status_detail,
                        f"; {pending} event(s) wait in the outbox" if pending else "")
        self.link_changed.emit()

    # -- events from elsewhere ---------------------------------------------------------------
    def _on_audit(self, event: AuditEvent) -> None:
        if event.kind in FORWARD_KINDS and not self._stopped:
            self.send(event.kind, dict(event.details))

    def _on_locked(self, _backend: str) -> None:
        if self._tracker.set_locked(True):
            self.channel.poke()

    def _on_unlocked(self) -> None:
        if self._tracker.set_locked(False):
            self.channel.poke()

    def _on_idle_changed(self, idle: bool) -> None:
        if self._tracker.set_idle(idle):
            self.channel.poke()

    def _on_worker_report(self, what: str, value: object) -> None:
        if what == "link":
            _status, online = cast("tuple[LinkStatus, int | None]", value)
            if online is not None and online != self._last_supervisors:
                self._last_supervisors = online
                self.supervisors_changed.emit(int(online))
            self.link_changed.emit()
        elif what == "delivered":
            for event_id in cast("list[str]", value):
                self.delivered.emit(str(event_id))
            self.link_changed.emit()
        elif what == "acknowledged":
            self.acknowledged.emit(str(value))
        elif what == "shown":
            self.shown.emit(str(value))

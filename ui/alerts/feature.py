"""The tray app's channel to the supervisors' relay, for every other feature to use.

Other features call ``host.alerts.send(kind, payload)``; the event is on disk before the
call returns and reaches the relay as soon as it can. The tooltip says whether a supervisor
console is on duty, in words that give nothing away to someone looking at the screen.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import Qt, Signal

from assistant import __version__
from assistant.alert_channel.channel import AlertChannel, ChannelListener, LinkStatus, RelayLink
from assistant.alert_channel.presence_state import AgentStateTracker
from assistant.alerts.kinds import AgentState, EventKind
from assistant.alerts.outbox import AlertOutbox
from assistant.audit import AuditEvent
from ui.feature import CheckResult, Feature

if TYPE_CHECKING:
    from ui.tray import TrayHost

logger = logging.getLogger(__name__)

# Audit events the relay hears of (their details are already masked by the audit redactor).
FORWARD_KINDS: frozenset[str] = frozenset({EventKind.LOCK_FAILED, EventKind.SELFCHECK_COMPLETED})

RELOAD_COMMAND = "relay.reload"

#: Never counted in the tooltip: a silent alarm waiting for the relay must not show on screen.
UNSPOKEN_KINDS: frozenset[str] = frozenset({
    EventKind.PANIC_ALERT, EventKind.PANIC_TEST, EventKind.PANIC_DURESS,
    EventKind.PANIC_CANCEL, EventKind.PANIC_NOTE,
})


class AlertChannelFeature(Feature):
    """``host.alerts``: send events to the relay and hear back from the supervisors."""

    supervisors_changed = Signal(int)  # supervisor consoles on duty
    acknowledged = Signal(str)  # event id of an alert of ours a supervisor acknowledged
    shown = Signal(str)  # event id of an alert of ours a console has displayed
    delivered = Signal(str)  # event id the relay has stored

    _worker_report = Signal(str, object)  # worker threads -> GUI thread

    def __init__(self, host: TrayHost) -> None:
        super().__init__(host)
        host.alerts = self  # type: ignore[attr-defined]
        logging.getLogger("httpx").setLevel(logging.WARNING)  # not a log line per heartbeat
        self._tracker = AgentStateTracker()
        self._outbox = AlertOutbox(host.ctx.paths.outbox_db)
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
        self._stopped = False
        host.ctx.audit.subscribe(self._on_audit)
        host.session.locked.connect(self._on_locked)
        host.session.unlocked.connect(self._on_unlocked)
        host.session.idle_changed.connect(self._on_idle_changed)
        host.settings_changed.connect(self._reconfigure)

    # -- API for other features ----------------------------------------------------------
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

    # -- lifecycle -----------------------------------------------------------------------
    def start(self) -> None:
        server = getattr(self.host, "server", None)
        if server is not None:
            server.register(RELOAD_COMMAND, self._reload_command)
        self._reconfigure()

    def stop(self) -> None:
        if self._stopped:
            return
        self._stopped = True
        self.channel.shutdown()

    def _link(self) -> RelayLink:
        return RelayLink.from_settings(self.host.ctx.settings.relay)

    def _reconfigure(self) -> None:
        if self._stopped:
            return
        status = self.channel.configure(self._link())
        if status in (LinkStatus.NOT_SET_UP, LinkStatus.KEY_MISSING):
            pending = self.channel.pending()
            logger.info("not connected to a relay (%s)%s", self.channel.status_detail,
                        f"; {pending} event(s) wait in the outbox" if pending else "")
        self.changed.emit()

    def _reload_command(self, _command: dict[str, Any]) -> dict[str, Any]:
        """``safety-assistant enroll`` asks the running app to pick up its new enrollment."""
        self.host.apply_settings()  # re-reads the settings; settings_changed reconfigures us
        return {"ok": True, "enrolled": self.enrolled()}

    # -- events from elsewhere -----------------------------------------------------------
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
            self.changed.emit()
        elif what == "delivered":
            for event_id in cast("list[str]", value):
                self.delivered.emit(str(event_id))
            self.changed.emit()
        elif what == "acknowledged":
            self.acknowledged.emit(str(value))
        elif what == "shown":
            self.shown.emit(str(value))

    # -- tray ----------------------------------------------------------------------------
    def status_lines(self) -> list[str]:
        status = self.channel.status
        if status is LinkStatus.NOT_SET_UP:
            line = self.tr("Connection: not set up")
        elif status is LinkStatus.KEY_MISSING:
            line = self.tr("Connection: this computer is not registered")
        elif status is LinkStatus.CONNECTING:
            line = self.tr("Connection: connecting…")
        elif status is LinkStatus.UNREACHABLE:
            line = self.tr("Not connected to the relay")
        elif status is LinkStatus.CLOCK_SKEW:
            line = self.tr("Not connected: check the workstation clock")
        else:
            online = self.channel.supervisors_online() or 0
            line = (self.tr("Connection: supervisor online (%n)", "", online) if online
                    else self.tr("Connection: no supervisor online"))
        lines = [line]
        clock = self.channel.clock_report()
        if status is LinkStatus.CONNECTED and clock is not None and not clock[0]:
            lines.append(self.tr("Check the workstation clock (it is off by more than a minute)"))
        pending = self.channel.outbox.pending_count(exclude_kinds=UNSPOKEN_KINDS)
        if pending and status is not LinkStatus.CONNECTED:
            lines.append(self.tr("Messages kept on this computer until connected: %n", "",
                                 pending))
        return lines

    def needs_attention(self) -> bool:
        return self.channel.status is LinkStatus.KEY_MISSING

    def self_test(self) -> list[CheckResult]:
        status, detail = self.channel.probe(self._link())
        results = [CheckResult("relay", status is LinkStatus.CONNECTED, detail, essential=False)]
        clock = self.channel.clock_report()
        if clock is not None:
            results.append(CheckResult("relay clock", clock[0], clock[1], essential=False))
        return results

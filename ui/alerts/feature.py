"""The relay connection in the tray: the tooltip says whether a supervisor console is on duty,
in words that give nothing away to someone looking at the screen; the self-test probes the
relay; ``relay.reload`` picks up a new enrollment. The channel itself is
``services.alerts`` (``ui.alerts.service``), which every feature sends through.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from assistant.alert_channel.channel import LinkStatus
from protocol.kinds import EventKind
from ui.feature import CheckResult, Feature, MenuPlace

if TYPE_CHECKING:
    from ui.services import Services
    from ui.tray import TrayHost

logger = logging.getLogger(__name__)

RELOAD_COMMAND = "relay.reload"

#: Never counted in the tooltip: a silent alarm waiting for the relay must not show on screen.
UNSPOKEN_KINDS: frozenset[str] = frozenset({
    EventKind.PANIC_ALERT, EventKind.PANIC_TEST, EventKind.PANIC_DURESS,
    EventKind.PANIC_CANCEL, EventKind.PANIC_NOTE,
})


class AlertChannelFeature(Feature):
    """The relay connection's tooltip lines, self-test and reload command."""

    menu_place = MenuPlace.CONNECTION

    def __init__(self, host: TrayHost, services: Services) -> None:
        super().__init__(host, services)
        self.alerts = services.alerts
        self.channel = services.alerts.channel
        self.alerts.link_changed.connect(self.changed)

    def start(self) -> None:
        self.services.commands.register(RELOAD_COMMAND, self._reload_command)
        self.alerts.start()

    def stop(self) -> None:
        self.alerts.stop()

    def _reload_command(self, _command: dict[str, Any]) -> dict[str, Any]:
        """``safety-assistant enroll`` asks the running app to pick up its new enrollment."""
        self.services.settings.reload()  # the alert service reconfigures on the change
        return {"ok": True, "enrolled": self.alerts.enrolled()}

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
        status, detail = self.channel.probe(self.alerts.link())
        results = [CheckResult("relay", status is LinkStatus.CONNECTED, detail, essential=False)]
        protocol = self.channel.protocol_report() if status is LinkStatus.CONNECTED else None
        if protocol is not None:
            results.append(CheckResult("relay protocol", protocol.matches, protocol.describe(),
                                       essential=False))
        clock = self.channel.clock_report()
        if clock is not None:
            results.append(CheckResult("relay clock", clock[0], clock[1], essential=False))
        return results

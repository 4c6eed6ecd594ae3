"""The running app's answers to ``safety-assistant panic`` (instance-channel commands).

Qt-free: the tray feature hands in how to raise, test and open a window, and registers
``handlers()`` on the instance channel. An answer never says anything a pedal user would
need to read, and never carries the code word or anything typed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from assistant.panic.cli import OPEN_COMMAND, STATUS_COMMAND, TRIGGER_COMMAND, PanicWindow
from assistant.panic.kinds import TriggerKind
from assistant.panic.service import RaisedAlert

Command = dict[str, Any]
Handler = Callable[[Command], Command]


class PanicSwitches(Protocol):
    """The ``[panic]`` settings the commands obey."""

    enabled: bool
    cli_enabled: bool


class PanicCommands:
    def __init__(self, settings: Callable[[], PanicSwitches],
                 trigger: Callable[[TriggerKind], RaisedAlert | None],
                 send_test: Callable[[TriggerKind], RaisedAlert | None],
                 open_window: Callable[[PanicWindow], None],
                 status: Callable[[], Command]) -> None:
        self._settings = settings
        self._trigger = trigger
        self._send_test = send_test
        self._open_window = open_window  # the app opens it after answering
        self._status = status

    def handlers(self) -> dict[str, Handler]:
        return {TRIGGER_COMMAND: self.trigger, OPEN_COMMAND: self.open,
                STATUS_COMMAND: lambda _command: self._status()}

    def trigger(self, command: Command) -> Command:
        """``panic.trigger`` (a pedal, a button): the alarm, or a test alarm with ``test``."""
        settings = self._settings()
        if not (settings.enabled and settings.cli_enabled):
            return {"ok": False, "error": "disabled"}
        alert = (self._send_test(TriggerKind.CLI) if command.get("test")
                 else self._trigger(TriggerKind.CLI))
        return {"ok": alert is not None, "event_id": alert.event_id if alert else None}

    def open(self, command: Command) -> Command:
        """``panic.open``: "I'm safe", the incident note or the PIN window."""
        try:
            window = PanicWindow(str(command.get("window", "")))
        except ValueError:
            return {"ok": False, "error": "unknown window"}
        if not self._settings().enabled:
            return {"ok": False, "error": "disabled"}
        self._open_window(window)
        return {"ok": True}

"""The running app's answers to ``safety-assistant panic``, without Qt."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from assistant.panic.cli import OPEN_COMMAND, STATUS_COMMAND, TRIGGER_COMMAND, PanicWindow
from assistant.panic.commands import PanicCommands
from assistant.panic.kinds import TriggerKind
from assistant.panic.service import RaisedAlert
from protocol.kinds import EventKind


@dataclass
class Switches:
    enabled: bool = True
    cli_enabled: bool = True


@dataclass
class App:
    switches: Switches = field(default_factory=Switches)
    raised: list[tuple[str, TriggerKind]] = field(default_factory=list)
    opened: list[PanicWindow] = field(default_factory=list)

    def alert(self, kind: EventKind, trigger: TriggerKind) -> RaisedAlert:
        self.raised.append((kind.value, trigger))
        return RaisedAlert(f"e{len(self.raised)}", kind, trigger.value, dt.datetime.now(dt.UTC))

    def commands(self) -> PanicCommands:
        return PanicCommands(lambda: self.switches,
                             lambda t: self.alert(EventKind.PANIC_ALERT, t),
                             lambda t: self.alert(EventKind.PANIC_TEST, t),
                             self.opened.append, lambda: {"ok": True, "open_alarms": 0})


def test_a_pedal_raises_the_alarm_or_a_test() -> None:
    app = App()
    commands = app.commands()
    assert commands.trigger({"cmd": TRIGGER_COMMAND}) == {"ok": True, "event_id": "e1"}
    assert commands.trigger({"cmd": TRIGGER_COMMAND, "test": True})["event_id"] == "e2"
    assert app.raised == [("panic.alert", TriggerKind.CLI), ("panic.test", TriggerKind.CLI)]


def test_the_policy_can_switch_the_command_off() -> None:
    app = App(Switches(cli_enabled=False))
    assert app.commands().trigger({}) == {"ok": False, "error": "disabled"}
    app.switches = Switches(enabled=False)
    assert app.commands().trigger({}) == {"ok": False, "error": "disabled"}
    assert app.commands().open({"window": "safe"}) == {"ok": False, "error": "disabled"}
    assert app.raised == [] and app.opened == []


def test_windows_open_by_name_and_an_unknown_one_is_refused() -> None:
    app = App()
    commands = app.commands()
    assert commands.open({"window": "note"}) == {"ok": True}
    assert commands.open({"window": "nonsense"}) == {"ok": False, "error": "unknown window"}
    assert app.opened == [PanicWindow.NOTE]


def test_every_command_has_a_handler() -> None:
    handlers = App().commands().handlers()
    assert set(handlers) == {TRIGGER_COMMAND, OPEN_COMMAND, STATUS_COMMAND}
    assert handlers[STATUS_COMMAND]({}) == {"ok": True, "open_alarms": 0}

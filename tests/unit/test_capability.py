"""The one capability result every platform service answers with, as the self-test prints it."""

from __future__ import annotations

from assistant.capability import Capability
from assistant.hotkeys import NullHotkeyService
from assistant.idle import NullIdleSource
from assistant.selfcheck.clipboard import NullClipboard


def test_the_three_answers_read_as_one_line() -> None:
    assert Capability.works().describe() == "available"
    assert Capability.missing("lpstat (CUPS client)").describe() == "unavailable: lpstat (CUPS client)"
    needs = Capability.permission("Input Monitoring", "System Settings › Privacy & Security › Input Monitoring")
    assert not needs.available and needs.needs_permission == "Input Monitoring"
    assert needs.describe() == ("needs permission: Input Monitoring "
                                "(System Settings › Privacy & Security › Input Monitoring)")
    assert Capability.permission("Accessibility").describe() == "needs permission: Accessibility"


def test_null_services_say_why_as_a_capability() -> None:
    for service in (NullIdleSource("no X display"), NullHotkeyService("no X display"), NullClipboard("no X display")):
        assert service.capability == Capability.missing("no X display")

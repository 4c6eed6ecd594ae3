"""The tray app is a host for features (auto-lock, breaks, clipboard guard, panic, self-check).

Each feature adds its own menu entries (only when it works), status lines for the tooltip,
self-test checks, and may ask for the attention icon. ``changed`` tells the host to refresh.
Everything a feature shares with the others comes in its constructor, as ``services``; its
``menu_place`` says where its entries and status lines go, whatever order features are added.
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, ClassVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMenu

from assistant.capability import Capability
from assistant.check_result import CheckResult

if TYPE_CHECKING:
    from ui.services import Services
    from ui.tray import TrayHost


class MenuPlace(enum.IntEnum):
    """Where a feature's menu entries and tooltip lines go, top to bottom."""

    CONNECTION = 10
    LOCK = 20
    BREAKS = 30
    SELF_CHECK = 40
    CLIPBOARD = 50
    SAFETY = 60  # last: the menu ends with the silent alarm's entries


class Feature(QObject):
    changed = Signal()
    menu_place: ClassVar[MenuPlace] = MenuPlace.SAFETY

    def __init__(self, host: TrayHost, services: Services) -> None:
        super().__init__(host)
        self.host = host
        self.services = services

    def start(self) -> None:
        """Begin working (timers, listeners)."""

    def stop(self) -> None:
        """Stop cleanly before the app quits."""

    def add_menu_entries(self, menu: QMenu) -> None:
        """Add this feature's tray menu entries (called each time the menu opens)."""

    def status_lines(self) -> list[str]:
        return []

    def needs_attention(self) -> bool:
        return False

    def self_test(self) -> list[CheckResult]:
        return []

    def capabilities(self) -> dict[str, Capability]:
        """What this feature's platform services can do here, by a short user-facing name
        (the settings dialog lists the ones that are not available)."""
        return {}

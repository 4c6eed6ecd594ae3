"""The tray app is a host for features (auto-lock, breaks, clipboard guard, panic, self-check).

Each feature adds its own menu entries (only when it works), status lines for the tooltip,
self-test checks, and may ask for the attention icon. ``changed`` tells the host to refresh.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMenu

from assistant.capability import Capability

if TYPE_CHECKING:
    from ui.tray import TrayHost


@dataclass
class CheckResult:
    name: str
    ok: bool
    detail: str
    essential: bool = True


class Feature(QObject):
    changed = Signal()

    def __init__(self, host: TrayHost) -> None:
        super().__init__(host)
        self.host = host

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

"""A tray host and its services, as ``ui.app`` builds them, for one test."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QApplication

from assistant.context import AppContext
from ui.services import Services, build_services
from ui.settings_service import SettingsService
from ui.tray import TrayHost


def make_desk(ctx: AppContext, app: QApplication, *, hotkeys: Any = None,
              **overrides: Any) -> tuple[TrayHost, Services]:
    """``hotkeys`` is one fake service every binding shares (a factory is made of it)."""
    settings = SettingsService(ctx)
    host = TrayHost(settings, app)
    factory = (lambda: hotkeys) if hotkeys is not None else None
    return host, build_services(settings, host, hotkeys=factory, **overrides)

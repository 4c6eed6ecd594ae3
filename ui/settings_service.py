"""The merged settings as a service: what they are now, and a signal when they change.

Reloading reads the policy and the user's settings file again (after the settings dialog
saves, a file on disk changed, or ``safety-assistant enroll`` asked the running app).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from assistant.context import AppContext
from assistant.paths import AppPaths
from assistant.settings import ResolvedSettings, Settings


class SettingsService(QObject):
    changed = Signal()

    def __init__(self, ctx: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx

    @property
    def current(self) -> Settings:
        return self.ctx.resolved.settings

    @property
    def resolved(self) -> ResolvedSettings:
        return self.ctx.resolved

    @property
    def paths(self) -> AppPaths:
        return self.ctx.paths

    def reload(self) -> None:
        self.ctx.reload_settings()
        self.changed.emit()

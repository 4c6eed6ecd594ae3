"""The tray icon, its menu and tooltip, built from the features' state each time."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QAction, QIcon
from PySide6.QtWidgets import QApplication, QMenu, QSystemTrayIcon

from assistant import __version__
from assistant.capability import Capability
from assistant.notifications import Notifier
from ui.feature import Feature
from ui.resources_access import icon_path
from ui.settings_service import SettingsService

logger = logging.getLogger(__name__)

TOOLTIP_REFRESH_MS = 30_000


class TrayHost(QObject):
    """Owns the tray icon. Features plug in; the host builds menu and tooltip from them."""

    quitting = Signal()

    def __init__(self, settings: SettingsService, app: QApplication) -> None:
        super().__init__()
        self.settings = settings
        self.ctx = settings.ctx
        self.app = app
        self.features: list[Feature] = []  # kept in menu order (each feature's menu_place)
        self._icons = {name: QIcon(icon_path(f"tray-{name}")) for name in ("normal", "attention")}
        self._icon_override: Callable[[QIcon], QIcon] | None = None
        self.tray = QSystemTrayIcon(self._icons["normal"], self)
        self.menu = QMenu()
        self.menu.aboutToShow.connect(self._rebuild_menu)
        self.tray.setContextMenu(self.menu)
        self.notifier = Notifier(fallback=self._tray_message, icon=icon_path("app"))
        self._dialogs: dict[str, object] = {}
        self._tooltip_timer = QTimer(self)
        self._tooltip_timer.setObjectName("tooltip-refresh")
        self._tooltip_timer.setInterval(TOOLTIP_REFRESH_MS)
        self._tooltip_timer.timeout.connect(self.refresh)
        settings.changed.connect(self._on_settings_changed)

    # -- features -----------------------------------------------------------------------
    def add_feature(self, feature: Feature) -> None:
        self.features.append(feature)
        self.features.sort(key=lambda f: f.menu_place)  # stable: equal places keep their order
        feature.changed.connect(self.refresh)

    def start(self) -> None:
        for feature in self.features:
            try:
                feature.start()
            except Exception:
                logger.exception("feature %s failed to start", type(feature).__name__)
        self.refresh()
        self.tray.show()
        self._tooltip_timer.start()

    def stop(self) -> None:
        self._tooltip_timer.stop()
        for feature in reversed(self.features):
            try:
                feature.stop()
            except Exception:
                logger.exception("feature %s failed to stop", type(feature).__name__)
        self.tray.hide()

    # -- look ---------------------------------------------------------------------------
    def set_icon_decorator(self, decorator: Callable[[QIcon], QIcon] | None) -> None:
        """Let a feature draw on the icon (e.g. a discreet acknowledgement mark)."""
        self._icon_override = decorator
        self.refresh()

    def needs_attention(self) -> bool:
        return bool(self.ctx.resolved.problems) or any(f.needs_attention() for f in self.features)

    def tooltip_text(self) -> str:
        lines = [self.tr("Agent Desk Safety Assistant")]
        for feature in self.features:
            lines.extend(feature.status_lines())
        if self.ctx.resolved.problems:
            lines.append(self.tr("Settings need attention (problems: %n)", "", len(self.ctx.resolved.problems)))
        return "\n".join(lines)

    def refresh(self) -> None:
        icon = self._icons["attention" if self.needs_attention() else "normal"]
        if self._icon_override is not None:
            icon = self._icon_override(icon)
        self.tray.setIcon(icon)
        self.tray.setToolTip(self.tooltip_text())

    # -- menu ---------------------------------------------------------------------------
    def _rebuild_menu(self) -> None:
        menu = self.menu
        menu.clear()
        title = menu.addAction(self.tr("Agent Desk Safety Assistant"))
        title.setEnabled(False)
        menu.addSeparator()
        for feature in self.features:
            try:
                feature.add_menu_entries(menu)
            except Exception:
                logger.exception("menu entries of %s failed", type(feature).__name__)
        menu.addSeparator()
        if self.ctx.resolved.problems:
            problems = menu.addAction(self.tr("Settings problems (%n)…", "", len(self.ctx.resolved.problems)))
            problems.triggered.connect(self.show_problems)
        settings = menu.addAction(self.tr("Settings…"))
        settings.triggered.connect(self.show_settings)
        about = menu.addAction(self.tr("About"))
        about.triggered.connect(self.show_about)
        if self.ctx.settings.general.allow_quit:
            quit_action = QAction(self.tr("Quit"), menu)
            quit_action.triggered.connect(self.request_quit)
            menu.addAction(quit_action)

    # -- windows ------------------------------------------------------------------------
    def show_once(self, key: str, factory: Callable[[], object]) -> None:
        """Show a non-modal window, or raise it when it is already open."""
        existing = self._dialogs.get(key)
        if existing is not None:
            try:
                existing.show()  # type: ignore[attr-defined]
                existing.raise_()  # type: ignore[attr-defined]
                existing.activateWindow()  # type: ignore[attr-defined]
                return
            except RuntimeError:  # deleted on close
                pass
        window = factory()
        self._dialogs[key] = window
        window.destroyed.connect(lambda *_: self._dialogs.pop(key, None))  # type: ignore[attr-defined]
        window.show()  # type: ignore[attr-defined]

    def show_settings(self) -> None:
        from ui.settings_dialog import SettingsDialog

        self.show_once("settings", lambda: SettingsDialog(self.ctx, on_saved=self.apply_settings,
                                                               changed=self.settings.changed,
                                                               capabilities=self.capabilities()))

    def capabilities(self) -> dict[str, Capability]:
        """Every feature's platform services and what they can do here."""
        found: dict[str, Capability] = {}
        for feature in self.features:
            found.update(feature.capabilities())
        return found

    def show_about(self) -> None:
        from ui.about_dialog import AboutDialog

        self.show_once("about", lambda: AboutDialog(self.ctx))

    def show_problems(self) -> None:
        from ui.problems_dialog import ProblemsDialog

        self.show_once("problems", lambda: ProblemsDialog(self.ctx.resolved.problems))

    def apply_settings(self) -> None:
        """Read the settings again; every feature follows ``settings.changed``."""
        self.settings.reload()

    def _on_settings_changed(self) -> None:
        from ui.i18n import install_translator

        install_translator(self.app, self.ctx.settings.general.language)
        self.refresh()

    # -- messages -----------------------------------------------------------------------
    def _tray_message(self, title: str, message: str) -> None:
        # Called from the notifier's thread: hop to the GUI thread.
        QTimer.singleShot(0, self, lambda: self.tray.showMessage(title, message, self._icons["normal"], 8000))

    def notify(self, title: str, message: str) -> None:
        if self.ctx.settings.general.notifications:
            self.notifier.notify(title, message)

    def notify_problems(self) -> None:
        problems = self.ctx.resolved.problems
        if problems:
            from ui.problem_text import problem_text

            self.notify(self.tr("Safety Assistant: settings problem"),
                        "\n".join(problem_text(p) for p in problems[:3]))

    def request_quit(self) -> None:
        if not self.ctx.settings.general.allow_quit:
            logger.info("quit refused: the policy does not allow quitting")
            return
        self.quitting.emit()
        self.app.exit(0)

    @staticmethod
    def version() -> str:
        return __version__

"""Notices when the settings or policy file changes on disk (``safety-assistant config set``,
an editor, a policy roll-out) so the running app and an open settings dialog follow it."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer

logger = logging.getLogger(__name__)


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_mtime_ns, stat.st_size


class SettingsFileWatcher(QObject):
    """Calls ``on_change`` once per change of any watched file. The folders are watched too:
    settings are saved by replacing the file, which a watch on the file alone would lose."""

    def __init__(self, files: list[Path], on_change: Callable[[], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._files = files
        self._on_change = on_change
        self._stamps = {path: _stamp(path) for path in files}
        self._watcher = QFileSystemWatcher(self)
        self._settle = QTimer(self)
        self._settle.setObjectName("settings-file-settle")
        self._settle.setSingleShot(True)
        self._settle.setInterval(150)  # a save is a write plus a rename: react once, after both
        self._settle.timeout.connect(self._check)
        self._watcher.fileChanged.connect(lambda _p: self._settle.start())
        self._watcher.directoryChanged.connect(lambda _p: self._settle.start())
        self._rewatch()

    def _rewatch(self) -> None:
        wanted = {str(p) for p in self._files if p.exists()} | {str(p.parent) for p in self._files if p.parent.is_dir()}
        missing = wanted - set(self._watcher.files()) - set(self._watcher.directories())
        if missing:
            self._watcher.addPaths(sorted(missing))

    def _check(self) -> None:
        self._rewatch()
        stamps = {path: _stamp(path) for path in self._files}
        if stamps == self._stamps:
            return
        self._stamps = stamps
        logger.info("settings file changed on disk; reloading")
        self._on_change()

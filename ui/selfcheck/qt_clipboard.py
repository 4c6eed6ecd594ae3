"""The system clipboard through Qt, for the self-check's clipboard probe (GUI thread only)."""

from __future__ import annotations

import logging

from PySide6.QtCore import QMimeData
from PySide6.QtGui import QClipboard, QGuiApplication

from assistant.capability import Capability

logger = logging.getLogger(__name__)

MODE = QClipboard.Mode.Clipboard


class QtClipboardText:
    """``assistant.selfcheck.clipboard.ClipboardText`` on QClipboard."""

    name = "qt"
    capability = Capability.works()
    needs_gui_thread = True  # QClipboard may only be used on the GUI thread

    def read_text(self) -> str | None:
        clipboard = QGuiApplication.clipboard()
        if clipboard is None:
            return None
        return clipboard.text(MODE)

    def clear(self) -> bool:
        clipboard = QGuiApplication.clipboard()
        if clipboard is None:
            return False
        clipboard.clear(MODE)
        mime = clipboard.mimeData(MODE)
        if mime is not None and (mime.hasText() or mime.hasHtml()):
            # Another application still owns it: take it over, empty.
            clipboard.setMimeData(QMimeData(), MODE)
        return not clipboard.text(MODE)

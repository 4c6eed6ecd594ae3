"""Another program with a text field, for the silent-alarm end-to-end tests.

A stand-in for the customer-facing chat: one focused QLineEdit that writes its text to
OUTPUT on every change and appends the name of every key event it receives to KEYS, so a test
can prove that the help hotkey never reached it. The cursor does not blink (screenshots of an
unchanged screen are then pixel-identical).

  python tests/e2e/panic_text_field.py OUTPUT KEYS
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QVBoxLayout, QWidget

TITLE = "Customer chat - panic test"


class KeyRecorder(QObject):
    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride):
            assert isinstance(event, QKeyEvent)
            name = Qt.Key(event.key()).name
            with self.path.open("a", encoding="utf-8") as keys:
                keys.write(f"{event.type().name} {name}\n")
        return False


def main() -> int:
    output, keys = Path(sys.argv[1]), Path(sys.argv[2])
    app = QApplication(sys.argv[:1])
    app.setApplicationName("PanicTextField")
    app.setCursorFlashTime(0)
    window = QWidget()
    window.setWindowTitle(TITLE)
    field = QLineEdit(window)
    field.setObjectName("chat")
    recorder = KeyRecorder(keys)
    field.installEventFilter(recorder)
    layout = QVBoxLayout(window)
    layout.addWidget(QLabel("Chat with the customer (a stand-in for the agent's chat app)", window))
    layout.addWidget(field)
    field.textChanged.connect(lambda text: output.write_text(text, encoding="utf-8"))
    output.write_text("", encoding="utf-8")
    keys.write_text("", encoding="utf-8")
    window.resize(640, 140)
    window.move(80, 160)
    window.show()
    window.activateWindow()
    field.setFocus()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())

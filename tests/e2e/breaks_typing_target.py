"""Another program with a text field, for the break end-to-end tests.

A separate process (like the agent's call app): one QLineEdit, focused, that writes its text
to a file on every change, so a test can prove that typing still reaches it while a break
card is showing. ``--fullscreen`` shows it full screen (a presentation, a screen share).

  python tests/e2e/breaks_typing_target.py OUTPUT_FILE [--fullscreen]
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QVBoxLayout, QWidget

TITLE = "Break typing target"


def save(path: Path, text: str) -> None:
    """Replace the file in one step, so a reader never sees it half written."""
    partial = path.with_suffix(".partial")
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, path)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("output", type=Path)
    parser.add_argument("--fullscreen", action="store_true")
    args = parser.parse_args()
    app = QApplication(sys.argv[:1])
    app.setApplicationName("BreakTypingTarget")
    window = QWidget()
    window.setWindowTitle(TITLE)
    field = QLineEdit(window)
    field.setObjectName("call-notes")
    layout = QVBoxLayout(window)
    layout.addWidget(QLabel("Call notes (a stand-in for the agent's call app)", window))
    layout.addWidget(field)
    field.textChanged.connect(lambda text: save(args.output, text))
    save(args.output, "")
    window.resize(640, 160)
    if args.fullscreen:
        window.showFullScreen()
    else:
        window.move(60, 120)
        window.show()
    window.activateWindow()
    field.setFocus()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Render resources/icons/app.svg as the executable's icon file for the frozen build.

  python scripts/app_icon.py build/icons/app.ico    # Windows (.exe icon)
  python scripts/app_icon.py build/icons/app.icns   # macOS (.app bundle icon)

build.spec runs it on Windows and macOS; the format follows the file name (Qt's ico and icns
image writers). The icon is generated, not committed.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "resources" / "icons" / "app.svg"
SIZE = 256


def render(target: Path) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication([])
    image = QImage(SIZE, SIZE, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    QSvgRenderer(str(SOURCE)).render(painter)
    painter.end()
    target.parent.mkdir(parents=True, exist_ok=True)
    if not image.save(str(target), target.suffix.lstrip(".")):
        raise SystemExit(f"app_icon: Qt could not write {target}")


if __name__ == "__main__":
    if len(sys.argv) != 2 or Path(sys.argv[1]).suffix not in (".ico", ".icns"):
        raise SystemExit(__doc__)
    render(Path(sys.argv[1]))

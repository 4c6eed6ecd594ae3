#!/usr/bin/env python3
"""The README's screenshots, taken from the real windows on a virtual X11 desktop, in Chinese.

Run through ``scripts/screenshots`` (which starts the desktop). The agent's app runs with all
its features in a throw-away base directory; customer data is copied to the clipboard from
another process (xclip), as an agent copying from the customer system would, so the clipboard
toast and the self-check show what they really show. Each window is captured from the X
screen with its frame (ImageMagick ``import``) into ``docs/screenshots/*.png``, kept under
150 KB each.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QWidget

from tests.e2e.desktop import clipboard_set

OUT = ROOT / "docs" / "screenshots"
MAX_BYTES = 150_000
MAX_WIDTH = 960
# A made-up resident ID (valid check digit), never a real person's.
SAMPLE_ID = "11010519491231002X"


def wait(seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QApplication.processEvents()
        time.sleep(0.02)


def wait_for(done: Callable[[], bool], seconds: float = 10) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QApplication.processEvents()
        if done():
            return
        time.sleep(0.05)
    raise TimeoutError("the window did not appear")


def capture(name: str, rect: QRect) -> Path:
    """Cut ``rect`` (screen pixels) out of the X screen, shrink it to fit, keep it small."""
    screen = QGuiApplication.primaryScreen().geometry()
    rect = rect.intersected(screen)
    if rect.isEmpty():
        raise RuntimeError(f"{name}: the window is not on the screen")
    OUT.mkdir(parents=True, exist_ok=True)
    raw = OUT / f".{name}.raw.png"
    path = OUT / f"{name}.png"
    geometry = f"{rect.width()}x{rect.height()}+{rect.x()}+{rect.y()}"
    subprocess.run(["import", "-window", "root", "-crop", geometry, "+repage", str(raw)], check=True)
    for colours in ("", "PNG8:"):
        subprocess.run(["convert", str(raw), "-resize", f"{MAX_WIDTH}x>", "-strip", f"{colours}{path}"],
                       check=True)
        if path.stat().st_size <= MAX_BYTES:
            break
    raw.unlink()
    print(f"{path.relative_to(ROOT)}: {rect.width()}×{rect.height()}, {path.stat().st_size // 1024} KB")
    return path


def shoot(name: str, window: QWidget, settle_s: float = 0.6) -> Path:
    window.show()
    wait_for(window.isVisible)
    wait(settle_s)
    return capture(name, on_screen(window))


def on_screen(window: QWidget) -> QRect:
    """Where the window is on the X screen. Qt does not learn the position of a frameless
    tool window that moved itself without the window manager, so ask X for those."""
    if not window.windowFlags() & Qt.WindowType.FramelessWindowHint:
        return window.frameGeometry()
    shell = subprocess.run(["xdotool", "getwindowgeometry", "--shell", str(int(window.winId()))],
                           capture_output=True, text=True, check=True).stdout
    values = dict(line.split("=", 1) for line in shell.split() if "=" in line)
    return QRect(int(values["X"]), int(values["Y"]), int(values["WIDTH"]), int(values["HEIGHT"]))


def agent_windows(app: QApplication, base: Path) -> None:
    from assistant.breaks import BreakKind
    from assistant.context import AppContext
    from assistant.selfcheck import Platform, Trigger, build_probes
    from ui.app import create_features
    from ui.breaks.eye_card import EyeBreakCard
    from ui.breaks.rest_overlay import RestOverlaySet
    from ui.breaks.stretches import stretch_for
    from ui.clipboard.feature import ClipboardFeature
    from ui.selfcheck.dialog import SelfCheckDialog
    from ui.selfcheck.lock_request import LockRequest
    from ui.settings_dialog import SettingsDialog
    from ui.tray import TrayHost

    (base / "config").mkdir(parents=True)
    (base / "config" / "settings.toml").write_text('[general]\nlanguage = "zh_CN"\n', encoding="utf-8")
    ctx = AppContext.create(str(base), str(base / "no-policy.toml"))
    host = TrayHost(ctx, app)
    create_features(host)
    host.start()
    wait(1.5)

    # The tray menu, opened where the tray icon is.
    tray = host.tray.geometry()
    where = tray.bottomLeft() if tray.isValid() else QPoint(QGuiApplication.primaryScreen().geometry().right() - 300, 30)
    host.menu.popup(where)
    wait_for(host.menu.isVisible)
    wait(0.5)
    capture("tray-menu", on_screen(host.menu))
    host.menu.hide()

    card = EyeBreakCard(20, interval_s=1200)
    shoot("eye-break", card)
    card.close()

    overlays = RestOverlaySet(BreakKind.REST, 600, 300, 2, True, stretch_for(0), work_s=3600)
    overlays.show()
    wait(1.0)
    capture("rest-overlay", QGuiApplication.primaryScreen().geometry())
    overlays.close()
    wait(0.5)

    # Customer data copied: the clipboard toast (warn, the default), then the self-check.
    clipboard = next(f for f in host.features if isinstance(f, ClipboardFeature))
    clipboard_set(f"客户王芳，身份证 {SAMPLE_ID}，手机 13812345678")
    wait_for(lambda: clipboard.toast is not None and clipboard.toast.isVisible())
    wait(0.6)
    assert clipboard.toast is not None
    capture("clipboard-toast", on_screen(clipboard.toast))

    dialog = SelfCheckDialog(audit=ctx.audit, end_of_shift=False, trigger=Trigger.TRAY,
                             probes=build_probes(ctx.settings, False, Platform()),
                             lock_request=LockRequest())
    dialog.show()
    dialog.start_checks()
    wait_for(lambda: not dialog.state.checking, 20)
    shoot("self-check", dialog)
    dialog.close()

    settings = SettingsDialog(ctx)
    settings.tabs.setCurrentIndex(2)  # breaks: minutes, fields of the chosen rhythm
    shoot("settings", settings)
    settings.close()
    host.stop()
    ctx.audit.close()


def console_windows() -> None:
    from datetime import UTC, datetime, timedelta

    from assistant.supervision.board import SupervisionBoard
    from protocol.views import AlertRecord
    from ui.supervisor.alarm_window import AlarmWindows
    from ui.supervisor.main_window import SupervisorWindow

    now = datetime.now(UTC)
    views = [
        {"id": "a1", "event_id": "e1", "agent_id": "ag1", "kind": "panic.alert", "state": "open",
         "seat": "A-17", "agent_name": "王芳", "workstation": "CS-PC-017", "trigger": "hotkey",
         "raised_at": (now - timedelta(seconds=75)).isoformat(),
         "received_at": (now - timedelta(seconds=75)).isoformat()},
        {"id": "b2", "event_id": "e2", "agent_id": "ag2", "kind": "panic.alert", "state": "open",
         "seat": "B-03", "agent_name": "李强", "workstation": "CS-PC-203", "trigger": "tray",
         "raised_at": (now - timedelta(seconds=12)).isoformat(),
         "received_at": (now - timedelta(seconds=12)).isoformat()},
    ]
    board = SupervisionBoard()
    board.apply({"type": "snapshot", "data": {
        "agents": [{"id": "ag1", "seat": "A-17", "name": "王芳", "workstation": "CS-PC-017",
                    "status": "online", "online": True, "state": "active"},
                   {"id": "ag2", "seat": "B-03", "name": "李强", "workstation": "CS-PC-203",
                    "status": "online", "online": True, "state": "on_call"}],
        "alerts": views}})
    window = SupervisorWindow("https://relay.example:8443", "zhao")
    window.refresh(board)
    window.set_connection(__import__("assistant.supervision.stream", fromlist=["StreamState"]).StreamState.CONNECTED)
    shoot("console", window)
    window.hide()
    alarms = AlarmWindows(screens=lambda: [QGuiApplication.primaryScreen()])
    alarms.sync([AlertRecord.from_json(v) for v in views])
    shoot("console-alarm", alarms.screen_windows[0])
    alarms.close_all()


def main() -> int:
    from ui.design import apply_app_font
    from ui.i18n import install_translator

    subprocess.run([sys.executable, str(ROOT / "scripts" / "translations.py"), "compile"], check=True,
                   stdout=subprocess.DEVNULL)
    app = QApplication(sys.argv[:1])
    app.setApplicationName("SafetyAssistant")
    app.setQuitOnLastWindowClosed(False)
    apply_app_font(app)
    install_translator(app, "zh_CN")
    with tempfile.TemporaryDirectory() as tmp:
        agent_windows(app, Path(tmp) / "agent")
    console_windows()
    return 0


if __name__ == "__main__":
    sys.exit(main())

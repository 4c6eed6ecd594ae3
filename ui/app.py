"""Start the tray app: one instance per user session, translations, features, Ctrl+C."""

from __future__ import annotations

import argparse
import logging
import signal
import socket
import sys

from PySide6.QtCore import QSocketNotifier, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QSystemTrayIcon

from assistant import __version__
from assistant.context import AppContext
from assistant.instance_channel import send_command
from assistant.logging_setup import init_logging
from ui.design import apply_app_font
from ui.garbage_collector import MainThreadGarbageCollector
from ui.i18n import install_translator
from ui.instance_server import InstanceServer
from ui.resources_access import icon_path
from ui.tray import TrayHost

logger = logging.getLogger(__name__)

TRAY_WAIT_MS = 1000
TRAY_WAIT_TRIES = 120


def create_features(host: TrayHost) -> None:
    """Plug every feature into the host. Each feature module adds itself here."""
    from ui.features import FEATURE_FACTORIES

    for factory in FEATURE_FACTORIES:
        try:
            host.add_feature(factory(host))
        except Exception:
            logger.exception("feature %s could not be created", getattr(factory, "__name__", factory))


def _install_signal_handlers(app: QApplication, on_quit: callable) -> None:  # type: ignore[valid-type]
    """Ctrl+C and SIGTERM quit cleanly without a polling timer: the signal wakes Qt via a socket."""
    if not hasattr(signal, "SIGTERM") or sys.platform == "win32":
        signal.signal(signal.SIGINT, lambda *_: on_quit())
        return
    reader, writer = socket.socketpair()
    reader.setblocking(False)
    writer.setblocking(False)
    signal.set_wakeup_fd(writer.fileno())
    notifier = QSocketNotifier(reader.fileno(), QSocketNotifier.Type.Read, app)

    def drain() -> None:
        try:
            reader.recv(64)
        except OSError:
            pass

    notifier.activated.connect(drain)
    app._signal_keepalive = (reader, writer, notifier)  # type: ignore[attr-defined]
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: QTimer.singleShot(0, on_quit))


def run(args: argparse.Namespace) -> int:
    ctx = AppContext.create(args.basedir, args.policy)
    init_logging(ctx.paths.log_file, debug=args.debug)
    self_test = bool(getattr(args, "self_test", False))

    if not self_test and send_command(ctx.paths.instance_address, {"cmd": "ping"}, timeout=2):
        print("Safety Assistant is already running in this session (坐席安全助手已在运行).")
        return 0

    QApplication.setApplicationName("SafetyAssistant")
    QApplication.setApplicationVersion(__version__)
    QApplication.setOrganizationName("AgentDesk")
    QApplication.setDesktopFileName("safety-assistant")
    app = QApplication(sys.argv[:1])
    app.setQuitOnLastWindowClosed(False)
    app.setWindowIcon(QIcon(icon_path("app")))
    apply_app_font(app)  # CJK fallbacks; no display name: Qt would append it to every title
    install_translator(app, ctx.settings.general.language)
    collector = MainThreadGarbageCollector(app)
    collector.start()

    host = TrayHost(ctx, app)
    create_features(host)

    if self_test:
        return_code = run_self_test_mode(host, app)
        ctx.audit.close()
        return return_code

    server = InstanceServer(ctx.paths.instance_address, app)
    if not server.listen():
        print("Safety Assistant could not open its command channel; is another copy starting?",
              file=sys.stderr)
    host.server = server  # type: ignore[attr-defined]
    from ui.settings_watcher import SettingsFileWatcher

    watched = [ctx.paths.settings_file] + ([ctx.policy_file] if ctx.policy_file is not None else [])
    host.settings_watcher = SettingsFileWatcher(watched, host.apply_settings, app)  # type: ignore[attr-defined]

    for problem in ctx.resolved.problems:
        print(f"Safety Assistant settings problem: {problem}", file=sys.stderr)
    ctx.audit.record("app.started", version=__version__, problems=len(ctx.resolved.problems))

    def quit_app() -> None:
        logger.info("quitting")
        app.exit(0)  # not quit(): in Qt 6 that asks windows to close, and one that refuses blocks it

    _install_signal_handlers(app, quit_app)
    app.aboutToQuit.connect(host.stop)

    def start_when_tray_ready(tries: int = 0) -> None:
        if QSystemTrayIcon.isSystemTrayAvailable() or tries >= TRAY_WAIT_TRIES:
            if tries >= TRAY_WAIT_TRIES:
                logger.warning("no system tray after %d s; starting anyway", tries)
            host.start()
            logger.info("tray icon shown")
            host.notify_problems()
            return
        QTimer.singleShot(TRAY_WAIT_MS, lambda: start_when_tray_ready(tries + 1))

    start_when_tray_ready()
    code = app.exec()
    ctx.audit.record("app.stopped")
    server.close()
    ctx.audit.close()
    return code


def run_self_test_mode(host: TrayHost, app: QApplication) -> int:
    from ui.self_test import run_self_test

    return run_self_test(host, app)

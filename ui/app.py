"""Start the tray app: one instance per user session, translations, features, Ctrl+C."""

from __future__ import annotations

import argparse
import logging
import signal
import socket
import sys
from collections.abc import Callable

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
from ui.resources_access import icon_path
from ui.services import Services, build_services
from ui.settings_service import SettingsService
from ui.tray import TrayHost

logger = logging.getLogger(__name__)

TRAY_WAIT_MS = 1000
TRAY_WAIT_TRIES = 120


def create_features(host: TrayHost, services: Services) -> None:
    """Plug every feature into the host; one that cannot be created leaves the others be."""
    from ui.features import FEATURE_FACTORIES

    for factory in FEATURE_FACTORIES:
        try:
            host.add_feature(factory(host, services))
        except Exception:
            logger.exception("feature %s could not be created", factory.__name__)


def _install_signal_handlers(app: QApplication, on_quit: Callable[[], None]) -> None:
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

    # The composition root: the services first, then every feature with them.
    settings = SettingsService(ctx, app)
    host = TrayHost(settings, app)
    services = build_services(settings, host)
    create_features(host, services)

    if self_test:
        return_code = run_self_test_mode(host, app)
        ctx.audit.close()
        return return_code

    server = services.commands
    if not server.listen():
        print("Safety Assistant could not open its command channel; is another copy starting?",
              file=sys.stderr)
    from ui.settings_watcher import SettingsFileWatcher

    watched = [ctx.paths.settings_file] + ([ctx.policy_file] if ctx.policy_file is not None else [])
    SettingsFileWatcher(watched, settings.reload, app)  # kept alive by its parent, the app

    # The resolver has logged the first problems and how many more there are; printing every
    # one of 100,000 problems here took longer than the rest of the start.
    ctx.audit.record("app.started", version=__version__, problems=len(ctx.resolved.problems))

    def quit_app() -> None:
        logger.info("quitting")
        app.exit(0)  # not quit(): in Qt 6 that asks windows to close, and one that refuses blocks it

    _install_signal_handlers(app, quit_app)
    app.aboutToQuit.connect(host.stop)
    app.aboutToQuit.connect(services.alerts.stop)

    def start_when_tray_ready(tries: int = 0) -> None:
        if QSystemTrayIcon.isSystemTrayAvailable() or tries >= TRAY_WAIT_TRIES:
            if tries >= TRAY_WAIT_TRIES:
                logger.warning("no system tray after %d s; starting anyway", tries)
            host.start()
            services.alerts.start()  # started by its feature already, unless that one failed
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

"""``safety-assistant supervisor --relay URL``: log in, then run the console until closed."""

from __future__ import annotations

import argparse
import logging
import sys

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from assistant import __version__
from assistant.logging_setup import init_logging
from assistant.paths import AppPaths
from assistant.supervision.api import (
    ConsoleError,
    LoginRefused,
    RelayUnreachable,
    SupervisorApi,
    normalize_relay_url,
)
from assistant.supervision.remembered import (
    forget_password,
    remember_password,
    remembered_password,
)
from ui.app import _install_signal_handlers
from ui.design import apply_app_font
from ui.garbage_collector import MainThreadGarbageCollector
from ui.i18n import install_translator
from ui.resources_access import icon_path
from ui.supervisor.background import BackgroundCalls
from ui.supervisor.controller import ConsoleController
from ui.supervisor.login_dialog import LoginDialog

logger = logging.getLogger(__name__)

LOG_NAME = "supervisor-console.log"


class SupervisorConsole(QObject):
    """The login flow around a :class:`ConsoleController`."""

    logged_in = Signal()

    def __init__(self, app: QApplication, relay_url: str, user: str = "",
                 password: str | None = None) -> None:
        super().__init__()
        self.app = app
        self.relay_url = normalize_relay_url(relay_url)
        self.user = user
        self._given_password = password
        self.api = SupervisorApi(self.relay_url)
        self.calls = BackgroundCalls(self, workers=1)
        self.controller: ConsoleController | None = None
        self.dialog: LoginDialog | None = None
        self._password: str | None = None

    def begin(self) -> None:
        """Log in with a given or remembered password, else ask."""
        if self._given_password is not None and self.user:
            self._login(self.user, self._given_password, remember=None, automatic=True)
            return
        remembered = remembered_password(self.relay_url, self.user) if self.user else None
        if remembered:
            logger.info("logging in as %s with the remembered password", self.user)
            self._login(self.user, remembered, remember=None, automatic=True)
            return
        self.ask()

    def ask(self, error: str = "") -> None:
        if self.dialog is None:
            remembered = bool(self.user and remembered_password(self.relay_url, self.user))
            self.dialog = LoginDialog(self.relay_url, self.user, remembered)
            self.dialog.submitted.connect(
                lambda name, password, remember: self._login(name, password, remember, False))
            self.dialog.rejected.connect(self._dialog_rejected)
        if error:
            self.dialog.show_error(error)
        self.dialog.show()
        self.dialog.raise_()
        self.dialog.activateWindow()

    def _dialog_rejected(self) -> None:
        if self.controller is None:
            logger.info("login cancelled")
            self.quit()

    def _login(self, name: str, password: str, remember: bool | None, automatic: bool) -> None:
        self.calls.run(lambda: self.api.login(name, password),
                       lambda _token: self._logged_in(name, password, remember),
                       lambda exc: self._login_failed(name, exc, automatic))

    def _logged_in(self, name: str, password: str, remember: bool | None) -> None:
        self.user = name
        self._password = password
        if remember is True:
            remember_password(self.relay_url, name, password)
        elif remember is False:
            forget_password(self.relay_url, name)
        if self.dialog is not None:
            dialog, self.dialog = self.dialog, None
            dialog.rejected.disconnect()
            dialog.accept()
            dialog.deleteLater()
        if self.controller is None:
            self.controller = ConsoleController(self.api, password)
            self.controller.login_needed.connect(lambda: self.ask(self.tr(
                "The relay asks you to log in again.")))
            self.controller.window.closing.connect(self.quit)
            self.controller.start()
        else:
            self.controller.logged_in_again(password)
        logger.info("console ready for %s at %s", name, self.relay_url)
        self.logged_in.emit()

    def _login_failed(self, name: str, exc: Exception, automatic: bool) -> None:
        logger.warning("login as %s failed: %s", name, exc)
        if isinstance(exc, LoginRefused):
            text = (self.tr("The remembered password was not accepted. Enter it again.")
                    if automatic else self.tr("Wrong name or password."))
        elif isinstance(exc, RelayUnreachable):
            text = self.tr("Cannot reach the relay: %1").replace("%1", str(exc))
        elif isinstance(exc, ConsoleError):
            text = str(exc)
        else:
            text = f"{type(exc).__name__}: {exc}"
        self.ask(text)

    def quit(self) -> None:
        """Leave the event loop. Not ``app.quit()``: in Qt 6 that first asks every window to
        close, and an alarm window waiting for acknowledgement refuses."""
        logger.info("quitting")
        self.app.exit(0)

    def shutdown(self) -> None:
        self.calls.close()
        if self.controller is not None:
            self.controller.stop()
        self.api.close()


def run(args: argparse.Namespace) -> int:
    paths = AppPaths.from_basedir(args.basedir)
    paths.ensure()
    init_logging(paths.log_dir / LOG_NAME, debug=bool(getattr(args, "debug", False)))
    logging.getLogger("httpx").setLevel(logging.WARNING)  # one line per request otherwise
    password = None
    if args.password_stdin:
        if not args.user:
            print("safety-assistant supervisor: --password-stdin needs --user", file=sys.stderr)
            return 2
        password = sys.stdin.readline().rstrip("\r\n")
    QApplication.setApplicationName("SafetySupervisor")
    QApplication.setApplicationVersion(__version__)
    QApplication.setOrganizationName("AgentDesk")
    QApplication.setDesktopFileName("safety-supervisor")
    app = QApplication(sys.argv[:1])
    app.setQuitOnLastWindowClosed(False)
    app.setWindowIcon(QIcon(icon_path("app")))
    apply_app_font(app)
    install_translator(app, args.language)
    # No application display name: Qt would append it to every window title, in English
    # before the translator is loaded, and the window manager then cuts the real title.
    logger.info("supervisor console %s starting for relay %s", __version__, args.relay)

    console = SupervisorConsole(app, args.relay, args.user or "", password)
    _install_signal_handlers(app, console.quit)
    collector = MainThreadGarbageCollector(app)
    collector.start()
    console.begin()
    code = app.exec()
    console.shutdown()
    logger.info("supervisor console stopped")
    return code

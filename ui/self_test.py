"""``--self-test``: start the GUI, show the tray icon, check each subsystem, one line each.

Exit status 0 only when every essential check passes. IT runs it after deployment; CI runs
it on the frozen build.
"""

from __future__ import annotations

import logging
import secrets
import sys
from collections.abc import Callable

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication, QSystemTrayIcon

from assistant.notifications import notifications_available
from ui.feature import CheckResult
from ui.tray import TrayHost

logger = logging.getLogger(__name__)


def _check(name: str, essential: bool, probe: Callable[[], str]) -> CheckResult:
    try:
        return CheckResult(name, True, probe(), essential)
    except Exception as exc:  # noqa: BLE001  # a probe that raises is a failed check, never a crash
        return CheckResult(name, False, f"{type(exc).__name__}: {exc}", essential)


def _wait(app: QApplication, ms: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def core_checks(host: TrayHost, app: QApplication) -> list[CheckResult]:
    ctx = host.ctx
    results = []

    def settings() -> str:
        problems = ctx.resolved.problems
        policy = ctx.policy_file if ctx.policy_file.exists() else f"{ctx.policy_file} (absent, defaults)"
        detail = f"policy {policy}; settings {ctx.paths.settings_file}"
        if problems:
            detail += f"; {len(problems)} problem(s): " + "; ".join(str(p) for p in problems[:3])
        return detail

    results.append(_check("settings", True, settings))

    def audit() -> str:
        ctx.audit.check_writable()
        return str(ctx.audit.path)

    results.append(_check("audit-store", True, audit))

    def keyring_probe() -> str:
        import keyring

        backend = keyring.get_keyring()
        name = f"{type(backend).__module__}.{type(backend).__name__}"
        if "fail" in name.lower() or "null" in name.lower():
            raise RuntimeError(f"no usable keyring backend ({name})")
        service, user, token = "AgentDeskSafetyAssistant", "self-test", secrets.token_hex(8)
        keyring.set_password(service, user, token)
        try:
            if keyring.get_password(service, user) != token:
                raise RuntimeError("the keyring returned a different value")
        finally:
            keyring.delete_password(service, user)
        return name

    results.append(_check("keyring", True, keyring_probe))

    def tray() -> str:
        if not QSystemTrayIcon.isSystemTrayAvailable():
            raise RuntimeError("no system tray on this desktop")
        host.start()
        _wait(app, 300)
        if not host.tray.isVisible():
            raise RuntimeError("the tray icon did not become visible")
        return "icon visible"

    results.append(_check("tray-icon", True, tray))

    def notifications() -> str:
        if not notifications_available():
            raise RuntimeError("no notification service (plyer backend missing); tray messages are used")
        if not host.notifier.send_blocking("Safety Assistant", "self-test", timeout_s=1):
            raise RuntimeError("the notification service refused the message; tray messages are used")
        return "desktop notifications work"

    results.append(_check("notifications", False, notifications))

    def translations() -> str:
        from ui.resources_access import resource_path

        qm = resource_path("translations", "safety_assistant_zh_CN.qm")
        if not qm.exists():
            raise RuntimeError(f"{qm} is missing: the UI would be English only")
        return "zh_CN, en"

    results.append(_check("translations", False, translations))
    return results


def run_self_test(host: TrayHost, app: QApplication) -> int:
    results = core_checks(host, app)
    for feature in host.features:
        try:
            results.extend(feature.self_test())
        except Exception as exc:  # noqa: BLE001  # one feature's broken self-test fails only its line
            results.append(CheckResult(type(feature).__name__, False, f"{type(exc).__name__}: {exc}"))
    width = max(len(r.name) for r in results)
    for r in results:
        status = "PASS" if r.ok else ("FAIL" if r.essential else "WARN")
        print(f"{status}  {r.name:<{width}}  {r.detail}", flush=True)
    failed = [r for r in results if r.essential and not r.ok]
    print(f"self-test: {'FAILED' if failed else 'OK'} "
          f"({sum(r.ok for r in results)}/{len(results)} passed)", flush=True)
    host.stop()
    sys.stdout.flush()
    return 1 if failed else 0

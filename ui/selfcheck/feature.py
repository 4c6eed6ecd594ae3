"""The self-check in the tray: "Leaving my desk" (离开工位), "End of shift" (下班离场), a
global hotkey, the end-of-shift reminder and the ``selfcheck.open`` instance command.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QMenu

from assistant.hotkeys.binding import HotkeyBinding
from assistant.selfcheck import Platform, SelfCheckReport, Trigger, build_probes
from assistant.selfcheck.flow import SelfCheckFlow
from ui.feature import CheckResult, Feature, MenuPlace
from ui.selfcheck.dialog import SelfCheckDialog
from ui.selfcheck.lock_request import AutoLockRequest, LockRequest
from ui.selfcheck.qt_clipboard import QtClipboardText
from ui.selfcheck.reminder import ShiftEndReminder

if TYPE_CHECKING:
    from ui.services import Services
    from ui.tray import TrayHost

logger = logging.getLogger(__name__)

DIALOG_KEY = "selfcheck"
OPEN_COMMAND = "selfcheck.open"


class SelfCheckFeature(Feature):
    hotkey_pressed = Signal()  # emitted on the hotkey service's thread
    menu_place = MenuPlace.SELF_CHECK

    def __init__(self, host: TrayHost, services: Services, *, platform: Platform | None = None,
                 lock_request: Callable[[], LockRequest] | None = None,
                 reminder: ShiftEndReminder | None = None) -> None:
        super().__init__(host, services)
        self.setObjectName("selfcheck")
        self.platform = platform
        self.hotkey = HotkeyBinding("self-check", factory=services.hotkeys)
        self._lock_request_factory = lock_request or (lambda: AutoLockRequest(services.locker, self))
        self.reminder = reminder or ShiftEndReminder(self)
        self.reminder.due.connect(self._on_shift_end)
        self.dialog: SelfCheckDialog | None = None
        self.last_report: SelfCheckReport | None = None
        self._running = False
        self.hotkey_pressed.connect(lambda: self.open_check(False, Trigger.HOTKEY))
        services.settings.changed.connect(self.apply_settings)
        services.session.resumed.connect(lambda _gap: self._schedule_reminder())

    def _settings(self) -> Any:
        return self.services.settings.current.selfcheck

    # -- life cycle -------------------------------------------------------------------------
    def start(self) -> None:
        self._running = True
        self.services.commands.register(OPEN_COMMAND, self._open_command)
        self.apply_settings()

    def stop(self) -> None:
        self._running = False
        self.reminder.stop()
        self.hotkey.close()

    def apply_settings(self) -> None:
        if not self._running:
            return
        settings = self._settings()
        if settings.hotkey != self.hotkey.spec or not settings.enabled:
            self.hotkey.bind(settings.hotkey if settings.enabled else "", self.hotkey_pressed.emit)
        self._schedule_reminder()
        self.changed.emit()

    def _schedule_reminder(self) -> None:
        settings = self._settings()
        if not self._running or not settings.enabled:
            self.reminder.stop()
            return
        self.reminder.schedule(settings.shift_end, settings.shift_end_weekdays)

    # -- opening the check ------------------------------------------------------------------
    def open_check(self, end_of_shift: bool, trigger: Trigger = Trigger.TRAY) -> SelfCheckDialog | None:
        """Show the checklist (or raise the one already open)."""
        if not self._settings().enabled:
            logger.info("self-check is turned off by the settings")
            return None
        if self.dialog is not None:
            self.host.show_once(DIALOG_KEY, lambda: self.dialog)  # raise it
            return self.dialog
        self.host.show_once(DIALOG_KEY, lambda: self._create_dialog(end_of_shift, trigger))
        return self.dialog

    def _create_dialog(self, end_of_shift: bool, trigger: Trigger) -> SelfCheckDialog:
        platform = dataclasses.replace(self.platform) if self.platform is not None else Platform()
        if platform.clipboard is None:
            platform.clipboard = QtClipboardText()
        probes = build_probes(self.services.settings.current, end_of_shift, platform)
        request = self._lock_request_factory()
        flow = SelfCheckFlow(self.services.audit, end_of_shift=end_of_shift, trigger=trigger,
                             probes=probes, extra_items=self._settings().extra_items)
        dialog = SelfCheckDialog(flow, request)
        request.setParent(dialog)
        dialog.report_recorded.connect(self._on_report)
        dialog.destroyed.connect(self._on_dialog_gone)
        self.dialog = dialog
        logger.info("self-check opened (%s, %s)", "end of shift" if end_of_shift else "leaving the desk",
                    trigger.value)
        dialog.start_checks()
        return dialog

    def _on_dialog_gone(self, *_args: object) -> None:
        self.dialog = None

    def _on_report(self, report: SelfCheckReport) -> None:
        self.last_report = report
        self.changed.emit()

    def _open_command(self, command: dict[str, Any]) -> dict[str, Any]:
        """``selfcheck.open``: answer at once, open the dialog right after (reading the
        clipboard may take a moment, and the caller should not wait for it)."""
        if not self._settings().enabled:
            return {"ok": False, "error": "the self-check is turned off"}
        end_of_shift = bool(command.get("end_of_shift", False))
        QTimer.singleShot(0, self, lambda: self.open_check(end_of_shift, Trigger.COMMAND))
        return {"ok": True}

    def _on_shift_end(self) -> None:
        self.host.notify(self.tr("End of shift"),
                         self.tr("Before you leave: do the last round of checks and lock the screen."))
        self.open_check(True, Trigger.REMINDER)

    # -- tray -------------------------------------------------------------------------------
    def add_menu_entries(self, menu: QMenu) -> None:
        if not self._settings().enabled:
            return
        leave = menu.addAction(self.hotkey.menu_text(self.tr("Leaving my desk…")))
        leave.setObjectName("selfcheck-leaving")
        leave.triggered.connect(lambda: self.open_check(False, Trigger.TRAY))
        end = menu.addAction(self.tr("End of shift…"))
        end.setObjectName("selfcheck-end-of-shift")
        end.triggered.connect(lambda: self.open_check(True, Trigger.TRAY))

    def status_lines(self) -> list[str]:
        if not self._settings().enabled:
            return []
        lines = []
        at = self.reminder.next_at
        if at is not None:
            lines.append(self.tr("End-of-shift check at %1").replace("%1", at.strftime("%H:%M")))
        report = self.last_report
        if report is not None:
            if report.completed:
                lines.append(self.tr("Last desk check: complete"))
            else:
                lines.append(self.tr("Last desk check: items left open: %n", "",
                                     report.payload()["failed"]))
        return lines

    # -- self-test --------------------------------------------------------------------------
    def self_test(self) -> list[CheckResult]:
        from assistant.selfcheck.app_windows import create_window_lister
        from assistant.selfcheck.printing import create_print_queue
        from assistant.selfcheck.removable import create_removable_drives

        results = []
        drives = create_removable_drives()
        listed = drives.drives()
        results.append(CheckResult("selfcheck-usb", listed is not None,
                                   f"{drives.name}: {len(listed)} removable drive(s)" if listed is not None
                                   else f"cannot list drives ({drives.capability.describe()})",
                                   essential=False))
        queue = create_print_queue()
        from assistant.selfcheck.printing import current_user

        jobs = queue.waiting_jobs(current_user())
        results.append(CheckResult("selfcheck-print-queue", jobs is not None,
                                   f"{queue.name}: readable" if jobs is not None
                                   else f"cannot read ({queue.capability.describe()})",
                                   essential=False))
        lister = create_window_lister()
        windows = lister.windows()
        results.append(CheckResult("selfcheck-windows", windows is not None,
                                   f"{lister.name}: {len(windows)} window(s)" if windows is not None
                                   else f"cannot list windows ({lister.capability.describe()})",
                                   essential=False))
        if self.hotkey.problem:
            results.append(CheckResult("selfcheck-hotkey", False, self.hotkey.problem, essential=False))
        elif self.hotkey.bound:
            results.append(CheckResult("selfcheck-hotkey", True, self.hotkey.describe(), essential=False))
        return results

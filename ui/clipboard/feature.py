"""The clipboard guard in the tray: its state, "Clear clipboard now", the warning toast and
notifications for masking and clearing, and the ``clipboard`` self-test check."""

from __future__ import annotations

import datetime as dt
import logging
from typing import TYPE_CHECKING

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMenu

from assistant.clipboard import ClipboardAction, ClipboardPolicy, FindingSummary, GuardCounter
from ui.clipboard.guard import ClipboardGuard
from ui.clipboard.toast import ClipboardToast
from ui.feature import CheckResult, Feature, MenuPlace

if TYPE_CHECKING:
    from ui.services import Services
    from ui.tray import TrayHost

logger = logging.getLogger(__name__)


class ClipboardFeature(Feature):
    menu_place = MenuPlace.CLIPBOARD

    def __init__(self, host: TrayHost, services: Services) -> None:
        super().__init__(host, services)
        self.guard: ClipboardGuard | None = None
        self.toast: ClipboardToast | None = None

    # -- life cycle ---------------------------------------------------------------------
    def _policy(self) -> ClipboardPolicy:
        return ClipboardPolicy.from_settings(self.services.settings.current.clipboard)

    def start(self) -> None:
        clipboard = QGuiApplication.clipboard()
        if clipboard is None:
            logger.warning("no clipboard on this platform: the clipboard guard is off")
            return
        guard = ClipboardGuard(clipboard, self._policy(), audit=self.services.audit, parent=self)
        self.guard = guard
        self._count_today_from_audit()
        guard.warned.connect(self._on_warned)
        guard.warning_withdrawn.connect(self._on_withdrawn)
        guard.masked.connect(self._on_masked)
        guard.clear_scheduled.connect(self._on_clear_scheduled)
        guard.state_changed.connect(self.changed)
        self.services.settings.changed.connect(self._apply_settings)
        if guard.policy.enabled:
            guard.start()
        else:
            logger.info("clipboard guard is off by settings")

    def stop(self) -> None:
        if self.guard is not None:
            self.guard.stop()
        if self.toast is not None:
            self.toast.withdraw()

    def _apply_settings(self) -> None:
        if self.guard is None:
            return
        policy = self._policy()
        self.guard.set_policy(policy)
        if policy.enabled and not self.guard.running:
            self.guard.start()
        elif not policy.enabled and self.guard.running:
            self.guard.stop()
        self.changed.emit()

    def _count_today_from_audit(self) -> None:
        """Today's masks and clears survive a restart: count them in the audit log."""
        assert self.guard is not None
        midnight = dt.datetime.combine(dt.date.today(), dt.time()).astimezone()
        try:
            events = self.services.audit.query(
                since=midnight, kinds=[GuardCounter.MASKED.audit_kind, GuardCounter.CLEARED.audit_kind])
        except Exception:
            logger.exception("could not count today's clipboard events")
            return
        for counter in (GuardCounter.MASKED, GuardCounter.CLEARED):
            n = sum(1 for e in events if e.kind == counter.audit_kind)
            if n:
                self.guard.core.counts.add(counter, n)

    # -- reactions ----------------------------------------------------------------------
    def _toast(self) -> ClipboardToast:
        if self.toast is None:
            self.toast = ClipboardToast()
            self.toast.mask_requested.connect(self.mask_now)
            self.toast.keep_requested.connect(self.keep)
        return self.toast

    def _on_warned(self, summary: FindingSummary) -> None:
        self._toast().show_warning(summary, self.host.tray.geometry())

    def _on_withdrawn(self) -> None:
        if self.toast is not None:
            self.toast.withdraw()

    def _note(self, title: str, summary: FindingSummary, lead: str = "") -> None:
        """A short note in the toast window (respects "Show desktop notifications")."""
        if not self.services.settings.current.general.notifications:
            return
        toast = self._toast()
        text = toast.describe(summary)
        toast.show_note(title, f"{lead}\n{text}" if lead else text, self.host.tray.geometry())

    def _on_masked(self, summary: FindingSummary, by: str) -> None:
        # Also after "Mask now": the agent sees what the clipboard holds now before pasting.
        self._note(self.tr("Customer data masked on the clipboard"), summary,
                   self.tr("You can paste it now.") if by == "user" else "")

    def _on_clear_scheduled(self, summary: FindingSummary, seconds: float) -> None:
        self._note(self.tr("Customer data on the clipboard"), summary,
                   self.tr("The clipboard will be cleared in %n s.", "", round(seconds)))

    def mask_now(self) -> None:
        if self.guard is not None:
            self.guard.mask_pending()

    def keep(self) -> None:
        if self.guard is not None:
            self.guard.keep_pending()

    def clear_now(self) -> None:
        if self.guard is not None:
            self.guard.clear_now()
        else:
            clipboard = QGuiApplication.clipboard()
            if clipboard is not None:
                clipboard.clear()

    # -- tray ---------------------------------------------------------------------------
    def status_line(self) -> str:
        guard = self.guard
        if guard is None:
            return self.tr("Clipboard guard: not available")
        if not guard.policy.enabled or not guard.running:
            return self.tr("Clipboard guard: off")
        counts = guard.core.counts
        if guard.policy.action is ClipboardAction.CLEAR:
            return self.tr("Clipboard guard: on (cleared today: %n)", "",
                           counts.get(GuardCounter.CLEARED))
        return self.tr("Clipboard guard: on (masked today: %n)", "",
                       counts.get(GuardCounter.MASKED))

    def status_lines(self) -> list[str]:
        return [self.status_line()]

    def add_menu_entries(self, menu: QMenu) -> None:
        menu.addSeparator()
        state = menu.addAction(self.status_line())
        state.setEnabled(False)
        clear = menu.addAction(self.tr("Clear clipboard now"))
        clear.triggered.connect(self.clear_now)

    def self_test(self) -> list[CheckResult]:
        try:
            clipboard = QGuiApplication.clipboard()
            if clipboard is None:
                raise RuntimeError("no clipboard on this platform")
            mime = clipboard.mimeData()
            formats = len(mime.formats()) if mime is not None else 0
            state = "off" if self.guard is None or not self.guard.running else \
                f"on, action {self.guard.policy.action.value}"
            primary = "; X11 PRIMARY not watched" if clipboard.supportsSelection() else ""
            detail = f"readable ({formats} format(s) now); guard {state}{primary}"
            checks = [CheckResult("clipboard", True, detail, essential=False)]
        except Exception as exc:  # noqa: BLE001 - the self-test reports any failure
            checks = [CheckResult("clipboard", False, f"{type(exc).__name__}: {exc}", essential=False)]
        return [*checks, _scanner_check()]


# GB 11643-1999's own example number: a published test vector, no person's ID.
_SAMPLE_ID, _SAMPLE_MASKED = "11010519491231002X", "110***********002X"


def _scanner_check() -> CheckResult:
    """The PII scanner finds and masks a known ID; says whether it runs compiled."""
    import pii

    build = "compiled (mypyc)" if pii.is_compiled() else "pure Python"
    try:
        findings = pii.scan(f"身份证 {_SAMPLE_ID}")
        ok = [(f.kind.value, f.masked) for f in findings] == [("cn_resident_id", _SAMPLE_MASKED)]
        detail = f"{build}; sample ID found and masked" if ok else \
            f"{build}; sample ID not found as expected ({len(findings)} finding(s))"
        return CheckResult("pii-scanner", ok, detail)
    except Exception as exc:  # noqa: BLE001 - the self-test reports any failure
        return CheckResult("pii-scanner", False, f"{build}; {type(exc).__name__}: {exc}")

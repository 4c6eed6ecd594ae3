"""The self-check's words: item labels, what each result means, hints where no fix exists.

The training's own terms in Chinese (离开工位, 下班离场, 纸质文件已收起或翻面 …).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from assistant.platform_flags import IS_MACOS, IS_WINDOWS
from assistant.selfcheck import CheckItem, ItemKey, ItemKind, ItemResult, Reason
from pii import FindingKind

CONTEXT = "SelfCheckTexts"  # lupdate needs the literal in each call below


def problem_label(item: CheckItem) -> str:
    """An automatic item's line when its check failed: the problem in words, not the goal
    beside a red mark (which reads like a pass)."""
    problems = {
        ItemKey.CLIPBOARD: QCoreApplication.translate("SelfCheckTexts", "Customer information is still on the clipboard"),
        ItemKey.REMOVABLE_STORAGE: QCoreApplication.translate("SelfCheckTexts", "A USB drive is still in the computer"),
        ItemKey.PRINT_QUEUE: QCoreApplication.translate("SelfCheckTexts", "A print job is still waiting at the printer"),
        ItemKey.CUSTOMER_APPS: QCoreApplication.translate("SelfCheckTexts", "A customer-data application is still open"),
    }
    return problems.get(item.key, item_label(item)) if item.key is not None else item_label(item)


def item_label(item: CheckItem) -> str:
    """The checklist line; manual items carry a mnemonic (Alt+letter ticks them)."""
    key = item.key
    if key is None:
        return item.text
    return {
        ItemKey.CLIPBOARD: QCoreApplication.translate("SelfCheckTexts", "No customer information on the clipboard"),
        ItemKey.REMOVABLE_STORAGE: QCoreApplication.translate("SelfCheckTexts", "No USB drive left in the computer"),
        ItemKey.PRINT_QUEUE: QCoreApplication.translate("SelfCheckTexts", "No print job waiting at the printer"),
        ItemKey.CUSTOMER_APPS: QCoreApplication.translate("SelfCheckTexts", "Customer-data applications closed"),
        ItemKey.PAPER_AWAY: QCoreApplication.translate("SelfCheckTexts", "&Paper documents put away or face down"),
        ItemKey.PRINTOUTS_COLLECTED: QCoreApplication.translate("SelfCheckTexts", "P&rintouts collected"),
        ItemKey.VALUABLES_LOCKED: QCoreApplication.translate("SelfCheckTexts", "&Valuables locked away"),
        ItemKey.APPLICATIONS_CLOSED: QCoreApplication.translate("SelfCheckTexts", "All &applications closed"),
        ItemKey.EQUIPMENT_OFF: QCoreApplication.translate("SelfCheckTexts", "Electrical &equipment switched off"),
        ItemKey.FILES_ARCHIVED: QCoreApplication.translate("SelfCheckTexts", "&Files archived"),
        ItemKey.WINDOWS_CLOSED: QCoreApplication.translate("SelfCheckTexts", "&Doors and windows closed"),
        ItemKey.SCREEN_LOCKED: QCoreApplication.translate("SelfCheckTexts", "Screen locked"),
    }[key]


def item_name_label(name: str) -> str:
    """The checklist line for an item's stored name (``paper_away``), without its mnemonic;
    a policy's extra item is its own text."""
    if name.startswith("extra:"):
        return name[len("extra:"):]
    try:
        ItemKey(name)
    except ValueError:
        return name
    text = item_label(CheckItem(name, ItemKind.MANUAL))
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def kind_names(kinds: tuple[str, ...]) -> str:
    from ui.clipboard.kind_names import kind_name

    names = []
    for kind in kinds:
        try:
            names.append(kind_name(FindingKind(kind)))
        except (ValueError, KeyError):
            names.append(kind)
    return QCoreApplication.translate("SelfCheckTexts", ", ").join(names)


def _eject_hint() -> str:
    if IS_WINDOWS:
        return QCoreApplication.translate("SelfCheckTexts", "Use 'Safely Remove Hardware' in the "
                                          "taskbar, then take the drive with you.")
    if IS_MACOS:
        return QCoreApplication.translate("SelfCheckTexts", "Eject it in the Finder, then take the drive with you.")
    return QCoreApplication.translate("SelfCheckTexts", "Eject it in the file manager, then take the drive with you.")


def result_text(result: ItemResult) -> str:
    """One sentence for the dialog: what was found, and what to do when it failed."""
    reason, subjects = result.reason, result.subjects
    joined = "; ".join(subjects)
    if reason is Reason.CLIPBOARD_CLEAN:
        return QCoreApplication.translate("SelfCheckTexts", "Nothing sensitive on the clipboard.")
    if reason is Reason.CLIPBOARD_HAS_IDENTIFIER:
        return QCoreApplication.translate("SelfCheckTexts", "On the clipboard: %1. Clear it before you leave.") \
            .replace("%1", kind_names(subjects))
    if reason is Reason.CLIPBOARD_UNREADABLE:
        return QCoreApplication.translate("SelfCheckTexts", "The clipboard cannot be read here; make sure you copied "
                                          "no customer information.")
    if reason is Reason.NO_REMOVABLE_DRIVE:
        return QCoreApplication.translate("SelfCheckTexts", "No removable drive found.")
    if reason in (Reason.REMOVABLE_MOUNTED, Reason.REMOVABLE_PLUGGED_IN):
        text = QCoreApplication.translate("SelfCheckTexts", "Still connected: %1.").replace("%1", joined)
        return text if result.fix is not None else f"{text} {_eject_hint()}"
    if reason is Reason.REMOVABLE_UNKNOWN:
        return QCoreApplication.translate("SelfCheckTexts", "USB drives cannot be checked here; make sure you "
                                          "leave none behind.")
    if reason is Reason.NO_PRINT_JOBS:
        return QCoreApplication.translate("SelfCheckTexts", "None of your print jobs is waiting.")
    if reason is Reason.PRINT_JOBS_WAITING:
        return QCoreApplication.translate("SelfCheckTexts", "Print jobs of yours still waiting: %n. Collect the "
                                          "printouts or cancel the jobs.", None, len(subjects))
    if reason is Reason.PRINT_QUEUE_UNKNOWN:
        return QCoreApplication.translate("SelfCheckTexts", "The print queue cannot be checked here; collect your "
                                          "printouts yourself.")
    if reason is Reason.NO_CUSTOMER_APPS:
        return QCoreApplication.translate("SelfCheckTexts", "No customer-data application is open.")
    if reason is Reason.CUSTOMER_APPS_OPEN:
        text = QCoreApplication.translate("SelfCheckTexts", "Still open: %1.").replace("%1", joined)
        if result.fix is None:
            text += " " + QCoreApplication.translate("SelfCheckTexts", "Close them yourself.")
        return text
    if reason is Reason.NO_CUSTOMER_APP_PATTERNS:
        return QCoreApplication.translate("SelfCheckTexts", "No customer-data applications are configured; close "
                                          "them yourself.")
    if reason is Reason.WINDOWS_UNKNOWN:
        return QCoreApplication.translate("SelfCheckTexts", "Open windows cannot be checked here; close customer-data "
                                          "applications yourself.")
    if reason is Reason.PROBE_FAILED:
        return QCoreApplication.translate("SelfCheckTexts", "This check did not work; check it yourself.")
    if reason is Reason.CHECKING:
        return QCoreApplication.translate("SelfCheckTexts", "Checking…")
    return ""

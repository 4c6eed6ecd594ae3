"""Visible names of the kinds of customer data (the training's own terms in Chinese)."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from pii import FindingKind

CONTEXT = "ClipboardKinds"

KIND_NAMES = {
    FindingKind.CN_RESIDENT_ID: QT_TRANSLATE_NOOP("ClipboardKinds", "Resident ID number"),
    FindingKind.BANK_CARD: QT_TRANSLATE_NOOP("ClipboardKinds", "Bank card number"),
    FindingKind.CN_MOBILE: QT_TRANSLATE_NOOP("ClipboardKinds", "Mobile number"),
    FindingKind.EMAIL: QT_TRANSLATE_NOOP("ClipboardKinds", "E-mail address"),
    FindingKind.CN_PASSPORT: QT_TRANSLATE_NOOP("ClipboardKinds", "Passport number"),
    FindingKind.HK_ID: QT_TRANSLATE_NOOP("ClipboardKinds", "Hong Kong ID number"),
    FindingKind.TW_ID: QT_TRANSLATE_NOOP("ClipboardKinds", "Taiwan ID number"),
    FindingKind.USCC: QT_TRANSLATE_NOOP("ClipboardKinds", "Unified social credit code"),
    FindingKind.CN_LANDLINE: QT_TRANSLATE_NOOP("ClipboardKinds", "Landline number"),
}


def kind_name(kind: FindingKind) -> str:
    return QCoreApplication.translate(CONTEXT, str(KIND_NAMES[kind]))

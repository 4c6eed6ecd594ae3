"""Simplified Chinese / English: follow the system locale unless the settings say otherwise."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

from ui.resources_access import resource_path

logger = logging.getLogger(__name__)

_installed: list[QTranslator] = []


def pick_language(setting: str) -> str:
    """'zh_CN' or 'en' for a ``general.language`` value ('system', 'zh_CN', 'en')."""
    if setting in ("zh_CN", "en"):
        return setting
    name = QLocale.system().name()  # e.g. zh_CN, zh_TW, en_US
    return "zh_CN" if name.startswith("zh") else "en"


def install_translator(app: QCoreApplication, setting: str) -> str:
    """Load the compiled catalogue for the chosen language; returns the language used."""
    for old in _installed:
        app.removeTranslator(old)
    _installed.clear()
    language = pick_language(setting)
    if language == "en":
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
        return language
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    qm = resource_path("translations", f"safety_assistant_{language}.qm")
    translator = QTranslator(app)
    if translator.load(str(qm)):
        app.installTranslator(translator)
        _installed.append(translator)
    else:
        logger.warning("translation %s is missing; run scripts/compile-translations", qm)
    return language

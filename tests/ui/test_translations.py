"""Every visible string has a Simplified Chinese translation, and the catalogue loads."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def _load_tool():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("translations_tool", REPO / "scripts" / "translations.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    sys.modules["translations_tool"] = module
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def test_every_visible_string_has_a_zh_cn_translation() -> None:
    tool = _load_tool()
    missing = tool.check()
    assert missing == [], "untranslated: " + "; ".join(f"{a}:[{c}] {s!r}" for a, c, s in missing)


def test_chinese_catalogue_translates_the_tray(qapp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    tool = _load_tool()
    tool.compile_all()
    from PySide6.QtCore import QCoreApplication

    from ui.i18n import install_translator

    assert install_translator(qapp, "zh_CN") == "zh_CN"
    try:
        assert QCoreApplication.translate("TrayHost", "Agent Desk Safety Assistant") == "坐席安全助手"
        assert QCoreApplication.translate("Settings", "Auto-lock") == "自动锁屏"
    finally:
        install_translator(qapp, "en")
    assert QCoreApplication.translate("TrayHost", "Agent Desk Safety Assistant") == "Agent Desk Safety Assistant"

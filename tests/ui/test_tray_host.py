from __future__ import annotations

from PySide6.QtWidgets import QMenu

from ui.feature import Feature
from ui.tray import TrayHost


class DemoFeature(Feature):
    def add_menu_entries(self, menu: QMenu) -> None:
        menu.addAction("Demo entry")

    def status_lines(self) -> list[str]:
        return ["demo status"]


def menu_texts(host: TrayHost) -> list[str]:
    host.menu.aboutToShow.emit()
    return [a.text() for a in host.menu.actions() if a.text()]


def test_menu_and_tooltip_come_from_features(qapp, make_ctx) -> None:  # type: ignore[no-untyped-def]
    host = TrayHost(make_ctx(), qapp)
    host.add_feature(DemoFeature(host))
    texts = menu_texts(host)
    assert "Demo entry" in texts and "Settings…" in texts and "About" in texts and "Quit" in texts
    host.refresh()
    assert "demo status" in host.tray.toolTip()


def test_policy_can_forbid_quitting(qapp, make_ctx) -> None:  # type: ignore[no-untyped-def]
    host = TrayHost(make_ctx(policy="[general]\nallow_quit = false\n"), qapp)
    assert "Quit" not in menu_texts(host)


def test_settings_problems_show_in_menu_and_tooltip(qapp, make_ctx) -> None:  # type: ignore[no-untyped-def]
    host = TrayHost(make_ctx(policy="[autolock]\nidle_timeout_s = 'x'\n"), qapp)
    assert host.needs_attention()
    assert any(t.startswith("Settings problems") for t in menu_texts(host))

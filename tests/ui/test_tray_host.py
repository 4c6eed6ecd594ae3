from __future__ import annotations

from PySide6.QtWidgets import QMenu

from tests.ui.desk import make_desk
from ui.feature import Feature, MenuPlace
from ui.tray import TrayHost


class DemoFeature(Feature):
    menu_place = MenuPlace.CLIPBOARD

    def add_menu_entries(self, menu: QMenu) -> None:
        menu.addAction("Demo entry")

    def status_lines(self) -> list[str]:
        return ["demo status"]


def menu_texts(host: TrayHost) -> list[str]:
    host.menu.aboutToShow.emit()
    return [a.text() for a in host.menu.actions() if a.text()]


def test_menu_and_tooltip_come_from_features(qapp, make_ctx) -> None:  # type: ignore[no-untyped-def]
    host, services = make_desk(make_ctx(), qapp)
    host.add_feature(DemoFeature(host, services))
    texts = menu_texts(host)
    assert "Demo entry" in texts and "Settings…" in texts and "About" in texts and "Quit" in texts
    host.refresh()
    assert "demo status" in host.tray.toolTip()


def test_policy_can_forbid_quitting(qapp, make_ctx) -> None:  # type: ignore[no-untyped-def]
    host, _ = make_desk(make_ctx(policy="[general]\nallow_quit = false\n"), qapp)
    assert "Quit" not in menu_texts(host)


def test_settings_problems_show_in_menu_and_tooltip(qapp, make_ctx) -> None:  # type: ignore[no-untyped-def]
    host, _ = make_desk(make_ctx(policy="[autolock]\nidle_timeout_s = 'x'\n"), qapp)
    assert host.needs_attention()
    assert any(t.startswith("Settings problems") for t in menu_texts(host))


class SafetyDemo(DemoFeature):
    menu_place = MenuPlace.SAFETY

    def add_menu_entries(self, menu: QMenu) -> None:
        menu.addAction("Safety entry")


class LockDemo(DemoFeature):
    menu_place = MenuPlace.LOCK

    def add_menu_entries(self, menu: QMenu) -> None:
        menu.addAction("Lock entry")


def test_menu_order_is_each_features_place_not_the_order_they_were_added(qapp, make_ctx) -> None:  # type: ignore[no-untyped-def]
    orders = []
    for factories in ([SafetyDemo, DemoFeature, LockDemo], [LockDemo, SafetyDemo, DemoFeature]):
        host, services = make_desk(make_ctx(), qapp)
        for factory in factories:
            host.add_feature(factory(host, services))
        orders.append([t for t in menu_texts(host) if t.endswith("entry")])
    assert orders[0] == orders[1] == ["Lock entry", "Demo entry", "Safety entry"]


def test_the_composition_root_builds_every_feature_in_any_order(qapp, make_ctx) -> None:  # type: ignore[no-untyped-def]
    from assistant.hotkeys import NullHotkeyService
    from ui.app import create_features
    from ui.features import FEATURE_FACTORIES

    host, services = make_desk(make_ctx(), qapp, hotkeys=NullHotkeyService("no hotkeys here"))
    create_features(host, services)
    assert {type(f) for f in host.features} == set(FEATURE_FACTORIES)
    places = [f.menu_place for f in host.features]
    assert places == sorted(places) and len(set(places)) == len(places)
    host.menu.aboutToShow.emit()
    menu = [a.objectName() or (a.menu().objectName() if a.menu() else "") for a in host.menu.actions()]
    assert menu.index("autolock-lock-now") < menu.index("selfcheck-leaving") < menu.index("panic-menu")

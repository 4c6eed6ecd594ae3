from __future__ import annotations

from PySide6.QtWidgets import QSpinBox

from ui.settings_dialog import SettingsDialog


def test_locked_values_are_disabled_with_reason(qtbot, make_ctx) -> None:  # type: ignore[no-untyped-def]
    ctx = make_ctx(policy="[breaks]\nstrict = true\n")
    dialog = SettingsDialog(ctx)
    qtbot.addWidget(dialog)
    strict = dialog.editors[("breaks", "strict")]
    assert not strict.isEnabled()
    assert "policy" in strict.toolTip()
    lock_command = dialog.editors[("autolock", "lock_command")]
    assert not lock_command.isEnabled()


def test_value_above_policy_maximum_is_refused(qtbot, make_ctx) -> None:  # type: ignore[no-untyped-def]
    ctx = make_ctx(policy="[autolock]\nidle_timeout_s = { max = 600 }\n")
    dialog = SettingsDialog(ctx)
    qtbot.addWidget(dialog)
    spin = dialog.editors[("autolock", "idle_timeout_s")]
    assert isinstance(spin, QSpinBox)
    assert "600" in spin.toolTip()
    spin.setValue(900)
    assert dialog.save() is False
    assert dialog.error.isVisibleTo(dialog)
    assert "above the maximum 600" in dialog.error.text()
    assert not ctx.paths.settings_file.exists()
    spin.setValue(120)
    assert dialog.save() is True
    assert "idle_timeout_s = 120" in ctx.paths.settings_file.read_text()
    assert [e.kind for e in ctx.audit.query()] == ["settings.changed"]


def test_every_editor_round_trips_its_current_value(qtbot, make_ctx) -> None:  # type: ignore[no-untyped-def]
    """Saving without changes works for every setting (no editor turns a value into text)."""
    ctx = make_ctx()
    dialog = SettingsDialog(ctx)
    qtbot.addWidget(dialog)
    for name in dialog.editors:
        if dialog.editors[name].isEnabled():
            assert dialog.value_of(name) == ctx.settings.get(*name), name
    assert dialog.save() is True

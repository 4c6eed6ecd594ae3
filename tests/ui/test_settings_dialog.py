from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from assistant.capability import Capability
from assistant.panic.pins import PinStore
from tests.ui.desk import make_desk
from ui.settings_dialog import SettingsDialog
from ui.settings_editors import DurationSpinBox, HotkeyEdit, KindsChecklist
from ui.settings_watcher import SettingsFileWatcher

REPO = Path(__file__).resolve().parents[2]


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
    assert isinstance(spin, DurationSpinBox)
    assert "10 min" in spin.toolTip()  # the policy's bound in the unit the field shows
    spin.setValue(15)  # minutes
    assert dialog.save() is False
    assert dialog.error.isVisibleTo(dialog)
    assert "above the maximum 600" in dialog.error.text()
    assert not ctx.paths.settings_file.exists()
    spin.setValue(2)
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


def _config_set(ctx, name: str, value: str) -> subprocess.CompletedProcess[str]:  # type: ignore[no-untyped-def]
    """The real command line, as a second process, against the same files as the open dialog."""
    return subprocess.run([sys.executable, "-m", "assistant", "--basedir", str(ctx.paths.settings_file.parent.parent),
                           "--policy", str(ctx.policy_file), "config", "set", name, value],
                          check=False, capture_output=True, text=True, cwd=REPO, timeout=120)


def _open_with_watcher(qtbot, qapp, ctx):  # type: ignore[no-untyped-def]
    host, _services = make_desk(ctx, qapp)
    watcher = SettingsFileWatcher([ctx.paths.settings_file, ctx.policy_file], host.apply_settings, qapp)
    dialog = SettingsDialog(ctx, on_saved=host.apply_settings, changed=host.settings.changed)
    qtbot.addWidget(dialog)
    return host, watcher, dialog


def test_config_set_reaches_the_open_dialog_and_save_keeps_it(qtbot, qapp, make_ctx) -> None:  # type: ignore[no-untyped-def]
    ctx = make_ctx(settings="[autolock]\nidle_timeout_s = 300\n")
    _host, _watcher, dialog = _open_with_watcher(qtbot, qapp, ctx)
    spin = dialog.editors[("autolock", "idle_timeout_s")]
    assert spin.value() == 5  # minutes
    result = _config_set(ctx, "autolock.idle_timeout_s", "120")
    assert result.returncode == 0, result.stderr
    qtbot.waitUntil(lambda: spin.setting_value() == 120, timeout=10_000)
    assert ctx.settings.autolock.idle_timeout_s == 120  # the running app follows the file too
    assert dialog.notice.isVisibleTo(dialog)
    dialog.editors[("breaks", "strict")].setChecked(True)  # the user's own edit
    assert dialog.save() is True
    text = ctx.paths.settings_file.read_text()
    assert "idle_timeout_s = 120" in text and "strict = true" in text


def test_an_edit_made_meanwhile_is_not_replaced_silently(qtbot, qapp, make_ctx) -> None:  # type: ignore[no-untyped-def]
    ctx = make_ctx()
    _host, _watcher, dialog = _open_with_watcher(qtbot, qapp, ctx)
    spin = dialog.editors[("autolock", "idle_timeout_s")]
    spin.set_setting_value(200)
    assert _config_set(ctx, "autolock.idle_timeout_s", "120").returncode == 0
    qtbot.waitUntil(lambda: dialog.notice.isVisibleTo(dialog), timeout=10_000)
    assert spin.setting_value() == 200
    assert "120" in dialog.notice.text()
    # A second outside change to another setting is followed; Save writes only the user's edit.
    assert _config_set(ctx, "clipboard.clear_after_s", "30").returncode == 0
    qtbot.waitUntil(lambda: dialog.editors[("clipboard", "clear_after_s")].value() == 30, timeout=10_000)
    assert dialog.save() is True
    text = ctx.paths.settings_file.read_text()
    assert "idle_timeout_s = 200" in text and "clear_after_s = 30" in text


def test_what_cannot_work_here_is_listed_with_the_permission_it_needs(qtbot, make_ctx) -> None:  # type: ignore[no-untyped-def]
    ctx = make_ctx()
    dialog = SettingsDialog(ctx, capabilities={
        "Code word": Capability.permission("Input Monitoring"),
        "Lock hotkey": Capability.works("<ctrl>+<alt>+l via macos-carbon"),
        "Session lock notifications": Capability.missing("Remote Desktop Services are not started yet"),
    })
    qtbot.addWidget(dialog)
    text = dialog.capabilities.text()
    assert not dialog.capabilities.isHidden()
    assert "Code word: needs the Input Monitoring permission" in text
    assert "Session lock notifications: Remote Desktop Services are not started yet" in text
    assert "Lock hotkey" not in text  # it works
    everything_works = SettingsDialog(ctx, capabilities={"Lock hotkey": Capability.works()})
    qtbot.addWidget(everything_works)
    assert everything_works.capabilities.isHidden()


def test_durations_read_in_minutes_and_save_in_seconds(qtbot, make_ctx) -> None:  # type: ignore[no-untyped-def]
    ctx = make_ctx()
    dialog = SettingsDialog(ctx)
    qtbot.addWidget(dialog)
    rest = dialog.editors[("breaks", "rest_interval_s")]
    assert isinstance(rest, DurationSpinBox) and rest.text() == "60"  # not 3600
    rest.setValue(45)
    assert dialog.save() is True
    assert "rest_interval_s = 2700" in ctx.paths.settings_file.read_text()


def test_fields_show_with_the_mode_they_belong_to(qtbot, make_ctx) -> None:  # type: ignore[no-untyped-def]
    dialog = SettingsDialog(make_ctx())
    qtbot.addWidget(dialog)
    mode = dialog.editors[("breaks", "mode")]
    assert dialog.row_shown(("breaks", "eye_interval_s"))
    assert not dialog.row_shown(("breaks", "pomodoro_work_s"))
    mode.setCurrentIndex(mode.findData("pomodoro"))
    assert dialog.row_shown(("breaks", "pomodoro_work_s"))
    assert not dialog.row_shown(("breaks", "eye_interval_s"))
    assert not dialog.row_shown(("panic", "hold_s"))  # only with confirm = "hold"
    confirm = dialog.editors[("panic", "confirm")]
    confirm.setCurrentIndex(confirm.findData("hold"))
    assert dialog.row_shown(("panic", "hold_s"))


def test_each_locked_control_says_the_policy_set_it(qtbot, make_ctx) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QLabel

    ctx = make_ctx(policy="[breaks]\nstrict = true\n")
    dialog = SettingsDialog(ctx)
    qtbot.addWidget(dialog)
    for name in (("breaks", "strict"), ("autolock", "lock_command")):
        note = dialog.rows[name].findChild(QLabel, "locked-note")
        assert note is not None and note.text() == "Set by the administrator's policy", name
    assert dialog.rows[("breaks", "mode")].findChild(QLabel, "locked-note") is None


def test_the_disguised_entry_shows_its_default_and_kinds_have_names(qtbot, make_ctx) -> None:  # type: ignore[no-untyped-def]
    dialog = SettingsDialog(make_ctx())
    qtbot.addWidget(dialog)
    assert dialog.editors[("panic", "tray_label")].placeholderText() == "Check for updates"
    kinds = dialog.editors[("clipboard", "kinds")]
    assert isinstance(kinds, KindsChecklist)
    assert kinds.boxes["uscc"].text() == "Unified social credit code"
    kinds.boxes["uscc"].setChecked(False)
    assert "uscc" not in dialog.value_of(("clipboard", "kinds"))


def test_a_hotkey_is_pressed_and_a_taken_one_is_refused(qtbot, make_ctx) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QKeyCombination, Qt

    ctx = make_ctx()
    dialog = SettingsDialog(ctx)
    qtbot.addWidget(dialog)
    lock = dialog.editors[("autolock", "hotkey")]
    assert isinstance(lock, HotkeyEdit) and lock.keys.keySequence().toString() == "Ctrl+Alt+L"
    ctrl_alt = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
    assert lock.capture(QKeyCombination(ctrl_alt, Qt.Key.Key_K))
    assert dialog.value_of(("autolock", "hotkey")) == "<ctrl>+<alt>+k"
    # the help hotkey's combination: refused, with the reason, and the value stays
    panic = ctrl_alt | Qt.KeyboardModifier.ShiftModifier
    assert not lock.capture(QKeyCombination(panic, Qt.Key.Key_F9))
    assert "Help hotkey" in lock.problem.text() and not lock.problem.isHidden()
    assert not lock.capture(QKeyCombination(Qt.KeyboardModifier.ControlModifier, Qt.Key.Key_C))
    assert "already use" in lock.problem.text()
    assert not lock.capture(QKeyCombination(Qt.KeyboardModifier.NoModifier, Qt.Key.Key_K))
    assert dialog.value_of(("autolock", "hotkey")) == "<ctrl>+<alt>+k"
    assert dialog.save() is True
    assert 'hotkey = "<ctrl>+<alt>+k"' in ctx.paths.settings_file.read_text()


def test_help_and_relay_settings_need_the_agents_pin(qtbot, make_ctx, memory_keyring) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QLineEdit, QPushButton

    ctx = make_ctx()
    pins = PinStore.for_paths(ctx.paths)
    open_dialog = SettingsDialog(ctx, pins=pins)
    qtbot.addWidget(open_dialog)
    assert open_dialog.section_open("panic")  # no PIN yet: open, with a hint to set one
    pins.change("2468", None)
    dialog = SettingsDialog(ctx, pins=pins)
    qtbot.addWidget(dialog)
    assert not dialog.section_open("panic") and not dialog.section_open("relay")
    assert dialog.section_open("breaks")
    dialog.editors[("panic", "enabled")].setChecked(False)  # cannot happen by hand: disabled
    assert dialog.save() is True
    assert not ctx.paths.settings_file.exists() or "[panic]" not in ctx.paths.settings_file.read_text()
    dialog = SettingsDialog(ctx, pins=pins)
    qtbot.addWidget(dialog)
    gate = dialog.pin_gates["panic"]
    field = gate.findChild(QLineEdit, "pin-panic")
    field.setText("1111")
    gate.findChild(QPushButton, "unlock-panic").click()
    assert not dialog.section_open("panic")
    field.setText("2468")
    gate.findChild(QPushButton, "unlock-panic").click()
    assert dialog.section_open("panic") and dialog.section_open("relay")
    dialog.editors[("panic", "enabled")].setChecked(False)
    assert dialog.save() is True
    assert "enabled = false" in ctx.paths.settings_file.read_text()

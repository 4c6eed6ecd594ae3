from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from PySide6.QtWidgets import QSpinBox

from assistant.capability import Capability
from tests.ui.desk import make_desk
from ui.settings_dialog import SettingsDialog
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
    assert spin.value() == 300
    result = _config_set(ctx, "autolock.idle_timeout_s", "120")
    assert result.returncode == 0, result.stderr
    qtbot.waitUntil(lambda: spin.value() == 120, timeout=10_000)
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
    spin.setValue(200)
    assert _config_set(ctx, "autolock.idle_timeout_s", "120").returncode == 0
    qtbot.waitUntil(lambda: dialog.notice.isVisibleTo(dialog), timeout=10_000)
    assert spin.value() == 200
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

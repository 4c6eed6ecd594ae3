"""Edits the user's settings. Values the policy fixes are shown disabled, each with the words
"Set by the administrator's policy"; values outside the policy's bounds are refused with a
clear message before saving. Durations read in minutes, hotkeys are pressed rather than typed,
the kinds of customer data are ticked by name, and fields show only with the mode they belong
to. The help button's and the supervisor connection's settings need the agent's PIN once one
is set, so that nobody else at the desk can quietly switch the silent alarm off."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, SignalInstance
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from assistant.capability import Capability
from assistant.context import AppContext
from assistant.panic.kinds import PinCheck
from assistant.panic.pins import MAX_PIN_LENGTH, PinStorageError, PinStore
from assistant.settings import SPECS, SettingSpec, UserSettingsFile
from ui.design import SPACE_S, fit_title, hint, min_width, text_width
from ui.error_label import error_label, show_error
from ui.problem_text import problem_reason
from ui.settings_editors import (
    HOTKEY_SETTINGS,
    KIND_SETTINGS,
    MINUTE_SETTINGS,
    DurationSpinBox,
    HotkeyEdit,
    KindsChecklist,
)
from ui.settings_labels import CHOICE_LABELS, SECTION_LABELS, SETTING_LABELS, tr

logger = logging.getLogger(__name__)

HIDDEN = {("relay", "agent_id")}
PIN_SECTIONS = ("panic", "relay")
# The tray entry's default text, as the panic feature translates it (its catalogue has it).
DEFAULT_DISGUISE = "Check for updates"

# A field shows only while the setting it belongs to has one of these values.
SHOWN_WHEN: dict[tuple[str, str], tuple[tuple[str, str], tuple[Any, ...]]] = {
    ("breaks", "eye_interval_s"): (("breaks", "mode"), ("20-20-20",)),
    ("breaks", "eye_duration_s"): (("breaks", "mode"), ("20-20-20",)),
    ("breaks", "rest_interval_s"): (("breaks", "mode"), ("20-20-20",)),
    ("breaks", "rest_duration_s"): (("breaks", "mode"), ("20-20-20",)),
    ("breaks", "pomodoro_work_s"): (("breaks", "mode"), ("pomodoro",)),
    ("breaks", "pomodoro_break_s"): (("breaks", "mode"), ("pomodoro",)),
    ("clipboard", "clear_after_s"): (("clipboard", "action"), ("clear",)),
    ("panic", "hotkey"): (("panic", "hotkey_enabled"), (True,)),
    ("panic", "confirm"): (("panic", "hotkey_enabled"), (True,)),
    ("panic", "hold_s"): (("panic", "confirm"), ("hold",)),
    ("panic", "tray_label"): (("panic", "tray_entry_enabled"), (True,)),
    ("panic", "code_word"): (("panic", "code_word_enabled"), (True,)),
}


class SettingsDialog(QDialog):
    def __init__(self, ctx: AppContext, on_saved: Callable[[], None] | None = None,
                 parent: QWidget | None = None, changed: SignalInstance | None = None,
                 capabilities: Mapping[str, Capability] | None = None,
                 pins: PinStore | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(self.tr("Safety Assistant settings"))
        self.ctx = ctx
        self._on_saved = on_saved
        self.editors: dict[tuple[str, str], QWidget] = {}
        self.rows: dict[tuple[str, str], QWidget] = {}
        self.forms: dict[str, QFormLayout] = {}
        self.locked_by_policy: set[tuple[str, str]] = set()
        self._pins = pins if pins is not None else PinStore.for_paths(ctx.paths)
        layout = QVBoxLayout(self)
        self.capabilities = QLabel()
        self.capabilities.setObjectName("capabilities")
        self.capabilities.setWordWrap(True)
        self._show_capabilities(capabilities or {})
        layout.addWidget(self.capabilities)
        self.tabs = QTabWidget()
        # Every tab's whole name stays readable: the window grows instead of eliding ("Su…").
        self.tabs.tabBar().setUsesScrollButtons(False)
        self.tabs.setElideMode(Qt.TextElideMode.ElideNone)
        layout.addWidget(self.tabs)
        forms = self.forms
        resolved = ctx.resolved
        self.pin_gates: dict[str, QWidget] = {}
        for (section, key), spec in SPECS.items():
            if (section, key) in HIDDEN:
                continue
            if section not in forms:
                page = QWidget()
                forms[section] = QFormLayout(page)
                forms[section].setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
                self.tabs.addTab(page, tr(SECTION_LABELS[section]))
                if section in PIN_SECTIONS:
                    forms[section].addRow(self._pin_gate(section))
            editor = self._editor(spec, resolved.settings.get(section, key))
            constraint = resolved.constraints[(section, key)]
            row: QWidget = editor
            if resolved.is_locked(section, key):
                editor.setEnabled(False)
                self.locked_by_policy.add((section, key))
                reason = (self.tr("Only the administrator's policy can set this.") if spec.admin_only
                          else self.tr("Fixed by the administrator's policy."))
                editor.setToolTip(reason)
                row = _with_note(editor, self.tr("Set by the administrator's policy"))
            elif constraint.from_policy and (constraint.minimum is not None or constraint.maximum is not None):
                editor.setToolTip(self.tr("The administrator's policy allows %1 to %2.")
                                  .replace("%1", self._bound_text((section, key), constraint.minimum))
                                  .replace("%2", self._bound_text((section, key), constraint.maximum)))
            editor.setObjectName(f"{section}.{key}")
            self.editors[(section, key)] = editor
            self.rows[(section, key)] = row
            label = QLabel(tr(SETTING_LABELS.get((section, key), key)))
            label.setWordWrap(True)
            label.setBuddy(editor)
            forms[section].addRow(label, row)
        for controller, _values in SHOWN_WHEN.values():
            _on_change(self.editors[controller], self._show_rows_by_mode)
        self._show_rows_by_mode()
        for section in PIN_SECTIONS:
            self._set_section_open(section, not self._pin_needed())
        # What each editor showed when the dialog opened or last followed the file: Save writes
        # only what the user changed since, so a newer value from elsewhere is not overwritten.
        self._shown = {name: self.value_of(name) for name in self.editors}
        self.notice = QLabel()
        self.notice.setObjectName("notice")
        self.notice.setWordWrap(True)
        self.notice.hide()
        layout.addWidget(self.notice)
        self.error = error_label("error")
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("Save"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.close)
        layout.addWidget(self.buttons)
        min_width(self, text_width(self, 72))
        fit_title(self)
        self.resize(self.minimumSizeHint().expandedTo(self.minimumSize()).width(), 560)
        if changed is not None:
            changed.connect(self.follow_settings)

    def _show_capabilities(self, capabilities: Mapping[str, Capability]) -> None:
        """What cannot work on this computer, and the permission that would make it work."""
        lines = []
        for name, capability in capabilities.items():
            if capability.available:
                continue
            if capability.needs_permission:
                lines.append(self.tr("%1: needs the %2 permission (System Settings › Privacy & "
                                     "Security › %2), then restart the app")
                             .replace("%1", name).replace("%2", capability.needs_permission))
            else:
                lines.append(f"{name}: {capability.reason}")
        self.capabilities.setText(self.tr("Not available on this computer:") + "\n" + "\n".join(lines)
                                  if lines else "")
        self.capabilities.setVisible(bool(lines))

    def follow_settings(self) -> None:
        """The settings changed outside this window (``config set``, another editor): show the
        new values; where the user has edited a field meanwhile, keep the edit and say so."""
        resolved = self.ctx.resolved
        kept: list[str] = []
        for name, editor in self.editors.items():
            current = self.value_of(name)
            new_editor = self._editor(SPECS[name], resolved.settings.get(*name))
            new_value = _editor_value(SPECS[name], new_editor)
            new_editor.deleteLater()
            if new_value == self._shown[name]:
                continue
            if current == self._shown[name]:
                _set_editor_value(editor, resolved.settings.get(*name))
                self._shown[name] = self.value_of(name)
            else:
                kept.append(f"{tr(SETTING_LABELS.get(name, name[1]))}: {_fmt_value(new_value)}")
                self._shown[name] = new_value
        if kept:
            self.notice.setText(self.tr("Changed outside this window while you were editing it "
                                        "(Save will replace it with what you entered here):")
                                + "\n" + "\n".join(kept))
        else:
            self.notice.setText(self.tr("These settings were changed outside this window; "
                                        "the new values are shown."))
        self.notice.show()

    # -- the PIN in front of the help button and the supervisor connection ----------------------
    def _pin_needed(self) -> bool:
        return self._pins.is_set()

    def _pin_gate(self, section: str) -> QWidget:
        gate = QWidget()
        gate.setObjectName(f"pin-gate-{section}")
        column = QVBoxLayout(gate)
        column.setContentsMargins(0, 0, 0, SPACE_S)
        if not self._pin_needed():
            column.addWidget(hint(self.tr("Set a PIN (“Set PIN…” in the tray menu) so that only you "
                                          "can change these settings.")))
            self.pin_gates[section] = gate
            return gate
        column.addWidget(hint(self.tr("These settings are protected: enter your PIN to change them.")))
        row = QHBoxLayout()
        field = QLineEdit()
        field.setObjectName(f"pin-{section}")
        field.setEchoMode(QLineEdit.EchoMode.Password)
        field.setMaxLength(MAX_PIN_LENGTH)
        field.setPlaceholderText(self.tr("PIN"))
        unlock = QPushButton(self.tr("Unlock"))
        unlock.setObjectName(f"unlock-{section}")
        error = error_label(f"pin-error-{section}")
        unlock.clicked.connect(lambda: self._unlock(section, field, error))
        field.returnPressed.connect(lambda: self._unlock(section, field, error))
        row.addWidget(field, 1)
        row.addWidget(unlock)
        column.addLayout(row)
        column.addWidget(error)
        self.pin_gates[section] = gate
        return gate

    def _unlock(self, section: str, field: QLineEdit, error: QLabel) -> bool:
        pin = field.text()
        field.clear()
        try:
            result = self._pins.check(pin) if pin else PinCheck.WRONG
        except PinStorageError as exc:
            show_error(error, self.tr("The PIN could not be checked: %1").replace("%1", str(exc)))
            return False
        if result not in (PinCheck.CANCEL, PinCheck.DURESS):
            show_error(error, self.tr("Wrong PIN."))
            return False
        error.hide()
        for gated in PIN_SECTIONS:  # one PIN opens both pages
            self._set_section_open(gated, True)
            gate = self.pin_gates.get(gated)
            if gate is not None:
                gate.hide()
        return True

    def _set_section_open(self, section: str, open_: bool) -> None:
        for name, editor in self.editors.items():
            if name[0] == section and name not in self.locked_by_policy:
                editor.setEnabled(open_)

    def section_open(self, section: str) -> bool:
        return any(editor.isEnabled() for name, editor in self.editors.items()
                   if name[0] == section and name not in self.locked_by_policy)

    # -- fields that belong to a mode -----------------------------------------------------------
    def _show_rows_by_mode(self) -> None:
        for name, (controller, values) in SHOWN_WHEN.items():
            if name not in self.rows:
                continue
            shown = self.value_of(controller) in values
            self.forms[name[0]].setRowVisible(self.rows[name], shown)

    def row_shown(self, name: tuple[str, str]) -> bool:
        return not self.rows[name].isHidden()

    def _bound_text(self, name: tuple[str, str], value: float | None) -> str:
        if value is not None and name in MINUTE_SETTINGS:
            return self.tr("%1 min").replace("%1", _fmt(round(value / 60, 1)))
        return _fmt(value)

    def _hotkey_taken(self, own: tuple[str, str], spec: str) -> str | None:
        """The other setting that already uses hotkey ``spec``, by its label."""
        for name in HOTKEY_SETTINGS:
            editor = self.editors.get(name)
            if name != own and isinstance(editor, HotkeyEdit) and editor.setting_value() == spec:
                return tr(SETTING_LABELS.get(name, name[1]))
        return None

    def _editor(self, spec: SettingSpec, value: Any) -> QWidget:
        name = (spec.section, spec.key)
        if name in MINUTE_SETTINGS:
            return DurationSpinBox(spec.minimum or 0, spec.maximum or 10**6, value)
        if name in HOTKEY_SETTINGS:
            return HotkeyEdit(str(value), lambda hotkey: self._hotkey_taken(name, hotkey))
        if name in KIND_SETTINGS:
            return KindsChecklist(list(value))
        if name == ("panic", "tray_label"):
            line = QLineEdit(str(value))
            # Empty means the default disguise: show it, so the agent knows what the menu says.
            line.setPlaceholderText(QCoreApplication.translate("PanicFeature", DEFAULT_DISGUISE))
            return line
        if spec.kind is bool:
            box = QCheckBox()
            box.setChecked(bool(value))
            return box
        if spec.choices:
            combo = QComboBox()
            for choice in spec.choices:
                combo.addItem(tr(CHOICE_LABELS.get(choice, choice)), choice)
            combo.setCurrentIndex(max(0, combo.findData(value)))
            return combo
        if spec.kind is int:
            spin = QSpinBox()
            # The spin box allows the hard range; the policy's bounds are checked on save so the
            # user gets a reason instead of a silently clamped number.
            spin.setRange(int(spec.minimum if spec.minimum is not None else 0),
                          int(spec.maximum if spec.maximum is not None else 10**6))
            spin.setValue(int(value))
            return spin
        if spec.kind is float:
            double = QDoubleSpinBox()
            double.setDecimals(1)
            double.setSingleStep(0.5)
            double.setRange(float(spec.minimum if spec.minimum is not None else 0.0),
                            float(spec.maximum if spec.maximum is not None else 10.0**6))
            double.setValue(float(value))
            return double
        line = QLineEdit()
        line.setText(", ".join(str(v) for v in value) if isinstance(value, list) else str(value))
        return line

    def value_of(self, name: tuple[str, str]) -> Any:
        return _editor_value(SPECS[name], self.editors[name])

    def save(self) -> bool:
        resolved = self.ctx.resolved
        changes: dict[tuple[str, str], Any] = {}
        errors = []
        for name, editor in self.editors.items():
            if not editor.isEnabled():
                continue
            value = self.value_of(name)
            if value == self._shown[name]:
                continue  # not edited here: whatever the file says now stays
            problem = resolved.check_user_value(*name, value)
            if problem is not None:
                errors.append(f"{tr(SETTING_LABELS.get(name, name[1]))}: {problem_reason(problem)}")
                continue
            changes[name] = value
        if errors:
            show_error(self.error, self.tr("Not saved:") + "\n" + "\n".join(errors))
            return False
        moved = UserSettingsFile(self.ctx.paths.settings_file).update(changes)
        if moved is not None:
            logger.warning("the unreadable settings file was kept as %s", moved)
        for section, key in changes:
            self.ctx.audit.record("settings.changed", key=f"{section}.{key}")
        if self._on_saved:
            self._on_saved()
        self.close()
        return True


def _fmt(value: float | None) -> str:
    if value is None:
        return "—"
    return str(int(value)) if float(value).is_integer() else str(value)


def _with_note(editor: QWidget, note: str) -> QWidget:
    """The editor with a short visible reason beside it ("由管理员策略设定")."""
    row = QWidget()
    line = QHBoxLayout(row)
    line.setContentsMargins(0, 0, 0, 0)
    line.addWidget(editor, 1)
    label = hint(note)
    label.setObjectName("locked-note")
    label.setWordWrap(False)
    line.addWidget(label)
    return row


def _on_change(editor: QWidget, slot: Callable[[], None]) -> None:
    if isinstance(editor, QCheckBox):
        editor.toggled.connect(lambda *_: slot())
    elif isinstance(editor, QComboBox):
        editor.currentIndexChanged.connect(lambda *_: slot())


def _editor_value(spec: SettingSpec, editor: QWidget) -> Any:
    if isinstance(editor, (DurationSpinBox, HotkeyEdit, KindsChecklist)):
        return editor.setting_value()
    if isinstance(editor, QCheckBox):
        return editor.isChecked()
    if isinstance(editor, QComboBox):
        return editor.currentData()
    if isinstance(editor, (QSpinBox, QDoubleSpinBox)):
        return editor.value()
    text = editor.text().strip()  # type: ignore[attr-defined]
    if spec.kind is list:
        items = [part.strip() for part in text.replace("，", ",").split(",") if part.strip()]
        if spec.default and isinstance(spec.default[0] if spec.default else None, int):
            try:
                return [int(item) for item in items]
            except ValueError:
                return items
        return items
    return text


def _set_editor_value(editor: QWidget, value: Any) -> None:
    if isinstance(editor, (DurationSpinBox, HotkeyEdit, KindsChecklist)):
        editor.set_setting_value(value)
    elif isinstance(editor, QCheckBox):
        editor.setChecked(bool(value))
    elif isinstance(editor, QComboBox):
        editor.setCurrentIndex(max(0, editor.findData(value)))
    elif isinstance(editor, QSpinBox):
        editor.setValue(int(value))
    elif isinstance(editor, QDoubleSpinBox):
        editor.setValue(float(value))
    elif isinstance(editor, QLineEdit):
        editor.setText(", ".join(str(v) for v in value) if isinstance(value, list) else str(value))


def _fmt_value(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, bool):
        return "✓" if value else "✗"
    return str(value)

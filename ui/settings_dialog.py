"""Edits the user's settings. Values the policy fixes are shown disabled with the reason;
values outside the policy's bounds are refused with a clear message before saving."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import Qt, SignalInstance
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from assistant.capability import Capability
from assistant.context import AppContext
from assistant.settings import SPECS, SettingSpec, UserSettingsFile
from ui.problem_text import problem_reason
from ui.settings_labels import CHOICE_LABELS, SECTION_LABELS, SETTING_LABELS, tr

logger = logging.getLogger(__name__)

HIDDEN = {("relay", "agent_id")}


class SettingsDialog(QDialog):
    def __init__(self, ctx: AppContext, on_saved: Callable[[], None] | None = None,
                 parent: QWidget | None = None, changed: SignalInstance | None = None,
                 capabilities: Mapping[str, Capability] | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(self.tr("Safety Assistant settings"))
        self.ctx = ctx
        self._on_saved = on_saved
        self.editors: dict[tuple[str, str], QWidget] = {}
        layout = QVBoxLayout(self)
        self.capabilities = QLabel()
        self.capabilities.setObjectName("capabilities")
        self.capabilities.setWordWrap(True)
        self._show_capabilities(capabilities or {})
        layout.addWidget(self.capabilities)
        self.tabs = QTabWidget()
        layout.addWidget(self.tabs)
        forms: dict[str, QFormLayout] = {}
        resolved = ctx.resolved
        for (section, key), spec in SPECS.items():
            if (section, key) in HIDDEN:
                continue
            if section not in forms:
                page = QWidget()
                forms[section] = QFormLayout(page)
                self.tabs.addTab(page, tr(SECTION_LABELS[section]))
            editor = self._editor(spec, resolved.settings.get(section, key))
            constraint = resolved.constraints[(section, key)]
            if resolved.is_locked(section, key):
                editor.setEnabled(False)
                reason = (self.tr("Only the administrator's policy can set this.") if spec.admin_only
                          else self.tr("Fixed by the administrator's policy."))
                editor.setToolTip(reason)
            elif constraint.from_policy and (constraint.minimum is not None or constraint.maximum is not None):
                editor.setToolTip(self.tr("The administrator's policy allows %1 to %2.")
                                  .replace("%1", _fmt(constraint.minimum)).replace("%2", _fmt(constraint.maximum)))
            editor.setObjectName(f"{section}.{key}")
            self.editors[(section, key)] = editor
            label = QLabel(tr(SETTING_LABELS.get((section, key), key)))
            label.setBuddy(editor)
            forms[section].addRow(label, editor)
        # What each editor showed when the dialog opened or last followed the file: Save writes
        # only what the user changed since, so a newer value from elsewhere is not overwritten.
        self._shown = {name: self.value_of(name) for name in self.editors}
        self.notice = QLabel()
        self.notice.setObjectName("notice")
        self.notice.setWordWrap(True)
        self.notice.hide()
        layout.addWidget(self.notice)
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020;")
        self.error.hide()
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("Save"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.close)
        layout.addWidget(self.buttons)
        self.resize(640, 480)
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

    def _editor(self, spec: SettingSpec, value: Any) -> QWidget:
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
            self.error.setText(self.tr("Not saved:") + "\n" + "\n".join(errors))
            self.error.show()
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


def _editor_value(spec: SettingSpec, editor: QWidget) -> Any:
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
    if isinstance(editor, QCheckBox):
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

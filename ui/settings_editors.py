"""The settings dialog's own editors: durations in minutes, a key-capture field for hotkeys,
and a checklist of the kinds of customer data by their Chinese / English names.

Each one keeps the value in the settings' own form (seconds, the pynput hotkey text, the kind
names) behind ``setting_value()`` / ``set_setting_value()``; only what the user sees differs.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QKeyCombination, Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QDoubleSpinBox,
    QGridLayout,
    QHBoxLayout,
    QKeySequenceEdit,
    QLabel,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from assistant.hotkeys import PUNCTUATION, HotkeySpecError, parse_hotkey
from pii import FindingKind
from ui.clipboard.kind_names import kind_name
from ui.design import ERROR_COLOUR, SPACE_S

# Settings shown in minutes (the file keeps seconds).
MINUTE_SETTINGS = frozenset({
    ("autolock", "idle_timeout_s"),
    ("breaks", "eye_interval_s"), ("breaks", "rest_interval_s"), ("breaks", "rest_duration_s"),
    ("breaks", "pomodoro_work_s"), ("breaks", "pomodoro_break_s"), ("breaks", "postpone_s"),
    ("breaks", "on_call_max_s"),
})
HOTKEY_SETTINGS = frozenset({("autolock", "hotkey"), ("panic", "hotkey"), ("selfcheck", "hotkey")})
KIND_SETTINGS = frozenset({("clipboard", "kinds")})

# Combinations the operating system or every program already uses: a hotkey there would
# either never fire or take the key from the agent (copy, paste, switching windows …).
SYSTEM_HOTKEYS = frozenset({
    "<ctrl>+<alt>+<delete>", "<ctrl>+<shift>+<esc>", "<alt>+<tab>", "<alt>+<f4>", "<alt>+<space>",
    "<alt>+<esc>", "<ctrl>+<esc>", "<cmd>+l", "<cmd>+d", "<cmd>+e", "<cmd>+r", "<cmd>+<tab>",
    "<cmd>+<space>", "<ctrl>+<alt>+t", "<ctrl>+<alt>+<left>", "<ctrl>+<alt>+<right>",
    "<ctrl>+<alt>+<up>", "<ctrl>+<alt>+<down>", "<ctrl>+<alt>+<backspace>",
    "<ctrl>+<alt>+<f1>", "<ctrl>+<alt>+<f2>", "<ctrl>+<alt>+<f3>", "<ctrl>+<alt>+<f4>",
    "<ctrl>+<alt>+<f5>", "<ctrl>+<alt>+<f6>", "<ctrl>+<alt>+<f7>",
} | {f"<ctrl>+{c}" for c in "acvxzysfpwnotq"} | {f"<ctrl>+<shift>+{c}" for c in "zvn"})

_SPECIAL_QT_KEYS = {
    Qt.Key.Key_Space: "space", Qt.Key.Key_Return: "enter", Qt.Key.Key_Enter: "enter",
    Qt.Key.Key_Escape: "esc", Qt.Key.Key_Tab: "tab", Qt.Key.Key_Backspace: "backspace",
    Qt.Key.Key_Delete: "delete", Qt.Key.Key_Insert: "insert", Qt.Key.Key_Home: "home",
    Qt.Key.Key_End: "end", Qt.Key.Key_PageUp: "page_up", Qt.Key.Key_PageDown: "page_down",
    Qt.Key.Key_Up: "up", Qt.Key.Key_Down: "down", Qt.Key.Key_Left: "left", Qt.Key.Key_Right: "right",
    Qt.Key.Key_Pause: "pause", Qt.Key.Key_Print: "print_screen", Qt.Key.Key_Menu: "menu",
}
_QT_MODIFIERS = (
    (Qt.KeyboardModifier.ControlModifier, "ctrl"), (Qt.KeyboardModifier.AltModifier, "alt"),
    (Qt.KeyboardModifier.ShiftModifier, "shift"), (Qt.KeyboardModifier.MetaModifier, "cmd"),
)


class DurationSpinBox(QDoubleSpinBox):
    """Minutes on screen (one decimal), seconds in the settings. A value the user did not
    touch comes back exactly as it was, even when it is not a whole tenth of a minute."""

    def __init__(self, minimum_s: float, maximum_s: float, seconds: float) -> None:
        super().__init__()
        self.setDecimals(1)
        self.setSingleStep(1.0)
        self.setRange(minimum_s / 60, maximum_s / 60)
        self._seconds = int(seconds)
        self.set_setting_value(seconds)

    def textFromValue(self, value: float) -> str:
        return self.locale().toString(value, "f", 0 if float(value).is_integer() else 1)

    def setting_value(self) -> int:
        if abs(self.value() - self._seconds / 60) < 0.05:
            return self._seconds
        return round(self.value() * 60)

    def set_setting_value(self, seconds: float) -> None:
        self._seconds = int(seconds)
        self.setValue(seconds / 60)


def spec_of(combination: QKeyCombination) -> str | None:
    """The pynput text of one key combination (``<ctrl>+<alt>+l``), None for a key the
    hotkey services cannot grab (a modifier alone, a character outside the supported set)."""
    key = combination.key()
    modifiers = combination.keyboardModifiers()
    if Qt.Key.Key_F1.value <= key.value <= Qt.Key.Key_F24.value:
        name = f"<f{key.value - Qt.Key.Key_F1.value + 1}>"
    elif key in _SPECIAL_QT_KEYS:
        name = f"<{_SPECIAL_QT_KEYS[key]}>"
    elif Qt.Key.Key_A.value <= key.value <= Qt.Key.Key_Z.value or Qt.Key.Key_0.value <= key.value <= Qt.Key.Key_9.value:
        name = chr(key.value).lower()
    elif 0 < key.value < 128 and chr(key.value) in PUNCTUATION:
        name = chr(key.value)
    else:
        return None
    parts = [f"<{label}>" for flag, label in _QT_MODIFIERS if modifiers & flag]
    return "+".join(parts + [name])


class HotkeyEdit(QWidget):
    """Press the keys to set a hotkey. A combination the system or another of the assistant's
    hotkeys already uses, or one that cannot be grabbed, is refused with the reason."""

    refused = Signal(str)

    def __init__(self, spec: str, taken: Callable[[str], str | None] | None = None) -> None:
        super().__init__()
        self._taken = taken
        self._spec = ""
        self.keys = QKeySequenceEdit()
        self.keys.setObjectName("hotkey-keys")
        self.keys.setMaximumSequenceLength(1)
        self.keys.setClearButtonEnabled(False)
        self.keys.setToolTip(QCoreApplication.translate("SettingsEditors", "Click here and press the new key combination."))
        self.keys.editingFinished.connect(self._captured)
        self.clear = QToolButton()
        self.clear.setObjectName("hotkey-clear")
        self.clear.setText(QCoreApplication.translate("SettingsEditors", "Reset"))
        self.clear.setToolTip(QCoreApplication.translate("SettingsEditors", "Keep the hotkey as it was"))
        self.clear.clicked.connect(lambda: self.set_setting_value(self._spec))
        self.problem = QLabel()
        self.problem.setObjectName("hotkey-problem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(f"color:{ERROR_COLOUR};")
        self.problem.hide()
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.keys, 1)
        row.addWidget(self.clear)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addLayout(row)
        column.addWidget(self.problem)
        self.set_setting_value(spec)

    def setting_value(self) -> str:
        return self._spec

    def set_setting_value(self, spec: str) -> None:
        self._spec = str(spec)
        self.problem.hide()
        self.keys.blockSignals(True)
        try:
            hotkey = parse_hotkey(self._spec)
            self.keys.setKeySequence(QKeySequence(_qt_text(hotkey.spec)))
        except HotkeySpecError:
            self.keys.setKeySequence(QKeySequence())
        self.keys.blockSignals(False)

    def capture(self, combination: QKeyCombination) -> bool:
        """Take ``combination`` as the new hotkey (what pressing the keys does); False, with
        the reason shown, when it is refused."""
        spec = spec_of(combination)
        reason = None
        if spec is None:
            reason = QCoreApplication.translate("SettingsEditors", "This key cannot be used for a hotkey.")
        else:
            try:
                spec = parse_hotkey(spec).spec
            except HotkeySpecError:
                reason = QCoreApplication.translate("SettingsEditors", "Use Ctrl, Alt, Shift or the Windows key together with another key.")
        if reason is None and spec in SYSTEM_HOTKEYS:
            reason = QCoreApplication.translate("SettingsEditors", "The system or other programs already use this combination.")
        if reason is None and self._taken is not None and spec is not None:
            other = self._taken(spec)
            if other:
                reason = QCoreApplication.translate("SettingsEditors", "Already used for: %1").replace("%1", other)
        if reason is not None:
            previous = self._spec
            self.set_setting_value(previous)
            self.problem.setText(reason)
            self.problem.show()
            self.refused.emit(reason)
            return False
        self._spec = str(spec)
        self.problem.hide()
        return True

    def _captured(self) -> None:
        sequence = self.keys.keySequence()
        if sequence.isEmpty():
            self.set_setting_value(self._spec)
            return
        self.capture(sequence[0])  # type: ignore[index]  # PySide6 indexes key sequences


def _qt_text(spec: str) -> str:
    """pynput text → Qt's portable key text (``Ctrl+Alt+L``)."""
    names = {"ctrl": "Ctrl", "alt": "Alt", "shift": "Shift", "cmd": "Meta"}
    special = {value: key for key, value in _SPECIAL_QT_KEYS.items()}
    parts = []
    for token in spec.split("+"):
        inner = token[1:-1] if token.startswith("<") and token.endswith(">") else token
        if inner in names:
            parts.append(names[inner])
        elif inner.startswith("f") and inner[1:].isdigit():
            parts.append(inner.upper())
        elif inner in special:
            parts.append(QKeySequence(special[inner].value).toString())
        else:
            parts.append(inner.upper())
    return "+".join(parts)


class KindsChecklist(QWidget):
    """One check box per kind of customer data, by its name (身份证号, 银行卡号 …)."""

    def __init__(self, kinds: list[str]) -> None:
        super().__init__()
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(SPACE_S * 2)
        self.boxes: dict[str, QCheckBox] = {}
        for index, kind in enumerate(FindingKind):
            box = QCheckBox(kind_name(kind))
            box.setObjectName(f"kind-{kind.value}")
            grid.addWidget(box, index // 2, index % 2)
            self.boxes[kind.value] = box
        self.set_setting_value(kinds)

    def setting_value(self) -> list[str]:
        return [kind for kind, box in self.boxes.items() if box.isChecked()]

    def set_setting_value(self, kinds: list[str]) -> None:
        wanted = set(kinds)
        for kind, box in self.boxes.items():
            box.setChecked(kind in wanted)

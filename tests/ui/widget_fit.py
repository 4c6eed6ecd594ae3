"""Finds text a window would cut: labels, buttons, check boxes, tabs, group titles and the
window title, each compared by its font metrics with the room the widget has.

Qt does not elide a label or a button: text that does not fit is clipped (a word-wrapped
label loses its last lines, a squeezed button its ends). A tab bar elides ("Su…") or scrolls,
and the window manager cuts a window's title ("我已安…tant"). Each finding names the window,
the widget and the text.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QRect, Qt
from PySide6.QtGui import QFont, QFontMetrics, QGuiApplication, QTextDocument
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QStyle,
    QStyleOptionButton,
    QTabBar,
    QWidget,
)

# The icon and the three buttons of a title bar take this much of the window's width.
TITLE_BAR_CHROME_PX = 140
SLACK_PX = 1  # rounding of fractional font metrics at 150 %


def _plain(text: str) -> str:
    """A button's text as drawn: '&' marks the mnemonic, '&&' is a literal '&'."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def _name(widget: QWidget) -> str:
    return widget.objectName() or type(widget).__name__


def _shown(widget: QWidget, window: QWidget) -> bool:
    return widget.isVisibleTo(window) and widget.width() > 0 and widget.height() > 0


def label_problem(label: QLabel) -> str | None:
    text = label.text()
    if not text or label.pixmap() is not None and not label.pixmap().isNull():
        return None
    room = label.contentsRect().adjusted(label.margin(), label.margin(), -label.margin(), -label.margin())
    rich = (label.textFormat() == Qt.TextFormat.RichText
            or (label.textFormat() == Qt.TextFormat.AutoText and GuiQt.mightBeRichText(text)))
    if rich:
        doc = QTextDocument()
        doc.setDefaultFont(label.font())
        doc.setDocumentMargin(0)
        doc.setHtml(text)
        if label.wordWrap():
            doc.setTextWidth(room.width())
            need_w, need_h = doc.idealWidth(), doc.size().height()
        else:
            need_w, need_h = doc.idealWidth(), doc.size().height()
    else:
        metrics = QFontMetrics(label.font())
        flags = Qt.TextFlag.TextWordWrap if label.wordWrap() else 0
        width = room.width() if label.wordWrap() else 1 << 20
        bounds = metrics.boundingRect(QRect(0, 0, width, 1 << 20), int(flags) | int(Qt.TextFlag.TextExpandTabs), text)
        need_w, need_h = bounds.width(), bounds.height()
    if need_w > room.width() + SLACK_PX or need_h > room.height() + SLACK_PX:
        return (f"label {_name(label)!r} needs {need_w:.0f}×{need_h:.0f} px, has "
                f"{room.width()}×{room.height()}: {text[:60]!r}")
    return None


def button_problem(button: QAbstractButton) -> str | None:
    text = _plain(button.text())
    if not text:
        return None
    metrics = QFontMetrics(button.font())
    need_w = metrics.horizontalAdvance(text)
    need_h = metrics.height()
    style = button.style()
    if isinstance(button, (QCheckBox, QRadioButton)):
        check = isinstance(button, QCheckBox)
        need_w += style.pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth if check
                                    else QStyle.PixelMetric.PM_ExclusiveIndicatorWidth, None, button)
        need_w += style.pixelMetric(QStyle.PixelMetric.PM_CheckBoxLabelSpacing if check
                                    else QStyle.PixelMetric.PM_RadioButtonLabelSpacing, None, button)
    elif isinstance(button, QPushButton):
        option = QStyleOptionButton()
        option.initFrom(button)
        margin = style.pixelMetric(QStyle.PixelMetric.PM_ButtonMargin, option, button)
        frame = style.pixelMetric(QStyle.PixelMetric.PM_DefaultFrameWidth, option, button)
        need_w += margin + 2 * frame
        need_h += 2 * frame
        if not button.icon().isNull():
            need_w += button.iconSize().width() + 4
    if need_w > button.width() + SLACK_PX or need_h > button.height() + SLACK_PX:
        return (f"button {_name(button)!r} needs {need_w}×{need_h} px, has "
                f"{button.width()}×{button.height()}: {text[:60]!r}")
    return None


def tab_problems(bar: QTabBar) -> list[str]:
    problems = []
    for index in range(bar.count()):
        rect, wanted = bar.tabRect(index), bar.tabSizeHint(index)
        text = bar.tabText(index)
        if rect.width() + SLACK_PX < wanted.width():
            problems.append(f"tab {text!r} is elided: {rect.width()} of {wanted.width()} px")
        elif rect.left() < 0 or rect.right() > bar.width():
            problems.append(f"tab {text!r} does not fit the tab bar ({bar.width()} px)")
    return problems


def group_problem(group: QGroupBox) -> str | None:
    title = _plain(group.title())
    if not title:
        return None
    need = QFontMetrics(group.font()).horizontalAdvance(title) + 16
    if need > group.width() + SLACK_PX:
        return f"group {_name(group)!r} title needs {need} px, has {group.width()}: {title!r}"
    return None


def squashed_problem(widget: QWidget) -> str | None:
    """An input field lower than it needs to show a line of text."""
    need = widget.minimumSizeHint().height()
    if widget.height() + SLACK_PX < need:
        return f"field {_name(widget)!r} is squashed: {widget.height()} of {need} px high"
    return None


def shown_title(window: QWidget) -> str:
    """The title as the window manager gets it: Qt appends " — <display name>" when the
    application set one (and the title does not already end with it)."""
    title = window.windowTitle()
    display = QGuiApplication.applicationDisplayName()
    if title and display != QCoreApplication.applicationName() and not title.endswith(display):
        title += " \u2014 " + display
    return title


def title_problem(window: QWidget) -> str | None:
    title = shown_title(window)
    if not title:
        return None
    font = QFont(window.font())
    font.setBold(True)
    need = QFontMetrics(font).horizontalAdvance(title) + TITLE_BAR_CHROME_PX
    if need > window.width() + SLACK_PX:
        return f"window title needs {need} px, window is {window.width()} wide: {title!r}"
    return None


def clipped_texts(window: QWidget, framed: bool = True) -> list[str]:
    """Everything in ``window`` (shown) whose text does not fit; ``framed``: it has a title bar."""
    problems: list[str] = []
    if framed:
        found = title_problem(window)
        if found:
            problems.append(found)
    for widget in window.findChildren(QWidget):
        if not _shown(widget, window) or isinstance(widget.parent(), QAbstractSpinBox):
            continue
        found = None
        if isinstance(widget, QLabel):
            found = label_problem(widget)
        elif isinstance(widget, QAbstractButton) and not isinstance(widget.parent(), QTabBar):
            found = button_problem(widget)
        elif isinstance(widget, QGroupBox):
            found = group_problem(widget)
        elif isinstance(widget, (QLineEdit, QComboBox, QAbstractSpinBox)):
            found = squashed_problem(widget)
        elif isinstance(widget, QTabBar):
            problems.extend(tab_problems(widget))
        if found:
            problems.append(found)
    return problems

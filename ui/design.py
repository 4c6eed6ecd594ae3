"""The look every window shares: spacing, type sizes, state colours, fonts with CJK fallbacks,
and small helpers for headings, hints, cards, toasts and buttons.

Chinese is the first language of the layout: the font list puts a CJK face right after the
platform's own UI font, so Latin text keeps its usual look and Chinese never falls back to a
bitmap or a Japanese glyph variant. Sizes are relative to the application font, so a user's
150 % text scaling grows everything together.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from PySide6.QtGui import QFont, QFontDatabase, QFontMetrics
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QLayout,
    QPushButton,
    QSizePolicy,
    QSpacerItem,
    QWidget,
)

# -- spacing (logical pixels) -----------------------------------------------------------------
SPACE_XS = 4
SPACE_S = 8
SPACE_M = 12
SPACE_L = 16
SPACE_XL = 24

# -- type sizes, as a factor of the application font --------------------------------------------
SIZE_SMALL = 0.9
SIZE_BODY = 1.0
SIZE_HEADING = 1.25
SIZE_TITLE = 1.6
SIZE_DISPLAY = 2.2

# Fonts tried after the platform's UI font, for the Chinese glyphs it lacks.
CJK_FALLBACKS = (
    "Microsoft YaHei UI", "Microsoft YaHei",  # Windows
    "PingFang SC", "Hiragino Sans GB",  # macOS
    "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "Droid Sans Fallback",  # Linux
)

# A window manager's title bar holds the icon and three buttons beside the title.
TITLE_BAR_CHROME_PX = 140


class State(Enum):
    """What a coloured element is saying."""

    CALM = "calm"  # the agent's ordinary windows: cards, breaks
    OK = "ok"
    PROBLEM = "problem"
    TEST = "test"
    EMERGENCY = "emergency"
    DURESS = "duress"
    ACKNOWLEDGED = "acknowledged"
    NOTICE = "notice"  # needs a look, not urgent (toasts, reconnecting banners)


@dataclass(frozen=True)
class Colours:
    foreground: str
    background: str
    border: str


STATE_COLOURS: dict[State, Colours] = {
    State.CALM: Colours("#1f2d3d", "#f4f8fb", "#c9d6e3"),
    State.OK: Colours("#1b5e20", "#e8f5e9", "#81c784"),
    State.PROBLEM: Colours("#b71c1c", "#fdecea", "#e57373"),
    State.TEST: Colours("#ffffff", "#0d47a1", "#0d47a1"),
    State.EMERGENCY: Colours("#ffffff", "#b71c1c", "#b71c1c"),
    State.DURESS: Colours("#ffffff", "#4a148c", "#4a148c"),
    State.ACKNOWLEDGED: Colours("#ffffff", "#455a64", "#455a64"),
    State.NOTICE: Colours("#3e2c00", "#fffbe6", "#d4a017"),
}

# The list rows of the alarm window: a light tint of the banner colour.
STATE_TINTS: dict[State, str] = {
    State.EMERGENCY: "#ffcdd2",
    State.DURESS: "#e1bee7",
    State.TEST: "#bbdefb",
    State.ACKNOWLEDGED: "#cfd8dc",
}

# The text colour of an error line and of a problem mark.
ERROR_COLOUR = STATE_COLOURS[State.PROBLEM].foreground
OK_COLOUR = STATE_COLOURS[State.OK].foreground
MUTED_COLOUR = "#5f6b7a"


def ui_font(base: QFont | None = None) -> QFont:
    """The application font with CJK fallbacks that are installed on this computer."""
    font = QFont(base if base is not None else QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont))
    installed = set(QFontDatabase.families())
    families = [font.family()] + [name for name in CJK_FALLBACKS if name in installed]
    font.setFamilies(list(dict.fromkeys(families)))
    return font


def apply_app_font(app: QApplication) -> QFont:
    """Give the whole application the UI font with its CJK fallbacks."""
    font = ui_font(app.font())
    app.setFont(font)
    return font


def scaled_font(widget: QWidget, factor: float, bold: bool = False) -> QFont:
    """The widget's font grown (or shrunk) by ``factor``, e.g. :data:`SIZE_HEADING`."""
    font = QFont(widget.font())
    if font.pointSizeF() > 0:
        font.setPointSizeF(font.pointSizeF() * factor)
    else:
        font.setPixelSize(max(1, round(font.pixelSize() * factor)))
    font.setBold(bold)
    return font


def heading(text: str, parent: QWidget | None = None, factor: float = SIZE_HEADING) -> QLabel:
    """A bold, word-wrapped heading line."""
    label = QLabel(text, parent)
    label.setFont(scaled_font(label, factor, bold=True))
    label.setWordWrap(True)
    return label


def hint(text: str, parent: QWidget | None = None) -> QLabel:
    """A quieter, word-wrapped explanation under a field or a heading."""
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setStyleSheet(f"color:{MUTED_COLOUR};")
    return label


def banner_style(state: State, padding: int = SPACE_S) -> str:
    """Style sheet of a full-width coloured strip (the alarm banner, the console's banners)."""
    colours = STATE_COLOURS[state]
    return (f"background:{colours.background};color:{colours.foreground};"
            f"padding:{padding}px;font-weight:bold;")


def card_style(object_name: str, state: State = State.CALM, radius: int = 10) -> str:
    """Style sheet of a rounded card (eye break, toasts) addressed by its object name."""
    colours = STATE_COLOURS[state]
    return (f"#{object_name} {{ background:{colours.background}; color:{colours.foreground};"
            f" border:1px solid {colours.border}; border-radius:{radius}px; }}")


def primary_button(button: QPushButton) -> QPushButton:
    """The one button that does what the window is for: default, and marked as such."""
    button.setDefault(True)
    button.setProperty("role", "primary")
    return button


def fit_to_contents(window: QWidget) -> None:
    """Grow a top-level window to what its layout needs now, e.g. after an error line appeared.

    A top-level window does not follow the height of its word-wrapped labels by itself: the
    new line would be clipped and the other rows squashed.
    """
    layout = window.layout()
    if layout is None:
        return
    for inner in window.findChildren(QLayout):  # e.g. a group box's grid, with stale sizes
        inner.invalidate()
    layout.invalidate()
    layout.activate()
    needed = layout.totalSizeHint()
    width = max(window.width(), needed.width())
    height = layout.totalHeightForWidth(width) if layout.hasHeightForWidth() else needed.height()
    height = max(height, layout.totalMinimumSize().height())
    if height > window.height() or width > window.width():
        window.resize(width, max(height, window.height()))


def keep_minimum_size(layout: QLayout) -> None:
    """The window never shrinks below what its layout needs (fields are never squashed)."""
    layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)


def title_width(window: QWidget) -> int:
    """Pixels the window needs so that its title is not cut in the title bar."""
    title_font = QFont(window.font())
    title_font.setBold(True)
    return QFontMetrics(title_font).horizontalAdvance(window.windowTitle()) + TITLE_BAR_CHROME_PX


def min_width(window: QWidget, pixels: int) -> None:
    """The window is never narrower than ``pixels``.

    With :func:`keep_minimum_size` the layout decides the window's minimum size, so the width
    is reserved inside the layout (an invisible strut) rather than set on the window.
    """
    layout = window.layout()
    if layout is not None and layout.sizeConstraint() in (
            QLayout.SizeConstraint.SetMinimumSize, QLayout.SizeConstraint.SetMinAndMaxSize):
        margins = layout.contentsMargins()
        strut = pixels - margins.left() - margins.right()
        existing = window.property("design_min_width") or 0
        if strut > existing:
            layout.addItem(QSpacerItem(strut, 0, QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed))
            window.setProperty("design_min_width", strut)
    elif window.minimumWidth() < pixels:
        window.setMinimumWidth(pixels)


def text_width(widget: QWidget, characters: int) -> int:
    """Pixels for about ``characters`` average characters in the widget's font."""
    return widget.fontMetrics().averageCharWidth() * characters


def fit_title(window: QWidget) -> None:
    """Make the window at least wide enough to show its whole title."""
    min_width(window, title_width(window))

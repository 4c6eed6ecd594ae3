"""How break windows stay out of the way: on top, never taking the keyboard."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

NO_FOCUS_FLAGS = (
    Qt.WindowType.Tool
    | Qt.WindowType.FramelessWindowHint
    | Qt.WindowType.WindowStaysOnTopHint
    | Qt.WindowType.WindowDoesNotAcceptFocus
)


def make_unfocusable(widget: QWidget) -> None:
    """Shown without activation, never focused: typing goes on into the agent's call app.

    On X11 Qt then sets WM_HINTS input=False and _NET_WM_USER_TIME=0; on macOS a tool window
    would hide when the app is inactive, which WA_MacAlwaysShowToolWindow prevents.
    """
    widget.setWindowFlags(NO_FOCUS_FLAGS)
    widget.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating, True)
    widget.setAttribute(Qt.WidgetAttribute.WA_MacAlwaysShowToolWindow, True)
    widget.setFocusPolicy(Qt.FocusPolicy.NoFocus)

"""The list of features the tray app hosts, in menu order."""

from __future__ import annotations

from collections.abc import Callable

from ui.alerts.feature import AlertChannelFeature
from ui.autolock import AutoLockFeature
from ui.breaks.feature import BreakFeature
from ui.clipboard.feature import ClipboardFeature
from ui.feature import Feature
from ui.panic import PanicFeature
from ui.selfcheck import SelfCheckFeature

FEATURE_FACTORIES: list[Callable[..., Feature]] = [
    AlertChannelFeature,  # first: the others send through host.alerts
    AutoLockFeature,  # before breaks: it sets host.idle_source
    BreakFeature,
    SelfCheckFeature,
    ClipboardFeature,
    PanicFeature,  # after clipboard: the menu order ends with the silent alarm
]

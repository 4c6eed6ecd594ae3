"""The features the tray app hosts. Their order here means nothing: each gets the shared
services in its constructor, and its ``menu_place`` says where its entries go."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from ui.alerts.feature import AlertChannelFeature
from ui.autolock import AutoLockFeature
from ui.breaks.feature import BreakFeature
from ui.clipboard.feature import ClipboardFeature
from ui.feature import Feature
from ui.panic import PanicFeature
from ui.selfcheck import SelfCheckFeature

if TYPE_CHECKING:
    from ui.services import Services
    from ui.tray import TrayHost

FeatureFactory = Callable[["TrayHost", "Services"], Feature]

FEATURE_FACTORIES: frozenset[FeatureFactory] = frozenset({
    AlertChannelFeature,
    AutoLockFeature,
    BreakFeature,
    ClipboardFeature,
    PanicFeature,
    SelfCheckFeature,
})

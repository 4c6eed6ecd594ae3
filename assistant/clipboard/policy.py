"""What the guard does on a finding, taken from the ``[clipboard]`` settings section."""

from __future__ import annotations

import enum
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from pii import FindingKind

logger = logging.getLogger(__name__)


class ClipboardAction(str, enum.Enum):
    """``clipboard.action``: warn with "Mask now"/"Keep", mask at once, or clear later."""

    WARN = "warn"
    MASK = "mask"
    CLEAR = "clear"


def parse_kinds(names: Iterable[str]) -> frozenset[FindingKind]:
    """The finding kinds named in ``clipboard.kinds``; unknown names are logged and skipped."""
    kinds = set()
    for name in names:
        try:
            kinds.add(FindingKind(str(name)))
        except ValueError:
            logger.warning("clipboard.kinds: unknown kind %r ignored", name)
    return frozenset(kinds)


@dataclass(frozen=True)
class ClipboardPolicy:
    """The guard's policy. ``clear_after_s`` is bounded (5..3600 s) by the settings model;
    tests may build a policy directly with a shorter delay."""

    enabled: bool = True
    action: ClipboardAction = ClipboardAction.WARN
    clear_after_s: float = 60.0
    kinds: frozenset[FindingKind] = field(default_factory=lambda: frozenset(FindingKind))

    @classmethod
    def from_settings(cls, section: Any) -> ClipboardPolicy:
        """From a :class:`assistant.settings.model.ClipboardSettings`."""
        try:
            action = ClipboardAction(section.action)
        except ValueError:
            logger.warning("clipboard.action %r unknown; warning instead", section.action)
            action = ClipboardAction.WARN
        return cls(
            enabled=bool(section.enabled),
            action=action,
            clear_after_s=float(section.clear_after_s),
            kinds=parse_kinds(section.kinds),
        )

    def wants(self, kind: FindingKind) -> bool:
        return kind in self.kinds

"""What the auto-lock enforces: the idle time before locking and the warning before it.

The customer's rule (DIGEST "工作站安全管理"): lock after 5 minutes without input, and no
setting may allow more than 30. The settings resolver already refuses user values above the
policy; this class enforces the hard limit once more, so no caller can get past it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from assistant.settings.model import MAX_IDLE_TIMEOUT_S, AutolockSettings

logger = logging.getLogger(__name__)

MIN_IDLE_TIMEOUT_S = 5.0


@dataclass(frozen=True)
class IdleLockPolicy:
    enabled: bool = True
    timeout_s: float = 300.0
    warning_s: float = 30.0

    def __post_init__(self) -> None:
        timeout = min(max(float(self.timeout_s), MIN_IDLE_TIMEOUT_S), float(MAX_IDLE_TIMEOUT_S))
        if timeout != self.timeout_s:
            logger.warning("idle timeout %s s is outside %s..%s s; using %s s", self.timeout_s,
                           MIN_IDLE_TIMEOUT_S, MAX_IDLE_TIMEOUT_S, timeout)
        # The warning may take at most half the timeout: a countdown that starts the moment
        # the user stops typing would be noise, not a warning.
        warning = min(max(float(self.warning_s), 0.0), timeout / 2)
        object.__setattr__(self, "timeout_s", timeout)
        object.__setattr__(self, "warning_s", warning)

    @property
    def warn_at_s(self) -> float:
        """Idle seconds at which the warning appears."""
        return self.timeout_s - self.warning_s

    @classmethod
    def from_settings(cls, settings: AutolockSettings) -> IdleLockPolicy:
        return cls(enabled=bool(settings.enabled), timeout_s=float(settings.idle_timeout_s),
                   warning_s=float(settings.warning_s))

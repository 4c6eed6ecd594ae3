"""The silent alarm in the tray app: triggers, discreet acknowledgement, "I'm safe", drills,
the incident note. Nothing on the agent's screen changes when the alarm goes off."""

from ui.panic.feature import PanicFeature

__all__ = ["PanicFeature"]

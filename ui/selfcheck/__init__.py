"""The desk self-check in the tray app: "Leaving my desk" / "End of shift", the checklist
dialog, the end-of-shift reminder and "Lock and go"."""

from ui.selfcheck.feature import SelfCheckFeature

__all__ = ["SelfCheckFeature"]

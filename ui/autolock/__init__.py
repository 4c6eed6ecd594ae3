"""Idle auto-lock in the tray app: countdown, lock, privacy curtain, lock-now hotkey."""

from ui.autolock.feature import AutoLockFeature

__all__ = ["AutoLockFeature"]

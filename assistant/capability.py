"""What a platform service can do here: one result type for every backend.

Every platform service (idle time, locking, hotkeys, focus, the clipboard, USB drives, the
print queue, customer-app windows, session notifications, the code-word listener) answers
``capability()`` with a ``Capability`` instead of raising its own exception type or carrying
a ``missing`` attribute. The self-test prints it, the settings dialog shows it:

- ``available``: the service works here;
- ``reason``: why not (what is missing), or a note on how it works;
- ``needs_permission``: the OS permission the user or IT must grant for it to work
  (e.g. macOS "Input Monitoring"); it is then not available *yet*.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Capability:
    available: bool
    reason: str = ""
    needs_permission: str = ""

    @classmethod
    def works(cls, note: str = "") -> Capability:
        return cls(True, note)

    @classmethod
    def missing(cls, reason: str) -> Capability:
        return cls(False, reason)

    @classmethod
    def permission(cls, permission: str, reason: str = "") -> Capability:
        """Not available until ``permission`` is granted."""
        return cls(False, reason or f"needs the {permission} permission", permission)

    def describe(self) -> str:
        """One line for the self-test and the log: 'available', or why not."""
        if self.available:
            return f"available ({self.reason})" if self.reason else "available"
        if self.needs_permission:
            default = f"needs the {self.needs_permission} permission"
            return f"needs permission: {self.needs_permission}" + (
                f" ({self.reason})" if self.reason and self.reason != default else "")
        return f"unavailable: {self.reason}" if self.reason else "unavailable"

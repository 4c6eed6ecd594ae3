"""Idle auto-lock without Qt: the policy and the state machine that applies it.

The UI (ui/autolock) drives ``AutoLockMachine.tick()`` from one timer, turns its events into
a warning window, a lock attempt and session signals, and reports the outcome back.
"""

from assistant.autolock.machine import (
    AutoLockEvent,
    AutoLockMachine,
    EventKind,
    LockReason,
    LockState,
    LockStateProbe,
)
from assistant.autolock.policy import IdleLockPolicy

__all__ = ["AutoLockEvent", "AutoLockMachine", "EventKind", "IdleLockPolicy", "LockReason",
           "LockState", "LockStateProbe"]

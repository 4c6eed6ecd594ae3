"""What the relay is told this agent is doing: active, idle, locked, on a break, on a call."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from protocol.states import AgentState

logger = logging.getLogger(__name__)

#: States other features may announce; everything else follows from lock and idle.
HINT_STATES: frozenset[AgentState] = frozenset({AgentState.ON_BREAK, AgentState.ON_CALL})


class AgentStateTracker:
    """Combines session facts (locked, idle) with a hint set by other features.

    A break wins over everything (agents lock their screen when they go on a break), then a
    locked screen, then a call (no typing during a call is not "idle"), then idle, else active.
    Thread-safe: the presence thread reads ``current()`` while the GUI thread updates it.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._locked = False
        self._idle = False
        self._hint: AgentState | None = None

    def set_locked(self, locked: bool) -> bool:
        """Returns True when the reported state changed."""
        return self._update(lambda: setattr(self, "_locked", locked))

    def set_idle(self, idle: bool) -> bool:
        return self._update(lambda: setattr(self, "_idle", idle))

    def set_hint(self, hint: str | AgentState | None) -> bool:
        """``"on_call"``, ``"on_break"`` or None; anything else raises ValueError."""
        value = AgentState(hint) if hint is not None else None
        if value is not None and value not in HINT_STATES:
            raise ValueError(f"state hint must be one of {sorted(HINT_STATES)} or None, not {hint!r}")
        return self._update(lambda: setattr(self, "_hint", value))

    def _update(self, change: Callable[[], None]) -> bool:
        with self._lock:
            before = self._current()
            change()
            after = self._current()
        if before != after:
            logger.debug("agent state %s -> %s", before, after)
        return before != after

    def current(self) -> AgentState:
        with self._lock:
            return self._current()

    def _current(self) -> AgentState:
        if self._hint is AgentState.ON_BREAK:
            return AgentState.ON_BREAK
        if self._locked:
            return AgentState.LOCKED
        if self._hint is AgentState.ON_CALL:
            return AgentState.ON_CALL
        if self._idle:
            return AgentState.IDLE
        return AgentState.ACTIVE

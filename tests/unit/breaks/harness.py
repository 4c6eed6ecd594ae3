"""A fake desk for the break scheduler: a fake clock, a user who types or walks away, and a
loop that ticks the scheduler when it asks to be ticked (as the Qt timer does)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from assistant.breaks import (
    Action,
    Blocker,
    BreakConfig,
    BreakScheduler,
    TickResult,
)
from assistant.clock import FakeClock


class FakeUser:
    """Typing means input all the time (idle 0); away means idle since they stopped."""

    def __init__(self, clock: FakeClock) -> None:
        self.clock = clock
        self.typing = True
        self.last_input = clock.monotonic()

    def idle_seconds(self) -> float:
        return 0.0 if self.typing else self.clock.monotonic() - self.last_input

    def walk_away(self) -> None:
        self.typing = False
        self.last_input = self.clock.monotonic()

    def come_back(self) -> None:
        self.typing = True


@dataclass
class Desk:
    config: BreakConfig
    clock: FakeClock = field(default_factory=FakeClock)
    blocker: Blocker | None = None
    events: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    ticks: int = 0
    next_check: float | None = None
    due_at: float | None = None  # when the timer fires (monotonic)

    def __post_init__(self) -> None:
        self.user = FakeUser(self.clock)
        self.scheduler = BreakScheduler(self.config, self.clock, self.user.idle_seconds,
                                        blocker=lambda: self.blocker, record=self._record)
        self.take(self.scheduler.tick())

    def _record(self, kind: str, /, **details: Any) -> None:
        self.events.append((kind, details))

    def take(self, result: TickResult) -> TickResult:
        self.actions.extend(result.actions)
        self.next_check = result.next_check_s
        self.due_at = None if result.next_check_s is None else self.clock.monotonic() + result.next_check_s
        return result

    def run(self, seconds: float) -> None:
        """Let ``seconds`` pass, ticking whenever the scheduler asked to be ticked."""
        end = self.clock.monotonic() + seconds
        while True:
            now = self.clock.monotonic()
            if self.due_at is None or self.due_at > end:
                self.clock.advance(end - now)
                return
            self.clock.advance(max(0.0, self.due_at - now))
            self.ticks += 1
            self.take(self.scheduler.tick())

    def kinds(self) -> list[str]:
        return [kind for kind, _ in self.events]

    def events_of(self, kind: str) -> list[dict[str, Any]]:
        return [details for k, details in self.events if k == kind]

    def actions_of(self, cls: type) -> list[Any]:
        return [a for a in self.actions if isinstance(a, cls)]


def eye_only(**overrides: Any) -> BreakConfig:
    """20-20-20 with the rest break pushed far away, so a test sees only eye breaks."""
    values: dict[str, Any] = {"rest_interval_s": 4 * 3600}
    values.update(overrides)
    return BreakConfig(**values)

"""A fake OS idle counter and lock state, driven by the test's FakeClock."""

from __future__ import annotations

from assistant.autolock import AutoLockEvent, EventKind
from assistant.clock import FakeClock
from assistant.idle import IdleSourceUnavailable


class FakeIdleSource:
    """Idle time = monotonic time since the last input, like X11's server counter."""

    name = "fake"

    def __init__(self, clock: FakeClock) -> None:
        self.clock = clock
        self.last_input = clock.monotonic()
        self.broken = False
        self.queries = 0

    def touch(self) -> None:
        self.last_input = self.clock.monotonic()

    def idle_seconds(self) -> float:
        self.queries += 1
        if self.broken:
            raise IdleSourceUnavailable("display went away")
        return self.clock.monotonic() - self.last_input

    def close(self) -> None:
        pass


class FakeLockState:
    def __init__(self, answer: bool | None = False) -> None:
        self.answer = answer
        self.asked = 0

    def __call__(self) -> bool | None:
        self.asked += 1
        return self.answer


class Recorder:
    def __init__(self, clock: FakeClock) -> None:
        self.clock = clock
        self.events: list[tuple[float, AutoLockEvent]] = []

    def __call__(self, event: AutoLockEvent) -> None:
        self.events.append((self.clock.monotonic(), event))

    def kinds(self) -> list[EventKind]:
        return [e.kind for _, e in self.events]

    def of(self, kind: EventKind) -> list[tuple[float, AutoLockEvent]]:
        return [(t, e) for t, e in self.events if e.kind is kind]

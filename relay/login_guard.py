"""Throttling of supervisor logins and enrollment: exponential delay, then a lockout.

Failures are counted per account (``account:NAME``) and per client address
(``address:IP``) in a bounded LRU map in memory, so a flood of wrong passwords costs no
database write and a flood of made-up names or addresses cannot grow memory without limit.
After ``FREE_FAILURES`` failures each further attempt must wait ``2**n`` seconds (capped);
after ``LOCK_AFTER`` failures the key is locked for ``LOCK_S``. Only a lockout is written to
the ``auth_lockouts`` table, which ``safety-relay unlock NAME-or-ADDRESS`` clears; the running
relay re-reads that (small) table at most every ``SYNC_S`` seconds while a locked key is being
tried, so an unlock from the CLI takes effect without talking to the relay process.

A refused attempt is answered before any database lookup or password hash. Its 429 is held
for ``hold_s`` (2 s; at most ``MAX_HELD`` answers at a time, beyond that they go at once):
a client that retries as soon as it is answered then sends one attempt per 2 s instead of
hundreds a second, so a flood of refused logins no longer takes the relay's CPU from the
agents' requests (20 flooding clients from one address in benchmarks/login_flood.py: about
700 answers/s before, 13/s held).

Password hashing (argon2id, 19 MiB and one core for ~25 ms each, see ``relay.credentials``)
runs on one dedicated thread with at most ``MAX_WAITING`` verifications queued; beyond that
the answer is 429 (held 1 s). Agents' signed requests use neither that thread nor the database
thread for it, so they are not slowed.

The ``limits`` package was considered: its window counters fit "N per minute" but have no
exponential delay, lockout or unlock by key, and its memory storage is not size-bounded, so
this small module is simpler than wrapping it.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, ClassVar, TypeVar

from fastapi import HTTPException
from sqlalchemy import delete, select
from sqlalchemy.orm import Session
from starlette.types import ASGIApp, Receive, Scope, Send

from relay.models import AuthLockout

logger = logging.getLogger(__name__)
T = TypeVar("T")

FREE_FAILURES = 3
MAX_DELAY_S = 30.0
LOCK_AFTER = 10
LOCK_S = 15 * 60.0
MAX_KEYS = 10_000
MAX_WAITING = 4
SYNC_S = 2.0
HOLD_S = 2.0
MAX_HELD = 512


@dataclass
class _Failures:
    count: int = 0
    next_allowed: float = 0.0  # monotonic
    locked_until: float = 0.0  # monotonic


def account_key(name: str) -> str:
    return "account:" + name.strip()[:128]


def address_key(address: str) -> str:
    return "address:" + address.strip()[:64]


class LoginGuard:
    """Per-key failure counts, delays and lockouts (see the module docstring)."""

    def __init__(self, monotonic: Callable[[], float] = time.monotonic,
                 wall: Callable[[], datetime] = lambda: datetime.now(UTC),
                 hold_s: float = HOLD_S) -> None:
        self._monotonic = monotonic
        self._wall = wall
        self.hold_s = hold_s
        self._held: set[tuple[asyncio.AbstractEventLoop, asyncio.Future[None]]] = set()
        self._keys: OrderedDict[str, _Failures] = OrderedDict()
        self._lock = threading.Lock()
        self._hasher = ThreadPoolExecutor(max_workers=1, thread_name_prefix="relay-argon2")
        self._waiting = 0
        self._last_sync = float("-inf")

    # -- checks ---------------------------------------------------------------------------
    def retry_after(self, keys: list[str]) -> float:
        """Seconds the caller must wait before trying ``keys`` (0: go ahead)."""
        now = self._monotonic()
        wait = 0.0
        with self._lock:
            for key in keys:
                entry = self._keys.get(key)
                if entry is not None:
                    wait = max(wait, entry.locked_until - now, entry.next_allowed - now)
        return max(wait, 0.0)

    def locked(self, keys: list[str]) -> bool:
        now = self._monotonic()
        with self._lock:
            return any((e := self._keys.get(k)) is not None and e.locked_until > now
                       for k in keys)

    async def check(self, db_run: Callable[[Callable[[Session], Any]], Awaitable[Any]],
                    keys: list[str]) -> None:
        """Raise 429 with Retry-After while ``keys`` must wait or are locked.

        An attempt that does not wait out its delay counts as a failure itself, so a
        client hammering the relay is locked after ``LOCK_AFTER`` attempts.
        """
        if self.locked(keys) and self._monotonic() - self._last_sync >= SYNC_S:
            self._last_sync = self._monotonic()
            stored = await db_run(_locked_keys)
            self._forget_unlocked(set(stored))
        if self.retry_after(keys) <= 0:
            return
        if not self.locked(keys):
            await self.record_failure(db_run, keys)
        locked = self.locked(keys)
        wait = self.retry_after(keys)
        await self.hold(wait)
        raise too_many(wait, "locked: too many failed attempts" if locked
                       else "too many failed attempts: wait before trying again")

    async def hold(self, wait_s: float) -> None:
        """Hold a refusal up to ``hold_s`` (never longer than the client must wait anyway)."""
        delay = min(self.hold_s, wait_s)
        if delay <= 0 or len(self._held) >= MAX_HELD:
            return
        loop = asyncio.get_running_loop()
        held = (loop, loop.create_future())
        self._held.add(held)
        try:
            await asyncio.wait([held[1]], timeout=delay)
        finally:
            self._held.discard(held)

    def holding(self) -> int:
        """How many refusals are being held right now."""
        return len(self._held)

    def release_held(self) -> None:
        """Answer every held refusal now (at shutdown; from any thread)."""
        for loop, future in list(self._held):
            loop.call_soon_threadsafe(_resolve, future)

    async def record_failure(self, db_run: Callable[[Callable[[Session], Any]], Awaitable[Any]],
                             keys: list[str]) -> None:
        """Count a failure and store the lockouts it starts."""
        newly_locked = self.failed(keys)
        if newly_locked:
            await db_run(lambda s: store_lockouts(s, newly_locked))

    # -- outcomes -------------------------------------------------------------------------
    def failed(self, keys: list[str]) -> list[tuple[str, datetime]]:
        """Count a failure; returns the keys that became locked now (to store)."""
        now = self._monotonic()
        newly_locked: list[tuple[str, datetime]] = []
        with self._lock:
            for key in keys:
                entry = self._keys.pop(key, None) or _Failures()
                self._keys[key] = entry  # most recently used last
                entry.count += 1
                if entry.count > FREE_FAILURES:
                    entry.next_allowed = now + min(2.0 ** (entry.count - FREE_FAILURES),
                                                   MAX_DELAY_S)
                if entry.count >= LOCK_AFTER and entry.locked_until <= now:
                    entry.locked_until = now + LOCK_S
                    newly_locked.append((key, self._wall() + timedelta(seconds=LOCK_S)))
            while len(self._keys) > MAX_KEYS:
                self._keys.popitem(last=False)
        for key, _until in newly_locked:
            logger.warning("%s locked for %.0f min after %d failed attempts", key,
                           LOCK_S / 60, LOCK_AFTER)
        return newly_locked

    def succeeded(self, keys: list[str]) -> None:
        with self._lock:
            for key in keys:
                self._keys.pop(key, None)

    def _forget_unlocked(self, stored: set[str]) -> None:
        now = self._monotonic()
        with self._lock:
            for key, entry in list(self._keys.items()):
                if entry.locked_until > now and key not in stored:
                    logger.info("%s unlocked from the command line", key)
                    del self._keys[key]

    def tracked(self) -> int:
        with self._lock:
            return len(self._keys)

    # -- hashing --------------------------------------------------------------------------
    def hashing_busy(self) -> bool:
        """True when another verification would be refused."""
        return self._waiting >= MAX_WAITING

    async def hash_call(self, fn: Callable[[], T]) -> T:
        """Run an argon2 verification on the one hashing thread, or 429 when it is busy."""
        if self.hashing_busy():
            await self.hold(1.0)  # a flood from many addresses is slowed down like one
            raise too_many(1.0, "the relay is busy checking passwords: try again")
        self._waiting += 1
        try:
            loop = asyncio.get_running_loop()
            return await loop.run_in_executor(self._hasher, fn)
        finally:
            self._waiting -= 1

    def close(self) -> None:
        self.release_held()
        self._hasher.shutdown(wait=False, cancel_futures=True)


def _resolve(future: asyncio.Future[None]) -> None:
    if not future.done():
        future.set_result(None)


def too_many(wait_s: float, detail: str) -> HTTPException:
    return HTTPException(429, detail, headers={"Retry-After": str(max(1, round(wait_s + 0.5)))})


# -- the auth_lockouts table --------------------------------------------------------------
def _locked_keys(session: Session) -> list[str]:
    return list(session.scalars(select(AuthLockout.key)).all())


def store_lockouts(session: Session, locked: list[tuple[str, datetime]]) -> None:
    for key, until in locked:
        row = session.get(AuthLockout, key)
        if row is None:
            session.add(AuthLockout(key=key, locked_until=until))
        else:
            row.locked_until = until


def unlock(session: Session, name_or_address: str) -> list[str]:
    """Delete the lockouts of an account or an address; returns the keys removed."""
    keys = [account_key(name_or_address), address_key(name_or_address),
            "enroll-" + address_key(name_or_address)]
    found = list(session.scalars(select(AuthLockout.key).where(AuthLockout.key.in_(keys))))
    session.execute(delete(AuthLockout).where(AuthLockout.key.in_(keys)))
    return found


def lockouts(session: Session, now: datetime) -> list[tuple[str, datetime]]:
    rows = session.scalars(select(AuthLockout).where(AuthLockout.locked_until > now)).all()
    return [(row.key, row.locked_until) for row in rows]


class LockedAddressGate:
    """ASGI middleware: a locked client address gets its 429 before FastAPI parses anything.

    Keeps a flood from a locked address cheap (no body parsing, no routing). Once every
    ``SYNC_S`` a request goes through to the route, which re-reads the lockouts table, so
    an unlock from the CLI still takes effect.
    """

    PATHS: ClassVar[dict[str, str]] = {"/api/v1/auth/login": "", "/api/v1/enroll": "enroll-"}

    def __init__(self, app: ASGIApp, guard: LoginGuard) -> None:
        self.app = app
        self.guard = guard

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        prefix = self.PATHS.get(scope.get("path", "")) if scope["type"] == "http" else None
        if prefix is not None:
            client = scope.get("client")
            keys = [prefix + address_key(client[0] if client else "")]
            guard = self.guard
            if guard.locked(keys) and guard._monotonic() - guard._last_sync < SYNC_S:
                retry_after = guard.retry_after(keys)
                await guard.hold(retry_after)
                wait = str(max(1, round(guard.retry_after(keys) + 0.5)))
                body = b'{"detail":"locked: too many failed attempts"}'
                await send({"type": "http.response.start", "status": 429, "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                    (b"retry-after", wait.encode())]})
                await send({"type": "http.response.body", "body": body})
                return
        await self.app(scope, receive, send)

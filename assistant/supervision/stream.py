"""The console's live feed: the relay's websocket in a background thread, reconnecting itself.

Messages and connection changes go to plain callbacks on the stream's thread. After a
connection drops the stream retries with full-jitter exponential backoff. When the relay
refuses the token (HTTP 403 at the handshake) it asks ``renew_token`` for a new login once;
if that fails for good the stream stops in ``LOGIN_NEEDED``.
"""

from __future__ import annotations

import asyncio
import json
import logging
import random
import threading
from collections.abc import Callable
from enum import StrEnum
from typing import Any

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidStatus

logger = logging.getLogger(__name__)

BASE_DELAY_S = 0.5
MAX_DELAY_S = 15.0
MAX_MESSAGE_BYTES = 16 * 1024 * 1024


class StreamState(StrEnum):
    CONNECTING = "connecting"
    CONNECTED = "connected"
    RECONNECTING = "reconnecting"
    LOGIN_NEEDED = "login_needed"
    STOPPED = "stopped"


class TokenRenewal(StrEnum):
    RENEWED = "renewed"
    UNREACHABLE = "unreachable"  # try again later
    REFUSED = "refused"  # the supervisor must log in again


def backoff_delay(failures: int, rng: Callable[[], float] = random.random,
                  base: float = BASE_DELAY_S, cap: float = MAX_DELAY_S) -> float:
    """Full jitter: uniform in [0, min(cap, base·2^(failures-1))], at least 50 ms."""
    if failures <= 0:
        return 0.0
    return max(0.05, rng() * min(cap, base * 2 ** min(failures - 1, 20)))


class ConsoleStream:
    def __init__(
        self,
        url: Callable[[], str],
        on_message: Callable[[dict[str, Any]], None],
        on_state: Callable[[StreamState], None],
        renew_token: Callable[[], TokenRenewal] | None = None,
        *,
        max_delay_s: float = MAX_DELAY_S,
        rng: Callable[[], float] = random.random,
    ) -> None:
        self._url = url
        self._on_message = on_message
        self._on_state = on_state
        self._renew_token = renew_token
        self.max_delay_s = max_delay_s
        self._rng = rng
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._ws: ClientConnection | None = None
        self._ready = threading.Event()
        self.state = StreamState.STOPPED
        self.connections = 0

    # -- control -------------------------------------------------------------------------
    def start(self) -> None:
        if self._thread is not None:
            return
        self._thread = threading.Thread(target=self._thread_main, name="console-stream",
                                        daemon=True)
        self._thread.start()
        self._ready.wait(5)

    def stop(self, timeout: float = 3.0) -> bool:
        """Close the connection and end the thread; True when it ended within ``timeout``."""
        loop, stop = self._loop, self._stop
        if loop is not None and stop is not None and not loop.is_closed():
            try:
                loop.call_soon_threadsafe(stop.set)
            except RuntimeError:  # the loop just closed
                pass
        if self._thread is not None:
            self._thread.join(timeout)
            return not self._thread.is_alive()
        return True

    def reconnect(self) -> None:
        """Drop the current connection (e.g. after a new login); it comes back by itself."""
        loop, ws = self._loop, self._ws
        if loop is not None and ws is not None:
            loop.call_soon_threadsafe(lambda: asyncio.ensure_future(ws.close()))

    # -- the thread ----------------------------------------------------------------------
    def _thread_main(self) -> None:
        loop = asyncio.new_event_loop()
        self._loop = loop
        try:
            loop.run_until_complete(self._main())
        except Exception:
            logger.exception("console stream crashed")
        finally:
            loop.close()
            self._set_state(StreamState.STOPPED)

    async def _main(self) -> None:
        self._stop = asyncio.Event()
        self._ready.set()
        failures = 0
        while not self._stop.is_set():
            self._set_state(StreamState.CONNECTING if failures == 0 and self.connections == 0
                            else StreamState.RECONNECTING)
            outcome = await self._connect_once()
            if self._stop.is_set():
                break
            if outcome == "auth":
                renewal = await self._renew()
                if renewal is TokenRenewal.REFUSED:
                    self._set_state(StreamState.LOGIN_NEEDED)
                    logger.warning("the relay no longer accepts this login; log in again")
                    return
                if renewal is TokenRenewal.RENEWED:
                    failures = 0
                    continue
            failures = 0 if outcome == "served" else failures + 1
            delay = backoff_delay(max(1, failures), self._rng, cap=self.max_delay_s)
            self._set_state(StreamState.RECONNECTING)
            logger.info("console stream reconnecting in %.1f s", delay)
            try:
                await asyncio.wait_for(self._stop.wait(), delay)
            except TimeoutError:
                pass

    async def _connect_once(self) -> str:
        """One connection: 'served' (it was up, then dropped), 'failed' or 'auth'."""
        assert self._stop is not None
        try:
            url = self._url()
        except Exception as exc:  # noqa: BLE001 - e.g. not logged in: ask for a new login
            logger.warning("no stream address: %s", exc)
            return "auth"
        try:
            async with connect(url, max_size=MAX_MESSAGE_BYTES, open_timeout=10,
                               ping_interval=15, ping_timeout=15, close_timeout=2) as ws:
                self._ws = ws
                self.connections += 1
                self._set_state(StreamState.CONNECTED)
                logger.info("console stream connected")
                stopper = asyncio.ensure_future(self._stop.wait())
                try:
                    await self._read(ws, stopper)
                finally:
                    stopper.cancel()
                    self._ws = None
                return "served"
        except InvalidStatus as exc:
            status = exc.response.status_code
            logger.warning("the relay refused the console stream (HTTP %d)", status)
            return "auth" if status in (401, 403) else "failed"
        except ConnectionClosed as exc:
            code = exc.rcvd.code if exc.rcvd is not None else None
            logger.info("console stream closed (code %s)", code)
            return "served"
        except (OSError, TimeoutError, InvalidHandshake) as exc:
            logger.info("cannot reach the relay stream: %s", exc or type(exc).__name__)
            return "failed"

    async def _read(self, ws: ClientConnection, stopper: asyncio.Future[Any]) -> None:
        while True:
            receiver = asyncio.ensure_future(ws.recv())
            done, _ = await asyncio.wait({receiver, stopper},
                                         return_when=asyncio.FIRST_COMPLETED)
            if stopper in done:
                receiver.cancel()
                await ws.close()
                return
            raw = receiver.result()  # raises ConnectionClosed when the relay went away
            try:
                message = json.loads(raw)
            except ValueError:
                logger.warning("ignored a console message that is not JSON")
                continue
            if isinstance(message, dict):
                try:
                    self._on_message(message)
                except Exception:
                    logger.exception("console message handler failed")

    async def _renew(self) -> TokenRenewal:
        if self._renew_token is None:
            return TokenRenewal.REFUSED
        try:
            return await asyncio.get_running_loop().run_in_executor(None, self._renew_token)
        except Exception:
            logger.exception("renewing the console login failed")
            return TokenRenewal.UNREACHABLE

    def _set_state(self, state: StreamState) -> None:
        if state is self.state:
            return
        self.state = state
        try:
            self._on_state(state)
        except Exception:
            logger.exception("stream state handler failed")

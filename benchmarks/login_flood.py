"""Panic round trip under a login flood: the rate limits must protect the panic path.

A relay subprocess on SQLite with one console on ``/api/v1/stream``. The panic round trip is
a signed ``POST /api/v1/events`` of a ``panic.test`` until the console's websocket has the
event. First quiet (``--quiet`` panics), then while ``--clients`` threads post wrong
passwords (made-up names) to ``/api/v1/auth/login`` as fast as the relay answers (asyncio, each client one connection), for
``--flood-s`` seconds (from a separate process, so the measuring client does not share its
interpreter with the flood). Prints both medians, their ratio (target ≤ 1.5) and the relay's RSS
growth (target < 50 MB, peak during the flood minus before it).

    .venv/bin/python benchmarks/login_flood.py [--clients 20] [--flood-s 20]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import tempfile
import threading
import time
import uuid
from multiprocessing import Process, Queue
from pathlib import Path

import httpx
import websockets
from relay_common import bulk_enroll, free_port, login, start_relay, stop_relay

from protocol.signing import sign_headers

EVENTS = "/api/v1/events"


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


class Console:
    """A bare websocket console in a thread; records when each event id arrives."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.arrived: dict[str, float] = {}
        self.cond = threading.Condition()
        self.ready = threading.Event()
        self.stop = False
        self.thread = threading.Thread(target=lambda: asyncio.run(self._run()), daemon=True)
        self.thread.start()
        if not self.ready.wait(20):
            raise RuntimeError("console did not connect")

    async def _run(self) -> None:
        async with websockets.connect(self.url, max_size=None) as ws:
            self.ready.set()
            while not self.stop:
                try:
                    raw = await asyncio.wait_for(ws.recv(), 1.0)
                except TimeoutError:
                    continue
                message = json.loads(raw)
                if message["type"] == "event":
                    with self.cond:
                        self.arrived[message["data"]["id"]] = time.perf_counter()
                        self.cond.notify_all()

    def wait_for(self, event_id: str, timeout: float = 30) -> float:
        with self.cond:
            if not self.cond.wait_for(lambda: event_id in self.arrived, timeout):
                raise RuntimeError(f"event {event_id} never reached the console")
            return self.arrived[event_id]


def panic_round_trip(client: httpx.Client, console: Console, agent_id: str, secret: str) -> float:
    event_id = str(uuid.uuid4())
    body = json.dumps({"events": [{
        "id": event_id, "kind": "panic.test", "time": "2030-01-01T08:00:00Z", "priority": 0,
        "payload": {"trigger": "benchmark"}}]}).encode()
    headers = sign_headers(agent_id, secret, "POST", EVENTS, body)
    headers["Content-Type"] = "application/json"
    start = time.perf_counter()
    response = client.post(EVENTS, content=body, headers=headers)
    response.raise_for_status()
    return console.wait_for(event_id) - start


def flood(port: int, clients: int, seconds: float, result: Queue[dict[int, int]]) -> None:
    """``clients`` concurrent connections posting wrong passwords (in its own process)."""
    counts: dict[int, int] = {}

    async def one() -> None:
        until = time.monotonic() + seconds
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
            while time.monotonic() < until:
                try:
                    status = (await client.post("/api/v1/auth/login", json={
                        "name": f"guess-{uuid.uuid4().hex[:8]}", "password": "wrong-password"},
                    )).status_code
                except httpx.HTTPError:
                    status = 0
                counts[status] = counts.get(status, 0) + 1

    async def run() -> None:
        await asyncio.gather(*(one() for _ in range(clients)))

    asyncio.run(run())
    result.put(counts)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--flood-s", type=float, default=20.0)
    parser.add_argument("--quiet", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (agent_id, secret), = bulk_enroll(root, 1)
        port = free_port()
        proc = start_relay(root, port)
        try:
            token = login(port)
            console = Console(f"ws://127.0.0.1:{port}/api/v1/stream?token={token}")
            with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
                for _ in range(5):
                    panic_round_trip(client, console, agent_id, secret)  # warm-up
                quiet = []
                for _ in range(args.quiet):
                    quiet.append(panic_round_trip(client, console, agent_id, secret))
                    time.sleep(0.1)
                rss_before = rss_mb(proc.pid)
                result: Queue[dict[int, int]] = Queue()
                until = time.monotonic() + args.flood_s
                flooder = Process(target=flood, args=(port, args.clients, args.flood_s, result))
                flooder.start()
                time.sleep(1.0)  # let the flood build up
                loaded = []
                rss_peak = rss_before
                while time.monotonic() < until - 0.5:
                    loaded.append(panic_round_trip(client, console, agent_id, secret))
                    rss_peak = max(rss_peak, rss_mb(proc.pid))
                    time.sleep(0.1)
                counts = result.get(timeout=60)
                flooder.join()
                rss_after = rss_mb(proc.pid)
            console.stop = True
            console.thread.join(5)  # closes its websocket before the relay stops
        finally:
            stop_relay(proc)
    q, f = statistics.median(quiet), statistics.median(loaded)
    print(f"panic round trip, quiet: median {q * 1000:.1f} ms over {len(quiet)}")
    print(f"panic round trip, {args.clients}-client login flood: median {f * 1000:.1f} ms "
          f"over {len(loaded)} (ratio {f / q:.2f}x, target <= 1.5x)")
    print(f"login answers during the flood: {dict(sorted(counts.items()))}")
    print(f"relay RSS: {rss_before:.0f} MB before, peak {rss_peak:.0f} MB, "
          f"{rss_after:.0f} MB after (growth {rss_peak - rss_before:.1f} MB, target < 50 MB)")


if __name__ == "__main__":
    main()

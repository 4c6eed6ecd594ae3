"""Relay throughput side by side in one run, each against its own server subprocess:

1. a bare FastAPI/uvicorn POST handler of the heartbeat's request shape
   (benchmarks/bare_handler.py), the median of 3 passes,
2. signed heartbeats through the relay on SQLite (synchronous=FULL), as a ratio to 1,
3. durable alarm events (panic.alert, answered once committed) in batches of 1 and of 50, on
   SQLite with FULL sync and, with --postgres, on a throwaway PostgreSQL cluster with fsync on
   (tests/relay/postgres_cluster.py) or the server at SAFETY_RELAY_PG_URL.

    .venv/bin/python benchmarks/relay_throughput.py [--agents 1000] [--rounds 5] [--postgres]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from relay_common import ROOT, bulk_enroll, free_port, percentile, start_relay, stop_relay

from protocol.signing import new_secret, sign_headers

HEARTBEAT = "/api/v1/heartbeat"
EVENTS = "/api/v1/events"
BARE_PASSES = 3
Agent = tuple[str, str]
#: (path, body, items in it) of one request of an agent
RequestMaker = Callable[[Agent], tuple[str, bytes, int]]


async def _read_response(reader: asyncio.StreamReader) -> int:
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head[9:12])
    length = 0
    for line in head.split(b"\r\n"):
        if line[:15].lower() == b"content-length:":
            length = int(line[15:])
    await reader.readexactly(length)
    return status


def heartbeat(_agent: Agent) -> tuple[str, bytes, int]:
    return HEARTBEAT, json.dumps({"state": "active", "app_version": "bench"}).encode(), 1


def alarms(batch: int) -> RequestMaker:
    def make(_agent: Agent) -> tuple[str, bytes, int]:
        events = [{"id": str(uuid.uuid4()), "kind": "panic.alert", "priority": 0,
                   "time": "2030-01-01T08:00:00Z", "payload": {"trigger": "hotkey"}}
                  for _ in range(batch)]
        return EVENTS, json.dumps({"events": events}).encode(), batch
    return make


async def run_load(port: int, agents: list[Agent], rounds: int, concurrency: int,
                   make: RequestMaker) -> tuple[int, int, float, list[float]]:
    """Keep-alive HTTP/1.1 over raw asyncio streams: a load generator light enough to leave
    most of the 2 cores to the server (httpx alone used more CPU than the server).
    Returns (items, errors, seconds, per-request latencies)."""
    latencies: list[float] = []
    errors = items = 0
    queue: asyncio.Queue[Agent] = asyncio.Queue()
    for _ in range(rounds):
        for agent in agents:
            queue.put_nowait(agent)

    async def worker() -> None:
        nonlocal errors, items
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            while True:
                try:
                    agent = queue.get_nowait()
                except asyncio.QueueEmpty:
                    return
                path, body, count = make(agent)
                headers = sign_headers(agent[0], agent[1], "POST", path, body)
                request = (
                    f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
                    "Content-Type: application/json\r\n"
                    f"Content-Length: {len(body)}\r\n"
                    + "".join(f"{k}: {v}\r\n" for k, v in headers.items())
                    + "\r\n"
                ).encode() + body
                started = time.perf_counter()
                writer.write(request)
                status = await _read_response(reader)
                latencies.append(time.perf_counter() - started)
                if status == 200:
                    items += count
                else:
                    errors += 1
        finally:
            writer.close()
            await writer.wait_closed()

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return items, errors, time.perf_counter() - started, latencies


def report(label: str, unit: str, result: tuple[int, int, float, list[float]],
           bare: float | None = None) -> float:
    items, errors, elapsed, latencies = result
    rate = items / elapsed
    ratio = f" = {rate / bare:.0%} of bare" if bare else ""
    print(f"{label:<44} {rate:>7.0f} {unit}/s{ratio}  p50 {percentile(latencies, 50) * 1000:.1f} ms"
          f"  p99 {percentile(latencies, 99) * 1000:.1f} ms  ({items} {unit}, {errors} errors)",
          flush=True)
    return rate


def measure(port: int, agents: list[Agent], rounds: int, concurrency: int,
            make: RequestMaker) -> tuple[int, int, float, list[float]]:
    asyncio.run(run_load(port, agents[:50], 1, 8, make))  # warm-up
    return asyncio.run(run_load(port, agents, rounds, concurrency, make))


def relay_runs(root: Path, label: str, url: str | None, args: argparse.Namespace,
               bare: float) -> None:
    agents = bulk_enroll(root, args.agents, url)
    port = free_port()
    proc = start_relay(root, port, url)
    try:
        if url is None:
            report(f"relay, signed heartbeats, {label}", "heartbeats",
                   measure(port, agents, args.rounds, args.concurrency, heartbeat), bare)
        for batch in (1, 50):
            requests = max(1, args.alarm_events // batch)
            chosen = (agents * (1 + requests // len(agents)))[:requests]
            report(f"relay, durable alarms, batch {batch}, {label}", "events",
                   measure(port, chosen, 1, args.concurrency, alarms(batch)))
    finally:
        stop_relay(proc)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--agents", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=5, help="heartbeats per agent")
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--alarm-events", type=int, default=3000,
                        help="alarm events per batch size")
    parser.add_argument("--postgres", action="store_true",
                        help="also on PostgreSQL (a throwaway cluster, fsync on)")
    args = parser.parse_args()
    print(f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the start")
    with tempfile.TemporaryDirectory(prefix="relay-bench-") as tmp:
        root = Path(tmp)
        agents = [(str(uuid.uuid4()), new_secret()) for _ in range(args.agents)]
        port = free_port()
        bare_proc = start_relay(root, port, command=[
            sys.executable, str(ROOT / "benchmarks" / "bare_handler.py"), str(port)])
        try:
            # a pass takes under a second, and single passes differed by a third on a quiet
            # machine: the ratios use the median of BARE_PASSES
            rates = sorted(
                report(f"bare FastAPI/uvicorn handler (same request), pass {n + 1}", "requests",
                       measure(port, agents, args.rounds, args.concurrency, heartbeat))
                for n in range(BARE_PASSES))
            bare = rates[len(rates) // 2]
            print(f"{'bare FastAPI/uvicorn handler, median':<44} {bare:>7.0f} requests/s",
                  flush=True)
        finally:
            stop_relay(bare_proc)
        (root / "sqlite").mkdir()
        relay_runs(root / "sqlite", "SQLite FULL", None, args, bare)
        if args.postgres:
            postgres(root, args, bare)
    print(f"load average {os.getloadavg()[0]:.1f} at the end")


def postgres(root: Path, args: argparse.Namespace, bare: float) -> None:
    from tests.relay.postgres_cluster import remove_cluster, start_cluster

    folder = root / "postgresql"
    folder.mkdir()
    if os.environ.get("SAFETY_RELAY_PG_URL"):
        relay_runs(folder, "PostgreSQL", os.environ["SAFETY_RELAY_PG_URL"], args, bare)
        return
    cluster = start_cluster(fsync=True)
    try:
        relay_runs(folder, "PostgreSQL (fsync on)", cluster.server().url, args, bare)
    finally:
        remove_cluster(cluster)


if __name__ == "__main__":
    main()

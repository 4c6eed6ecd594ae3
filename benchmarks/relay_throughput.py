"""Heartbeats per second through a relay subprocess on SQLite, from 1,000 simulated agents.

    .venv/bin/python benchmarks/relay_throughput.py [--agents 1000] [--rounds 5]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import tempfile
import time
from pathlib import Path

from relay_common import bulk_enroll, free_port, percentile, start_relay, stop_relay

from protocol.signing import sign_headers

PATH = "/api/v1/heartbeat"


async def _read_response(reader: asyncio.StreamReader) -> int:
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head[9:12])
    length = 0
    for line in head.split(b"\r\n"):
        if line[:15].lower() == b"content-length:":
            length = int(line[15:])
    await reader.readexactly(length)
    return status


async def run_load(port: int, agents: list[tuple[str, str]], rounds: int,
                   concurrency: int) -> tuple[int, int, float, list[float]]:
    """Keep-alive HTTP/1.1 over raw asyncio streams: a load generator light enough to leave
    most of the 2 cores to the relay (httpx alone used more CPU than the server)."""
    body = json.dumps({"state": "active", "app_version": "bench"}).encode()
    latencies: list[float] = []
    errors = 0
    queue: asyncio.Queue[tuple[str, str]] = asyncio.Queue()
    for _ in range(rounds):
        for agent in agents:
            queue.put_nowait(agent)

    async def worker() -> None:
        nonlocal errors
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            while True:
                try:
                    agent_id, secret = queue.get_nowait()
                except asyncio.QueueEmpty:
                    return
                headers = sign_headers(agent_id, secret, "POST", PATH, body)
                request = (
                    f"POST {PATH} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
                    "Content-Type: application/json\r\n"
                    f"Content-Length: {len(body)}\r\n"
                    + "".join(f"{k}: {v}\r\n" for k, v in headers.items())
                    + "\r\n"
                ).encode() + body
                started = time.perf_counter()
                writer.write(request)
                status = await _read_response(reader)
                latencies.append(time.perf_counter() - started)
                if status != 200:
                    errors += 1
        finally:
            writer.close()
            await writer.wait_closed()

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    elapsed = time.perf_counter() - started
    return len(latencies), errors, elapsed, latencies


def process_cpu_s(pid: int) -> float:
    """User + system CPU seconds of a process (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--agents", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=5, help="heartbeats per agent")
    parser.add_argument("--concurrency", type=int, default=32)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="relay-bench-") as tmp:
        root = Path(tmp)
        agents = bulk_enroll(root, args.agents)
        port = free_port()
        proc = start_relay(root, port)
        try:
            asyncio.run(run_load(port, agents[:50], 1, 8))  # warm-up
            cpu_before = process_cpu_s(proc.pid)
            count, errors, elapsed, latencies = asyncio.run(
                run_load(port, agents, args.rounds, args.concurrency))
            relay_cpu = process_cpu_s(proc.pid) - cpu_before
        finally:
            stop_relay(proc)
    print(f"agents={args.agents} heartbeats={count} errors={errors} "
          f"concurrency={args.concurrency}")
    print(f"elapsed={elapsed:.2f}s throughput={count / elapsed:.0f} heartbeats/s")
    print(f"relay CPU {relay_cpu / count * 1000:.2f} ms per heartbeat "
          f"(= {count / relay_cpu:.0f}/s if the relay had one core to itself); "
          f"load average now {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"latency p50={percentile(latencies, 50) * 1000:.1f}ms "
          f"p99={percentile(latencies, 99) * 1000:.1f}ms")


if __name__ == "__main__":
    main()

"""Alert latency: agent ``outbox.put`` → supervisor console websocket, over loopback.

A relay subprocess on SQLite, one console connected to ``/api/v1/stream``, one agent with an
AlertOutbox and OutboxSender; 1,000 panic test events put one after another.

    .venv/bin/python benchmarks/relay_latency.py [--events 1000] [--interval-ms 10]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import tempfile
import threading
import time
from pathlib import Path

import websockets
from relay_common import bulk_enroll, free_port, login, percentile, start_relay, stop_relay

from assistant.alerts.outbox import AlertOutbox
from assistant.alerts.relay_client import RelayClient
from assistant.alerts.sender import OutboxSender


def console(url: str, expected: int, ready: threading.Event,
            received: dict[str, float]) -> None:
    async def listen() -> None:
        async with websockets.connect(url, max_size=None) as ws:
            ready.set()
            async for raw in ws:
                message = json.loads(raw)
                if message["type"] == "event":
                    received[message["data"]["id"]] = time.perf_counter()
                    if len(received) >= expected:
                        return

    asyncio.run(asyncio.wait_for(listen(), timeout=600))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--interval-ms", type=float, default=10.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="relay-latency-") as tmp:
        root = Path(tmp)
        ((agent_id, secret),) = bulk_enroll(root, 1)
        port = free_port()
        proc = start_relay(root, port)
        sent: dict[str, float] = {}
        received: dict[str, float] = {}
        try:
            token = login(port)
            ready = threading.Event()
            listener = threading.Thread(
                target=console,
                args=(f"ws://127.0.0.1:{port}/api/v1/stream?token={token}", args.events, ready,
                      received),
                daemon=True,
            )
            listener.start()
            if not ready.wait(10):
                raise RuntimeError("console did not connect")
            outbox = AlertOutbox(root / "outbox.sqlite3")
            sender = OutboxSender(outbox, lambda: RelayClient(f"http://127.0.0.1:{port}",
                                                              agent_id, secret))
            sender.start()
            for i in range(args.events):
                started = time.perf_counter()
                event_id = outbox.put("panic.test", {"trigger": "bench", "n": i})
                sent[event_id] = started
                sender.wake()
                time.sleep(args.interval_ms / 1000)
            listener.join(120)
            sender.stop()
            outbox.close()
        finally:
            stop_relay(proc)
    latencies = [(received[k] - sent[k]) * 1000 for k in sent if k in received]
    print(f"events={args.events} received={len(latencies)} interval={args.interval_ms}ms")
    print(f"put->console latency p50={percentile(latencies, 50):.1f}ms "
          f"p90={percentile(latencies, 90):.1f}ms p99={percentile(latencies, 99):.1f}ms "
          f"max={max(latencies):.1f}ms")
    print(f"load average now {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()

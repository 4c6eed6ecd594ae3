"""Alert latency: agent commit → supervisor console, over loopback.

A relay subprocess on SQLite, one console connected to ``/api/v1/stream``; 1,000 panic test
events sent one after another.

``--path app`` (default) measures what the products do: the tray app's alert channel
(``AlertChannel.send``: outbox commit, sender wake) to the console's own client
(``ConsoleStream`` + ``SupervisionBoard.apply``), timed when the console's board holds the
alert that opens the alarm windows. ``--path raw`` is the transport alone: ``outbox.put`` +
``OutboxSender`` to a bare websocket client's ``event`` message.

    .venv/bin/python benchmarks/relay_latency.py [--events 1000] [--interval-ms 10] [--path app|raw]
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

from assistant.alert_channel.channel import AlertChannel, RelayLink
from assistant.alerts.outbox import AlertOutbox
from assistant.alerts.relay_client import RelayClient
from assistant.alerts.sender import OutboxSender
from assistant.supervision.board import ChangeKind, SupervisionBoard
from assistant.supervision.stream import ConsoleStream, StreamState


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


def app_path(root: Path, port: int, agent_id: str, secret: str, events: int,
             interval_ms: float) -> tuple[dict[str, float], dict[str, float]]:
    """The tray app's AlertChannel → relay → the console's ConsoleStream and board."""
    sent: dict[str, float] = {}
    received: dict[str, float] = {}
    done = threading.Event()
    connected = threading.Event()
    board = SupervisionBoard()
    token = login(port)

    def on_message(message: dict[str, object]) -> None:
        for change in board.apply(message):  # type: ignore[arg-type]
            alert = change.alert
            if change.kind is ChangeKind.ALERT_ADDED and alert is not None:
                received.setdefault(alert.event_id, time.perf_counter())
        if len(received) >= events:
            done.set()

    def on_state(state: StreamState) -> None:
        if state is StreamState.CONNECTED:
            connected.set()

    stream = ConsoleStream(lambda: f"ws://127.0.0.1:{port}/api/v1/stream?token={token}",
                           on_message, on_state)
    stream.start()
    if not connected.wait(10):
        raise RuntimeError("console did not connect")
    outbox = AlertOutbox(root / "outbox.sqlite3")
    channel = AlertChannel(outbox, "bench", lambda: "active", secret_loader=lambda _id: secret)
    channel.configure(RelayLink(f"http://127.0.0.1:{port}", agent_id, "S-0000", 30))
    for i in range(events):
        started = time.perf_counter()
        event_id = channel.send("panic.test", {"trigger": "bench", "n": i})
        sent[event_id] = started
        time.sleep(interval_ms / 1000)
    done.wait(120)
    channel.shutdown(0.5)
    stream.stop()
    outbox.close()
    return sent, received


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--interval-ms", type=float, default=10.0)
    parser.add_argument("--path", choices=["app", "raw"], default="app")
    args = parser.parse_args()
    if args.path == "app":
        with tempfile.TemporaryDirectory(prefix="relay-latency-") as tmp:
            root = Path(tmp)
            ((agent_id, secret),) = bulk_enroll(root, 1)
            port = free_port()
            proc = start_relay(root, port)
            try:
                app_sent, app_received = app_path(root, port, agent_id, secret, args.events,
                                                  args.interval_ms)
            finally:
                stop_relay(proc)
        report(args, app_sent, app_received, "AlertChannel.send->console board")
        return
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
            for _ in range(args.events):
                started = time.perf_counter()
                event_id = outbox.put("panic.test", {"trigger": "bench", "test": True})
                sent[event_id] = started
                sender.wake()
                time.sleep(args.interval_ms / 1000)
            listener.join(120)
            sender.stop()
            outbox.close()
        finally:
            stop_relay(proc)
    report(args, sent, received, "put->console")


def report(args: argparse.Namespace, sent: dict[str, float], received: dict[str, float],
           label: str) -> None:
    latencies = [(received[k] - sent[k]) * 1000 for k in sent if k in received]
    print(f"path={args.path} events={args.events} received={len(latencies)} "
          f"interval={args.interval_ms}ms")
    print(f"{label} latency p50={percentile(latencies, 50):.1f}ms "
          f"p90={percentile(latencies, 90):.1f}ms p99={percentile(latencies, 99):.1f}ms "
          f"max={max(latencies):.1f}ms")
    print(f"load average now {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Footprint of the agent tray app: launch → tray icon visible, memory, idle CPU, bundle size.

Runs the real program on a virtual X11 desktop (re-executes itself under
scripts/virtual-desktop when needed), for the source tree and, when built, the frozen
one-folder bundle (dist/safety-assistant). Prints a markdown table for the README.

The plain rows are a fresh agent with no relay configured (what IT sees right after
installing). The "enrolled" rows start a real relay on loopback, enroll the agent with a
one-time code (its key goes to the virtual desktop's Secret Service keyring) and measure
the agent while it sends heartbeats: that loads httpx, keyring and its Secret Service
backend, which the fresh agent never imports.

  .venv/bin/python benchmarks/footprint.py [--launches 7] [--idle-seconds 60] [--skip-frozen]
                                           [--skip-enrolled]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.e2e.desktop import tray_icon
from tests.e2e.supervisor_support import RelayAdmin

FROZEN = REPO / "dist" / "safety-assistant" / "safety-assistant"


def start(command: list[str], base: Path) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
    return subprocess.Popen([*command, "--basedir", str(base), "--policy", str(base / "none.toml")],
                            cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def launch_time(command: list[str], files: dict[str, bytes] | None = None, limit_s: float = 30) -> float:
    """Seconds from launch to the tray icon, with ``files`` (path in the basedir → bytes)."""
    with tempfile.TemporaryDirectory() as tmp:
        for name, content in (files or {}).items():
            (Path(tmp) / name).parent.mkdir(parents=True, exist_ok=True)
            (Path(tmp) / name).write_bytes(content)
        t0 = time.perf_counter()
        proc = start(command, Path(tmp))
        try:
            while tray_icon() is None:
                if proc.poll() is not None:
                    raise RuntimeError("the app exited during launch")
                if time.perf_counter() - t0 > limit_s:
                    raise RuntimeError(f"no tray icon after {limit_s:.0f} s")
                time.sleep(0.01)
            return time.perf_counter() - t0
        finally:
            proc.terminate()
            proc.wait(10)
            time.sleep(0.3)


@contextlib.contextmanager
def enrolled_agent(command: list[str]) -> Iterator[Path]:
    """A base dir enrolled with a real relay on loopback, which runs while in use."""
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp) / "agent"
        relay = RelayAdmin(Path(tmp) / "relay").start()
        try:
            code = relay.add_agent("B-01", "footprint")["code"]
            subprocess.run([*command, "enroll", relay.url, code, "--basedir", str(base),
                            "--policy", str(base / "none.toml")], cwd=REPO, check=True,
                           stdout=subprocess.DEVNULL)
            yield base
        finally:
            relay.stop()


def steady_state(command: list[str], seconds: float, enrolled: bool = False) -> tuple[float, float]:
    """Resident memory (MB) after ``seconds`` and CPU % of one core over those seconds."""
    with (enrolled_agent(command) if enrolled else tempfile.TemporaryDirectory()) as tmp:
        proc = start(command, Path(tmp))
        try:
            t0 = time.perf_counter()
            while tray_icon() is None and time.perf_counter() - t0 < 30:
                time.sleep(0.05)
            ps = psutil.Process(proc.pid)
            time.sleep(3)  # let start-up work finish before measuring "idle"
            cpu0 = ps.cpu_times()
            w0 = time.perf_counter()
            time.sleep(seconds)
            cpu1 = ps.cpu_times()
            wall = time.perf_counter() - w0
            rss = ps.memory_info().rss / 1e6
            used = (cpu1.user - cpu0.user) + (cpu1.system - cpu0.system)
            return rss, 100.0 * used / wall
        finally:
            proc.terminate()
            proc.wait(10)


def bundle_size_mb() -> float:
    folder = FROZEN.parent
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--launches", type=int, default=7)
    parser.add_argument("--idle-seconds", type=float, default=60)
    parser.add_argument("--skip-frozen", action="store_true")
    parser.add_argument("--skip-enrolled", action="store_true")
    args = parser.parse_args()
    if not os.environ.get("VD_DIR"):
        return subprocess.call([str(REPO / "scripts" / "virtual-desktop"), sys.executable, *sys.argv])

    variants = [("source", [sys.executable, "-m", "assistant"])]
    if not args.skip_frozen and FROZEN.exists():
        variants.append(("frozen", [str(FROZEN)]))
    rows = []
    for name, command in variants:
        launch_time(command)  # warm the file cache once
        times = [launch_time(command) for _ in range(args.launches)]
        rss, cpu = steady_state(command, args.idle_seconds)
        rows.append((name, f"{statistics.median(times):.2f}", f"{max(times):.2f}", rss, cpu))
        print(f"{name}: launches {[f'{t:.2f}' for t in times]}", file=sys.stderr)
        if not args.skip_enrolled:
            rss, cpu = steady_state(command, args.idle_seconds, enrolled=True)
            rows.append((f"{name}, enrolled (heartbeats to a relay)", "–", "–", rss, cpu))

    print(f"| build | launch → tray, median of {args.launches} (s) | worst (s) | RSS after {args.idle_seconds:.0f} s (MB) "
          f"| idle CPU over {args.idle_seconds:.0f} s (% of one core) |")
    print("|---|---|---|---|---|")
    for name, median, worst, rss, cpu in rows:
        print(f"| {name} | {median} | {worst} | {rss:.0f} | {cpu:.2f} |")
    if FROZEN.exists():
        print(f"\nfrozen bundle size: {bundle_size_mb():.0f} MB ({FROZEN.parent})")
    return 0


if __name__ == "__main__":
    sys.exit(main())

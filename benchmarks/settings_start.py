#!/usr/bin/env python3
"""Launch → tray icon visible with a broken 1 MB settings file, for each kind of damage.

Issue 13's target: whatever a 1 MB settings file holds, the app starts within 2 s. Each kind
below is written as the agent's settings.toml (1,000,000 bytes); the policy file is absent.
Runs the real program on a virtual X11 desktop (re-executes itself under
scripts/virtual-desktop when needed) and prints a markdown table: the median and worst of
``--launches`` launches per kind, next to a clean start for comparison.

  .venv/bin/python benchmarks/settings_start.py [--launches 3] [--frozen]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.footprint import launch_time as footprint_launch_time

FROZEN = REPO / "dist" / "safety-assistant" / "safety-assistant"
MB = 1_000_000


def damaged_files() -> Iterator[tuple[str, bytes]]:
    """Name and bytes of each 1 MB settings file, cut to exactly 1 MB."""
    yield "clean (no settings file)", b""
    yield "every line broken", b"".join(b"x%d = = [\n" % i for i in range(200_000))
    yield "unknown keys, last line cut", b"[panic]\n" + b"".join(b"k%d = 1\n" % i for i in range(200_000))
    yield "unknown sections", b"".join(b"[s%d]\n" % i for i in range(200_000))
    yield "one key set 100,000 times", b"[panic]\n" + b"hold_s = 1\n" * 100_000
    yield "nan and wrong types", b"[panic]\n" + b"hold_s = nan\nconfirm = 5\n" * 50_000
    yield "500,000-deep nesting", b"[panic]\nhold_s = " + b"[" * (MB // 2) + b"]" * (MB // 2)
    yield "one long string", b"[panic]\nconfirm = \"" + b"a" * MB + b"\"\n"
    random.seed(13)
    yield "random bytes", random.randbytes(MB)
    yield "wrong list elements", b"[breaks]\nshift_end_weekdays = [" + b"99, \"x\", -5, " * 90_000 + b"]\n"


def launch_time(command: list[str], content: bytes) -> float:
    files = {"config/settings.toml": content[:MB]} if content else {}
    return footprint_launch_time(command, files, limit_s=60)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--launches", type=int, default=3)
    parser.add_argument("--frozen", action="store_true", help="time dist/safety-assistant instead of the source tree")
    args = parser.parse_args()
    if not os.environ.get("VD_DIR"):
        return subprocess.call([str(REPO / "scripts" / "virtual-desktop"), sys.executable, *sys.argv])
    command = [str(FROZEN)] if args.frozen else [sys.executable, "-m", "assistant"]
    launch_time(command, b"")  # warm the file cache once
    print(f"| settings.toml (1 MB) | launch → tray, median of {args.launches} (s) | worst (s) |")
    print("|---|---|---|")
    for name, content in damaged_files():
        times = [launch_time(command, content) for _ in range(args.launches)]
        print(f"| {name} | {statistics.median(times):.2f} | {max(times):.2f} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Time ``scan --mask`` on the 50 MB chat text of tests/pii/test_long_text.py.

  python benchmarks/pii_long_text.py              # pure Python scanner
  PYTHONPATH=build/native python benchmarks/pii_long_text.py   # compiled (after compile_native)

Prints the text size, the scan + mask time (best of ``--runs``) and how many of the 2,000
planted identifiers were left unmasked.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parents[1]))  # append: build/native stays first

from pii import scanner
from pii.masking import mask_text
from tests.pii.test_long_text import left_unmasked, long_chat, planted_identifiers


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(13)
    identifiers = planted_identifiers(rng)
    text, starts = long_chat(rng, identifiers)
    compiled = scanner.__file__ is not None and not scanner.__file__.endswith(".py")
    best = float("inf")
    masked = ""
    for _ in range(args.runs):
        began = time.perf_counter()
        masked = mask_text(text, scanner.scan(text))
        best = min(best, time.perf_counter() - began)
    left = len(left_unmasked(masked, identifiers, starts, abs(len(text) - len(masked)) + 100))
    size = len(text.encode("utf-8")) / 1024 / 1024
    print(f"{'compiled' if compiled else 'pure Python'}: {size:.1f} MB ({len(text):,} characters), "
          f"scan --mask {best:.1f} s, {left} of {len(identifiers)} planted identifiers left unmasked")
    return 0 if left == 0 else 1


if __name__ == "__main__":
    sys.exit(main())

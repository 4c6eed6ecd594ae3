"""Driving the virtual X11 desktop like a person: xdotool, xclip, screenshots, the tray."""

from __future__ import annotations

import os
import re
import subprocess
import time
from pathlib import Path

ARTIFACTS = Path(__file__).resolve().parents[2] / ".e2e-artifacts"


def run(*args: str, input: str | None = None, timeout: float = 10) -> str:
    result = subprocess.run(args, input=input, capture_output=True, text=True, timeout=timeout,
                            check=False)
    if result.returncode != 0:
        raise RuntimeError(f"{args[0]} failed ({result.returncode}): {result.stderr.strip()}")
    return result.stdout


def xdotool(*args: str) -> str:
    return run("xdotool", *args)


def screenshot(name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    run("import", "-window", "root", str(path), timeout=20)
    return path


def clipboard_set(text: str) -> None:
    """Own the CLIPBOARD from another process, as a user copying from another app would."""
    proc = subprocess.Popen(["xclip", "-selection", "clipboard", "-i"], stdin=subprocess.PIPE,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    assert proc.stdin is not None
    proc.stdin.write(text.encode())
    proc.stdin.close()
    proc.wait(timeout=10)  # xclip forks a child that keeps serving the selection


def clipboard_get() -> str:
    result = subprocess.run(["xclip", "-selection", "clipboard", "-o"], capture_output=True,
                            timeout=10, check=False)
    return result.stdout.decode(errors="replace") if result.returncode == 0 else ""


_TREE_LINE = re.compile(r'^\s*(0x[0-9a-f]+) "([^"]*)": \("([^"]*)" "([^"]*)"\)\s+(\d+)x(\d+)\+(-?\d+)\+(-?\d+)\s+\+(-?\d+)\+(-?\d+)')


def _window_tree() -> str:
    """``xwininfo -root -tree``; it fails with "Bad Window" when a window goes away while it
    walks the tree (a curtain or toast closing), so a failed walk is taken again."""
    for attempt in range(5):
        try:
            return run("xwininfo", "-root", "-tree")
        except RuntimeError as exc:
            if "Bad Window" not in str(exc) and "Bad Drawable" not in str(exc) or attempt == 4:
                raise
            time.sleep(0.05)
    raise AssertionError("unreachable")


def windows(wm_class: str | None = None) -> list[dict[str, object]]:
    found = []
    for line in _window_tree().splitlines():
        m = _TREE_LINE.match(line)
        if not m:
            continue
        wid, name, _res_name, res_class, w, h, _, _, ax, ay = m.groups()
        if wm_class and res_class != wm_class:
            continue
        found.append({"id": wid, "name": name, "class": res_class, "w": int(w), "h": int(h),
                      "x": int(ax), "y": int(ay)})
    return found


def tray_icon(wm_class: str = "SafetyAssistant") -> dict[str, object] | None:
    """The app's icon embedded in the tray host (a small window of the app's class)."""
    for win in windows(wm_class):
        if 8 <= int(win["w"]) <= 64 and 8 <= int(win["h"]) <= 64 and int(win["x"]) >= 0 and int(win["y"]) >= 0:  # type: ignore[call-overload]
            return win
    return None


def wait_for(predicate, timeout: float = 10.0, interval: float = 0.1, what: str = "condition"):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(interval)


def on_virtual_desktop() -> bool:
    return bool(os.environ.get("VD_DIR")) and bool(os.environ.get("DISPLAY"))

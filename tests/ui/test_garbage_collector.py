from __future__ import annotations

import gc
import threading
import weakref

from ui.garbage_collector import MainThreadGarbageCollector


class Node:
    pass


def _cycle() -> weakref.ref[Node]:
    node = Node()
    node.me = node  # type: ignore[attr-defined]
    return weakref.ref(node)


def test_cycles_are_collected_on_the_gui_thread_only(qapp) -> None:  # type: ignore[no-untyped-def]
    gc.enable()
    collector = MainThreadGarbageCollector()
    collector.start()
    try:
        assert not gc.isenabled()
        ref = _cycle()
        worker = threading.Thread(target=lambda: [[object()] for _ in range(50_000)])
        worker.start()
        worker.join()
        assert ref() is not None, "a worker thread's allocations collected the cycle"
        garbage = [_cycle() for _ in range(collector.thresholds[0] + 10)]  # noqa: F841
        assert collector.check() > 0
        assert ref() is None
    finally:
        collector.stop()
        gc.disable()  # the test session collects by hand (tests/conftest.py)

"""Relay calls off the GUI thread; results come back to the GUI thread through a signal."""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal

logger = logging.getLogger(__name__)


class BackgroundCalls(QObject):
    _finished = Signal(object, object, object)  # callback, result, error

    def __init__(self, parent: QObject | None = None, workers: int = 2) -> None:
        super().__init__(parent)
        self._executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="console-call")
        self._finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self._closed = False

    def run(
        self,
        call: Callable[[], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[Exception], None] | None = None,
    ) -> None:
        """Run ``call`` in a worker; ``on_done(result)`` or ``on_error(exc)`` on the GUI thread."""
        if self._closed:
            return

        def finished(future: Future[Any]) -> None:
            error = future.exception()
            if error is not None:
                self._finished.emit(on_error, None, error)
            else:
                self._finished.emit(on_done, future.result(), None)

        self._executor.submit(call).add_done_callback(finished)

    def _deliver(self, callback: Callable[..., None] | None, result: Any, error: Any) -> None:
        if error is not None:
            if callback is None:
                logger.warning("background call failed: %s", error)
                return
            callback(error)
        elif callback is not None:
            callback(result)

    def close(self, wait: bool = False) -> None:
        self._closed = True
        self._executor.shutdown(wait=wait, cancel_futures=True)

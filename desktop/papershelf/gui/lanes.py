"""Lanes: threads that each keep one library connection open and run their jobs in order.

The window's background work goes through two lanes. The *write* lane runs imports,
attachments, exports and Inbox triage one after another, on one connection opened once;
the window waits for it when closing, as a write in progress must end. The *network* lane
runs lookups and feed fetches, which may wait on a slow server: its thread is a daemon the
window never waits for, and a job cut off at exit leaves the library as its last committed
transaction did. Results come back to the GUI thread through a queued signal.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from papershelf.library import Library

log = logging.getLogger(__name__)

Job = Callable[[Library], Any]
Callback = Callable[[Any], None]


class Lane(QObject):
    _sig_done = Signal(object, object)
    """(callback, value): delivered on the GUI thread."""

    def __init__(self, path: Path, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self._path = path
        self._queue: queue.Queue[tuple[Job, Callback, Callback] | None] = queue.Queue()
        self._pending = 0
        self._closed = False
        self._sig_done.connect(self._deliver)
        self._thread = threading.Thread(target=self._loop, name=name, daemon=True)
        self._thread.start()

    def run(self, job: Job, on_result: Callback, on_error: Callback) -> None:
        """Queue `job(library)`; its result (or exception) goes to the callback."""
        self._pending += 1
        self._queue.put((job, on_result, on_error))

    def busy(self) -> bool:
        """Whether a job is queued, running, or its result not yet delivered."""
        return self._pending > 0

    def close(self, wait: float | None) -> bool:
        """Stop after the queued jobs; wait up to `wait` seconds (None: not at all).

        Returns False if the lane was still working when the wait ended.
        """
        self._queue.put(None)
        finished = True
        if wait is not None:
            self._thread.join(wait)
            finished = not self._thread.is_alive()
        self._closed = True
        return finished

    def _loop(self) -> None:
        lib: Library | None = None
        try:
            while (item := self._queue.get()) is not None:
                job, on_result, on_error = item
                try:
                    if lib is None:
                        lib = Library.open(self._path, indexing="none")
                    else:  # settings may have changed since (online switch, service URLs)
                        lib.reload_settings()
                    value, callback = job(lib), on_result
                except Exception as exc:  # the lane's boundary: every error goes to the window
                    log.exception("%s: background job failed", self.name)
                    value, callback = exc, on_error
                try:
                    self._sig_done.emit(callback, value)
                except RuntimeError:  # the window went away meanwhile
                    return
        finally:
            if lib is not None:
                lib.close()

    def _deliver(self, callback: Callback, value: Any) -> None:
        self._pending -= 1
        if self._closed:
            log.debug("%s: result after the window closed, dropped", self.name)
            return
        callback(value)

"""Background jobs (imports) on Qt's thread pool, with results delivered on the GUI thread.

Once the window closes (`TaskRunner.close`), results still on their way are dropped: the
work itself is committed (or not) in the library, and the window that would show it is gone.
Jobs that may wait on the network (`run_detached`) run on daemon threads that the window
does not wait for: closing never hangs on a slow server, and a job cut off at exit leaves
the library as its last committed transaction did.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)


class WorkerSignals(QObject):
    result = Signal(object)
    error = Signal(object)
    finished = Signal()


class Worker(QRunnable):
    """Runs `job()` off the GUI thread; nothing escapes `run()`."""

    def __init__(self, job: Callable[[], Any]) -> None:
        super().__init__()
        self.signals = WorkerSignals()  # per instance: created on the GUI thread
        self._job = job

    def run(self) -> None:
        try:
            try:
                value = self._job()
            except Exception as exc:  # the worker's boundary: every error goes to the window
                log.exception("background task failed")
                self.signals.error.emit(exc)
            else:
                self.signals.result.emit(value)
            finally:
                self.signals.finished.emit()
        except RuntimeError:  # the window (and these signals) went away meanwhile
            log.debug("a background task finished after its window closed")


class TaskRunner(QObject):
    """Keeps workers alive until they finish, and can wait for all of them on quit."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool.globalInstance()
        self._running: set[Worker] = set()
        self._detached = 0  # daemon threads whose result is not delivered yet (never waited for)
        self._closed = False

    def run(
        self,
        job: Callable[[], Any],
        on_result: Callable[[Any], None],
        on_error: Callable[[BaseException], None],
    ) -> Worker:
        worker = Worker(job)
        worker.setAutoDelete(False)
        worker.signals.result.connect(self._unless_closed(on_result))
        worker.signals.error.connect(self._unless_closed(on_error))
        worker.signals.finished.connect(lambda: self._running.discard(worker))
        self._running.add(worker)
        self._pool.start(worker)
        return worker

    def busy(self) -> bool:
        """Whether any job is still running, detached ones included."""
        return bool(self._running) or self._detached > 0

    def wait(self, msecs: int = 30_000) -> bool:
        return self._pool.waitForDone(msecs)

    def close(self) -> None:
        """Drop results that arrive from now on (the window is closing)."""
        self._closed = True

    def run_detached(
        self,
        job: Callable[[], Any],
        on_result: Callable[[Any], None],
        on_error: Callable[[BaseException], None],
    ) -> None:
        """Run `job` on a daemon thread nobody waits for (network fetches)."""
        signals = WorkerSignals(self)
        signals.result.connect(self._unless_closed(on_result))
        signals.error.connect(self._unless_closed(on_error))
        signals.finished.connect(self._detached_done)  # queued after the result: in order

        def body() -> None:
            try:
                try:
                    value = job()
                except Exception as exc:  # the thread's boundary, as in Worker.run
                    log.exception("background task failed")
                    signals.error.emit(exc)
                else:
                    signals.result.emit(value)
                signals.finished.emit()
            except RuntimeError:  # the window (and these signals) went away meanwhile
                log.debug("a detached task finished after its window closed")

        self._detached += 1

        threading.Thread(target=body, name="papershelf-detached", daemon=True).start()

    def _detached_done(self) -> None:
        self._detached -= 1

    def _unless_closed(self, fn: Callable[[Any], None]) -> Callable[[Any], None]:
        def deliver(value: Any) -> None:
            if self._closed:
                log.debug("result after the window closed, dropped: %r", value)
                return
            fn(value)

        return deliver

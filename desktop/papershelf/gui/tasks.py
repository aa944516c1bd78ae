"""Background jobs (imports) on Qt's thread pool, with results delivered on the GUI thread."""

from __future__ import annotations

import logging
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
            value = self._job()
        except Exception as exc:  # the worker's boundary: every error goes to the window
            log.exception("background task failed")
            self.signals.error.emit(exc)
        else:
            self.signals.result.emit(value)
        finally:
            self.signals.finished.emit()


class TaskRunner(QObject):
    """Keeps workers alive until they finish, and can wait for all of them on quit."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool.globalInstance()
        self._running: set[Worker] = set()

    def run(
        self,
        job: Callable[[], Any],
        on_result: Callable[[Any], None],
        on_error: Callable[[BaseException], None],
    ) -> Worker:
        worker = Worker(job)
        worker.setAutoDelete(False)
        worker.signals.result.connect(on_result)
        worker.signals.error.connect(on_error)
        worker.signals.finished.connect(lambda: self._running.discard(worker))
        self._running.add(worker)
        self._pool.start(worker)
        return worker

    def busy(self) -> bool:
        return bool(self._running)

    def wait(self, msecs: int = 30_000) -> bool:
        return self._pool.waitForDone(msecs)

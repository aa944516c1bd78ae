"""Rendering page images on a thread of its own, newest wishes first.

PDFium is not thread-safe, so the render thread has its own `QPdfDocument` and is the only
one to render; the UI thread's document answers text and selection questions. The view
states which pages it wants (`request`, visible ones first); that list replaces the one
not yet rendered, so a fast scroll never queues a backlog of pages already left behind.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from PySide6.QtCore import QObject, QSize, QThread, Signal, Slot
from PySide6.QtGui import QImage
from PySide6.QtPdf import QPdfDocument, QPdfDocumentRenderOptions


@dataclass(frozen=True)
class RenderJob:
    """One page image to draw: which file (and which opening of it), page and pixel size."""

    generation: int
    path: str
    page: int
    width: int
    height: int


class _Queue:
    """The jobs still wanted, shared by the UI thread (writes) and the render thread (reads)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._jobs: list[RenderJob] = []
        self._current: RenderJob | None = None

    def replace(self, jobs: list[RenderJob]) -> None:
        with self._lock:
            self._jobs = [job for job in jobs if job != self._current]

    def take(self) -> RenderJob | None:
        with self._lock:
            self._current = self._jobs.pop(0) if self._jobs else None
            return self._current


class _Worker(QObject):
    sig_done = Signal(object, QImage)
    """(RenderJob, its image); a null image when the page could not be drawn."""

    def __init__(self, queue: _Queue) -> None:
        super().__init__()
        self._queue = queue
        self._doc: QPdfDocument | None = None
        self._generation = -1
        self._options = QPdfDocumentRenderOptions()
        # Highlights other readers saved in the file are drawn as they would be there.
        self._options.setRenderFlags(QPdfDocumentRenderOptions.RenderFlag.Annotations)

    @Slot()
    def work(self) -> None:
        while (job := self._queue.take()) is not None:
            self.sig_done.emit(job, self._render(job))

    def _render(self, job: RenderJob) -> QImage:
        if self._doc is None:
            self._doc = QPdfDocument(self)
        if job.generation != self._generation:
            # Each opening reads the file anew (it may have been replaced meanwhile).
            self._doc.close()
            self._generation = job.generation
            self._doc.load(job.path)
        if not 0 <= job.page < self._doc.pageCount():
            return QImage()
        return self._doc.render(job.page, QSize(job.width, job.height), self._options)

    @Slot()
    def close(self) -> None:
        if self._doc is not None:
            self._doc.close()
        self._generation = -1


class Renderer(QObject):
    """The UI side of the render thread: started on first use, stopped by `close`."""

    sig_rendered = Signal(object, QImage)
    """(RenderJob, image), delivered on the UI thread."""

    _sig_wake = Signal()
    _sig_close = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._queue = _Queue()
        self._thread: QThread | None = None
        self._worker: _Worker | None = None

    def request(self, jobs: list[RenderJob]) -> None:
        """Render these (in this order) instead of whatever was asked for before."""
        self._queue.replace(jobs)
        if jobs:
            self._start()
            self._sig_wake.emit()

    def running(self) -> bool:
        return self._thread is not None

    def _start(self) -> None:
        if self._thread is not None:
            return
        self._thread = QThread()
        self._thread.setObjectName("papershelf-reader-render")
        self._worker = _Worker(self._queue)
        self._worker.moveToThread(self._thread)
        self._sig_wake.connect(self._worker.work)
        self._sig_close.connect(self._worker.close)
        self._worker.sig_done.connect(self.sig_rendered)
        self._thread.finished.connect(self._worker.deleteLater)
        self._thread.start()

    def close(self) -> None:
        """Stop the thread (after the page it is drawing); safe to call twice."""
        self._queue.replace([])
        if self._thread is None:
            return
        self._sig_close.emit()
        self._thread.quit()
        self._thread.wait()
        self._thread = None
        self._worker = None

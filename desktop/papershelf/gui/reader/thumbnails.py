"""Small images of every page beside the reader: see the paper's shape, click to go there.

They come from a `Renderer` of their own (a second thread with its own document), asked
only while the panel is shown, nearest the page being read first, so they never hold up
the pages on screen.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QIcon, QImage, QPixmap
from PySide6.QtWidgets import QListView, QListWidget, QListWidgetItem, QWidget

from papershelf.gui.reader.document import ReaderDocument
from papershelf.gui.reader.render import Renderer, RenderJob

WIDTH = 110


class Thumbnails(QListWidget):
    sig_page = Signal(int)
    """The user picked a page (its index)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Pages")
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setFlow(QListView.Flow.TopToBottom)
        self.setWrapping(False)
        self.setMovement(QListView.Movement.Static)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setUniformItemSizes(True)
        self.setSpacing(6)
        self.setIconSize(QSize(WIDTH, round(WIDTH * 1.3)))
        self.renderer = Renderer(self)
        self.renderer.sig_rendered.connect(self._on_rendered)
        self._doc: ReaderDocument | None = None
        self._generation = 0
        self._drawn: set[int] = set()
        self.itemActivated.connect(self._pick)
        self.itemClicked.connect(self._pick)

    def set_document(self, doc: ReaderDocument | None) -> None:
        self.clear()
        self.renderer.request([])
        self._generation += 1
        self._drawn = set()
        self._doc = doc
        if doc is None:
            return
        for page in range(doc.page_count):
            item = QListWidgetItem(doc.label(page))
            item.setData(Qt.ItemDataRole.UserRole, page)
            item.setTextAlignment(Qt.AlignmentFlag.AlignHCenter)
            self.addItem(item)

    def show_page(self, page: int) -> None:
        """Mark the page being read, and draw the thumbnails around it first."""
        if 0 <= page < self.count():
            self.setCurrentRow(page)
            self.scrollToItem(self.item(page))
        self.render_from(page)

    def render_from(self, page: int) -> None:
        doc = self._doc
        if doc is None or not self.isVisible():
            return
        order = sorted(range(doc.page_count), key=lambda p: abs(p - page))
        jobs = []
        for p in order:
            if p in self._drawn:
                continue
            size = doc.sizes[p]
            height = round(WIDTH * size.height() / size.width()) if size.width() else WIDTH
            jobs.append(RenderJob(self._generation, doc.path, p, WIDTH, height))
        self.renderer.request(jobs)

    def drawn(self) -> int:
        return len(self._drawn)

    def _on_rendered(self, job: RenderJob, image: QImage) -> None:
        if job.generation != self._generation or image.isNull():
            return
        item = self.item(job.page)
        if item is not None:
            item.setIcon(QIcon(QPixmap.fromImage(image)))
            self._drawn.add(job.page)

    def _pick(self, item: QListWidgetItem) -> None:
        self.sig_page.emit(int(item.data(Qt.ItemDataRole.UserRole)))

    def shutdown(self) -> None:
        self.renderer.close()

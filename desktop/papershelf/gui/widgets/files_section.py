"""The detail pane's "Files" section: a paper's attached PDFs, openable, and a drop target."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from papershelf.core.models import Attachment
from papershelf.gui.markup import escape

FileLoader = Callable[[int], list[tuple[Attachment, Path]]]
"""A paper id → its attachments with where each file is (the window reads the library)."""

EMPTY_HINT = "No files — drop a PDF here, or Paper → Attach PDF…"


def pdf_paths(urls: list[QUrl]) -> list[str]:
    """The local .pdf files among dropped URLs."""
    return [u.toLocalFile() for u in urls if u.isLocalFile() and u.path().lower().endswith(".pdf")]


def describe(attachment: Attachment) -> str:
    """How much of the file's text is searchable, or why none is."""
    a = attachment
    if a.text_status == "failed":
        error = a.text_error or "unknown error"
        return error if error.startswith("cannot") else f"text not extracted: {error}"
    if a.pages is not None and a.pages_indexed < a.pages:
        return f"{a.pages_indexed} of {a.pages} pages indexed"
    if a.text_status != "ok":
        return "text not extracted yet"
    n = a.pages_indexed
    return f"{n} page{'' if n == 1 else 's'} indexed"


class FilesSection(QWidget):
    sig_attach = Signal(int, list)
    """PDF files (paths) were dropped here for this paper: attach them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAcceptDrops(True)
        self._paper_id: int | None = None
        self._paths: list[Path] = []
        self._loader: FileLoader | None = None
        self.label = QLabel(self)
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setWordWrap(True)
        self.label.setAccessibleName("Files")
        self.label.linkActivated.connect(self._open)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        self.setVisible(False)

    def set_loader(self, loader: FileLoader) -> None:
        self._loader = loader

    def show_paper(self, paper_id: int | None) -> None:
        """List `paper_id`'s files (None: hide the section)."""
        self._paper_id = paper_id
        if paper_id is None or self._loader is None:
            self._paths = []
            self.label.clear()
            self.setVisible(False)
            return
        files = self._loader(paper_id)
        self._paths = [path for _, path in files]
        self.label.setText(_files_html(files))
        self.setVisible(True)

    def file_names(self) -> list[str]:
        return [p.name for p in self._paths]

    def _open(self, link: str) -> None:
        if link.isdigit() and int(link) < len(self._paths):
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self._paths[int(link)])))

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._paper_id is not None and pdf_paths(event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = pdf_paths(event.mimeData().urls())
        if self._paper_id is not None and paths:
            self.sig_attach.emit(self._paper_id, paths)
            event.acceptProposedAction()


def _files_html(files: list[tuple[Attachment, Path]]) -> str:
    # Under the detail pane's "Files" header; grey reads on light and dark palettes alike.
    if not files:
        return f"<span style='color:gray'>{escape(EMPTY_HINT)}</span>"
    return "<br>".join(
        f"<a href='{n}'>{escape(a.original_name)}</a> "
        f"<span style='color:gray'>— {escape(describe(a))}</span>"
        for n, (a, _) in enumerate(files)
    )

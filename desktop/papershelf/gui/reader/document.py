"""The open PDF as the UI thread sees it: pages, labels, text, and what lies under a point.

Text and selections come from PDFium through `QPdfDocument` (its character indices are
those of `getAllText`). Each `getSelection*` call loads the page's text anew (a few ms), so
what is asked often (a page's text and its line boxes) is kept per page.

QtPdf gives no page's crop box or rotation, which turn its points (the page as shown) into
the PDF's user space where highlights are stored: `page_box` asks PDFium for them through
pypdfium2 (the same engine QtPdf runs on the same file, asked only for two page attributes).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, QPointF, QRectF, QSizeF
from PySide6.QtPdf import QPdfBookmarkModel, QPdfDocument

from papershelf.gui.reader.layout import PageBox


@dataclass(frozen=True)
class TextSpan:
    """Text of one page between two character indices, with its boxes (points, top-left)."""

    page: int
    start: int
    end: int
    text: str
    boxes: tuple[QRectF, ...]


_PROBLEMS = {
    QPdfDocument.Error.FileNotFound: "the file is missing",
    QPdfDocument.Error.InvalidFileFormat: "the file is damaged or not a PDF",
    QPdfDocument.Error.IncorrectPassword: "it is password-protected",
    QPdfDocument.Error.UnsupportedSecurityScheme: "its encryption is not supported",
    QPdfDocument.Error.None_: "it has no pages",
}
"""What `QPdfDocument.error()` means to a reader (None_ with no pages: an empty document)."""


class ReaderDocument(QObject):
    """A loaded PDF (UI thread only)."""

    def __init__(self, path: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self.pdf = QPdfDocument(self)
        self.pdf.load(path)
        self.page_count = self.pdf.pageCount()
        self.sizes: list[QSizeF] = [self.pdf.pagePointSize(i) for i in range(self.page_count)]
        self.labels = _labels(self.pdf, self.page_count)
        self._text: dict[int, str] = {}
        self._lines: dict[int, list[QRectF]] = {}
        self._outline: QPdfBookmarkModel | None = None
        self._boxes: dict[int, PageBox] = {}
        self._pdfium: Any = None
        """pypdfium2's handle on the file, opened at the first `page_box` (False: failed)."""

    @property
    def ok(self) -> bool:
        return self.pdf.status() == QPdfDocument.Status.Ready and self.page_count > 0

    @property
    def problem(self) -> str:
        """Why the file did not open, as a user reads it (empty when it did)."""
        if self.ok:
            return ""
        return _PROBLEMS.get(self.pdf.error(), "it could not be read")

    def close(self) -> None:
        self.pdf.close()
        if self._pdfium:
            self._pdfium.close()
        self._pdfium = False

    def page_box(self, page: int) -> PageBox:
        """The page's crop box in user space and its rotation, as PDFium shows the page.

        When PDFium cannot say (the file went away since it was opened), the page counts as
        plain (its box at 0,0 with QtPdf's size, not turned) and the box is not `known`.
        """
        if page not in self._boxes:
            self._boxes[page] = self._read_box(page)
        return self._boxes[page]

    def _read_box(self, page: int) -> PageBox:
        size = self.sizes[page]
        plain = PageBox(0.0, 0.0, size.width(), size.height(), known=False)
        if self._pdfium is None:
            try:
                import pypdfium2

                self._pdfium = pypdfium2.PdfDocument(self.path)
            except Exception:  # noqa: BLE001 - pypdfium2 raises its own errors and OSError
                self._pdfium = False
        if not self._pdfium or not 0 <= page < len(self._pdfium):
            return plain
        try:
            pdf_page = self._pdfium[page]
            try:
                left, bottom, right, top = (float(v) for v in pdf_page.get_bbox())
                rotation = int(pdf_page.get_rotation()) % 360
            finally:
                pdf_page.close()
        except Exception:  # noqa: BLE001 - a page PDFium cannot load: QtPdf shows it blank
            return plain
        if rotation not in (0, 90, 180, 270):
            rotation = 0
        return PageBox(left, bottom, right, top, rotation)

    def label(self, page: int) -> str:
        return self.labels[page] if 0 <= page < len(self.labels) else str(page + 1)

    def page_of_label(self, text: str) -> int | None:
        """The page index a typed page label or number names, if any."""
        text = text.strip()
        if text in self.labels:
            return self.labels.index(text)
        if text.isdigit() and 1 <= int(text) <= self.page_count:
            return int(text) - 1
        return None

    def outline(self) -> QPdfBookmarkModel:
        if self._outline is None:
            self._outline = QPdfBookmarkModel(self)
            self._outline.setDocument(self.pdf)
        return self._outline

    # ------------------------------------------------------------------ text
    def text(self, page: int) -> str:
        if page not in self._text:
            self._text[page] = self.pdf.getAllText(page).text()
        return self._text[page]

    def lines(self, page: int) -> list[QRectF]:
        """The page's text lines as boxes (points, top-left): where a drag is clamped to."""
        if page not in self._lines:
            text = self.text(page)
            sel = self.pdf.getSelectionAtIndex(page, 0, len(text)) if text else None
            self._lines[page] = [p.boundingRect() for p in sel.bounds()] if sel else []
        return self._lines[page]

    def span(self, page: int, start: int, end: int) -> TextSpan:
        """The text between two character indices, with its boxes."""
        start, end = max(0, min(start, end)), max(start, end)
        sel = self.pdf.getSelectionAtIndex(page, start, end - start)
        boxes = tuple(p.boundingRect() for p in sel.bounds())
        return TextSpan(page, start, end, self.text(page)[start:end], boxes)

    def span_between(self, page: int, a: QPointF, b: QPointF) -> TextSpan | None:
        """The text a drag from `a` to `b` covers, both ends moved onto the nearest line.

        `getSelection` gives nothing when an end is not over a glyph (a margin, the gap
        between columns), so each end is first clamped into the closest line box. It starts
        with the glyph under the first point and stops before the one under the last; both
        points move right by half a narrow glyph, so a drag that ends on the right part of a
        letter takes it in.
        """
        lines = self.lines(page)
        if not lines:
            return None
        sel = self.pdf.getSelection(page, _clamp(a, lines, True), _clamp(b, lines, True))
        if sel.startIndex() >= sel.endIndex() or not sel.text():
            return None
        boxes = tuple(p.boundingRect() for p in sel.bounds())
        return TextSpan(page, sel.startIndex(), sel.endIndex(), sel.text(), boxes)

    def index_at(self, page: int, point: QPointF) -> int | None:
        """The character index nearest a point of the page (None: no text on it)."""
        lines = self.lines(page)
        if not lines:
            return None
        p = _clamp(point, lines)
        sel = self.pdf.getSelection(page, p, QPointF(p.x() + 0.5, p.y()))
        return sel.startIndex() if sel.text() else None


def _clamp(point: QPointF, lines: list[QRectF], nudge: bool = False) -> QPointF:
    """`point` moved into the nearest line box, a little inside its edges.

    With `nudge`, it first moves right by a tenth of the line's height (half a narrow glyph).
    """

    def distance(r: QRectF) -> float:
        dx = max(r.left() - point.x(), 0.0, point.x() - r.right())
        dy = max(r.top() - point.y(), 0.0, point.y() - r.bottom())
        return dx * dx + dy * dy

    box = min(lines, key=distance)
    inset = min(1.0, box.width() / 4)
    x = point.x() + (box.height() / 10 if nudge else 0.0)
    x = min(max(x, box.left() + inset), box.right() - inset)
    return QPointF(x, box.center().y())


def _labels(pdf: QPdfDocument, count: int) -> list[str]:
    """Printed page labels when the file's are usable (non-empty, all distinct), else 1..n.

    Some files carry a label dictionary that QtPdf reads as the same letter on every page.
    """
    labels = [pdf.pageLabel(i) for i in range(count)]
    if all(labels) and len(set(labels)) == count:
        return labels
    return [str(i + 1) for i in range(count)]

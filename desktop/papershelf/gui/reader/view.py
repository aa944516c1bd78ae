"""The page view: pages drawn from rendered images, with highlights, search hits and a selection.

It paints whatever images the cache holds (a page still rendering at the new size is drawn
from an older image, scaled, never left blank when one exists) and asks the render thread
for the rest, the pages on screen first and their neighbours next. Everything it draws
over a page is kept in page points, so it follows zoom and scrolling for free.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from PySide6.QtCore import QPoint, QPointF, QRectF, QSize, QSizeF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QImage,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QAbstractScrollArea, QWidget

from papershelf.gui.icons import is_dark
from papershelf.gui.reader import layout
from papershelf.gui.reader.cache import ImageCache
from papershelf.gui.reader.document import ReaderDocument, TextSpan
from papershelf.gui.reader.render import Renderer, RenderJob
from papershelf.gui.reader.search import DocumentSearch, Hit
from papershelf.gui.reader.selection import TextSelection

LINE_STEP = 60
HIT_BOXES_PER_FRAME = 6
ZOOM_STEP = 1.2
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Mark:
    """A Papershelf highlight as drawn: its annotation, page, boxes (points, top-left), colour."""

    annotation_id: int
    page: int
    boxes: tuple[QRectF, ...]
    color: str
    in_file: bool = False
    """Read from the PDF (made in another reader): PDFium draws it already, so it is only
    a target for the context menu here, not drawn a second time."""


@dataclass(frozen=True)
class Position:
    """Where the view's top edge is: a page and how far down it (0..1)."""

    page: int
    offset: float


class PageView(QAbstractScrollArea):
    sig_page = Signal(int)
    """The page in the middle of the view changed (its index)."""

    sig_zoom = Signal(float)
    """The zoom changed (1.0 = 100 %)."""

    sig_selection = Signal()
    """The text selection changed (made, extended or cleared)."""

    sig_drawn = Signal(int)
    """A page was first painted from an image (its index; once per document)."""

    sig_context = Signal(QPoint, object)
    """A context menu was asked for at a global point, over a highlight (its id) or None."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("PDF pages")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.viewport().setMouseTracking(False)
        self.renderer = Renderer(self)
        self.renderer.sig_rendered.connect(self._on_rendered)
        self.cache = ImageCache()
        self.doc: ReaderDocument | None = None
        self.generation = 0
        self.zoom = 1.0
        self.fit: str | None = "width"
        """"width", "page", or None for a zoom the user chose."""
        self.continuous = True
        self.single_page = 0
        self.layout_ = layout.build([], 1.0, 0, True, 0)
        self.marks: list[Mark] = []
        self.search = DocumentSearch(self)
        self.search.sig_hits.connect(self.viewport().update)
        self.current_hit: Hit | None = None
        self.selection: TextSelection | None = None
        self.selection_span: TextSpan | None = None
        self.visual = False
        """Keys extend the selection (a caret mode started with `v`)."""
        self._drag_from: tuple[int, QPointF] | None = None
        self._last_page = -1
        self._drawn: set[int] = set()
        self._box_budget = 0
        self._more_boxes = False
        self.verticalScrollBar().valueChanged.connect(self._on_scrolled)
        self.horizontalScrollBar().valueChanged.connect(self.viewport().update)

    # ------------------------------------------------------------------ document
    def set_document(
        self, doc: ReaderDocument | None, at: Position | None = None, zoom: float | None = None
    ) -> None:
        """Show `doc` (None: nothing) at a position; zoom None fits the width."""
        self.generation += 1
        self.cache.clear()
        self.renderer.request([])
        self.doc = doc
        self.marks = []
        self.search.clear()
        self.current_hit = None
        self.set_selection(None)
        self.fit = "width" if zoom is None else None
        self.zoom = layout.clamp_zoom(zoom or 1.0)
        self.single_page = at.page if at else 0
        self._last_page = -1
        self._drawn = set()
        self.relayout(keep=False)
        self.go_to(at or Position(0, 0.0))

    def close_document(self) -> None:
        self.set_document(None)

    def shutdown(self) -> None:
        """Stop the render thread (the window closes)."""
        self.renderer.close()

    def sizes(self) -> list[QSizeF]:
        return self.doc.sizes if self.doc else []

    # ------------------------------------------------------------------ layout, position
    def relayout(self, keep: bool = True) -> None:
        at = self.position() if keep else None
        vp = self.viewport().size()
        if self.fit == "width":
            self.zoom = layout.fit_width_zoom(self.sizes(), vp.width())
        elif self.fit == "page":
            self.zoom = layout.fit_page_zoom(self.sizes(), QSizeF(vp))
        self.layout_ = layout.build(
            self.sizes(), self.zoom, vp.width(), self.continuous, self.single_page
        )
        v, h = self.verticalScrollBar(), self.horizontalScrollBar()
        v.setRange(0, max(0, int(self.layout_.height) - vp.height()))
        v.setPageStep(vp.height())
        v.setSingleStep(LINE_STEP)
        h.setRange(0, max(0, int(self.layout_.width) - vp.width()))
        h.setPageStep(vp.width())
        if at is not None:
            self.go_to(at)
        self.sig_zoom.emit(self.zoom)
        self.viewport().update()

    def position(self) -> Position:
        """The page at the view's top edge and how far down it that edge is."""
        top = self.verticalScrollBar().value()
        rects = self.layout_.rects
        for i, r in enumerate(rects):
            if r is not None and r.bottom() > top:
                offset = (top - r.top()) / r.height() if r.height() else 0.0
                return Position(i, min(max(offset, 0.0), 1.0))
        return Position(max(0, len(rects) - 1), 0.0)

    def go_to(self, at: Position) -> None:
        if self.doc is None or not self.doc.page_count:
            return
        page = min(max(at.page, 0), self.doc.page_count - 1)
        if not self.continuous and page != self.single_page:
            self.single_page = page
            self.relayout(keep=False)
        r = self.layout_.rects[page]
        if r is None:
            return
        y = r.top() + at.offset * r.height() if at.offset > 0 else r.top() - layout.MARGIN
        self.verticalScrollBar().setValue(round(y))
        self._on_scrolled()

    def current_page(self) -> int:
        """The page in the middle of the view (the last page once scrolled to the end)."""
        if self.doc is None:
            return 0
        v = self.verticalScrollBar()
        if v.maximum() > 0 and v.value() >= v.maximum():
            shown = [i for i, r in enumerate(self.layout_.rects) if r is not None]
            return shown[-1] if shown else 0
        middle = QPointF(self.layout_.width / 2, v.value() + self.viewport().height() / 2)
        return self.layout_.page_at(middle) or 0

    def at_end(self) -> bool:
        """Whether the last page of the document is the one being read."""
        return self.doc is not None and self.current_page() == self.doc.page_count - 1

    def _on_scrolled(self) -> None:
        page = self.current_page()
        if page != self._last_page:
            self._last_page = page
            self.sig_page.emit(page)
        self.viewport().update()

    # ------------------------------------------------------------------ moving
    def scroll_lines(self, n: int) -> None:
        v = self.verticalScrollBar()
        v.setValue(v.value() + n * LINE_STEP)

    def scroll_screen(self, direction: int) -> None:
        """A screenful down or up; in single-page mode, on to the next page at its edge."""
        v = self.verticalScrollBar()
        if not self.continuous:
            if direction > 0 and v.value() >= v.maximum():
                self.step_page(1)
                return
            if direction < 0 and v.value() <= v.minimum() and self.single_page > 0:
                self.go_to(Position(self.single_page - 1, 0.999))
                return
        v.setValue(v.value() + direction * max(LINE_STEP, self.viewport().height() - LINE_STEP))

    def step_page(self, delta: int) -> None:
        self.go_to(Position(self.current_page() + delta, 0.0))

    def to_start(self) -> None:
        self.go_to(Position(0, 0.0))

    def to_end(self) -> None:
        if self.doc is not None:
            self.go_to(Position(self.doc.page_count - 1, 0.0))
            v = self.verticalScrollBar()
            v.setValue(v.maximum())

    # ------------------------------------------------------------------ zoom, mode
    def set_zoom(self, zoom: float) -> None:
        self.fit = None
        self.zoom = layout.clamp_zoom(zoom)
        self.relayout()

    def zoom_by(self, factor: float) -> None:
        self.set_zoom(self.zoom * factor)

    def set_fit(self, fit: str) -> None:
        self.fit = fit
        self.relayout()

    def set_continuous(self, continuous: bool) -> None:
        at = self.position()
        self.continuous = continuous
        self.single_page = at.page
        self.relayout(keep=False)
        self.go_to(at)

    # ------------------------------------------------------------------ selection
    def set_selection(self, selection: TextSelection | None) -> None:
        self.selection = selection
        if selection is None or selection.empty or self.doc is None:
            self.selection_span = None
            self.visual = self.visual and selection is not None
        else:
            self.selection_span = self.doc.span(selection.page, selection.start, selection.end)
        self.sig_selection.emit()
        self.viewport().update()

    def clear_selection(self) -> None:
        self.visual = False
        self.set_selection(None)

    def reveal(self, page: int, boxes: tuple[QRectF, ...]) -> None:
        """Scroll so that the boxes (points, top-left) of a page are on screen."""
        if self.doc is None or not boxes:
            return
        if not self.continuous and page != self.single_page:
            self.go_to(Position(page, 0.0))
        if self.layout_.rects[page] is None:
            return
        box = QRectF(boxes[0])
        for b in boxes[1:]:
            box = box.united(b)
        view = self.layout_.to_view(page, box)
        v, h = self.verticalScrollBar(), self.horizontalScrollBar()
        vh, vw = self.viewport().height(), self.viewport().width()
        if view.top() < v.value() or view.bottom() > v.value() + vh:
            v.setValue(round(view.center().y() - vh / 3))
        if view.left() < h.value() or view.right() > h.value() + vw:
            h.setValue(round(view.center().x() - vw / 2))

    # ------------------------------------------------------------------ painting
    def _offset(self) -> QPointF:
        return QPointF(-self.horizontalScrollBar().value(), -self.verticalScrollBar().value())

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self.viewport())
        painter.fillRect(self.viewport().rect(), self._backdrop())
        if self.doc is None:
            return
        top = self.verticalScrollBar().value()
        shown = self.layout_.visible(top, top + self.viewport().height())
        dpr = self.viewport().devicePixelRatioF()
        off = self._offset()
        missing: list[int] = []
        drawn: list[int] = []
        self._box_budget, self._more_boxes = HIT_BOXES_PER_FRAME, False
        for page in shown:
            rect = self._page_rect(page).translated(off)
            painter.fillRect(rect, Qt.GlobalColor.white)
            image = self.cache.get(self._key(page, rect, dpr))
            if image is None:
                missing.append(page)
                image = self.cache.any_for(self.generation, page)
            elif page not in self._drawn:
                self._drawn.add(page)
                drawn.append(page)
            if image is not None:
                painter.drawImage(rect, image)
            self._paint_overlays(painter, page, off)
        painter.end()
        self._request(shown, missing, dpr)
        for page in drawn:
            self.sig_drawn.emit(page)
        if self._more_boxes:
            QTimer.singleShot(0, self.viewport().update)

    def _backdrop(self) -> QColor:
        """Around the pages: a mid grey in a light theme, darker than the window in a dark one."""
        palette = self.palette()
        if is_dark(palette):
            return palette.color(QPalette.ColorRole.Window).darker(140)
        return palette.color(QPalette.ColorRole.Mid)

    def _page_rect(self, page: int) -> QRectF:
        r = self.layout_.rects[page]
        assert r is not None
        return r

    def _key(self, page: int, rect: QRectF, dpr: float) -> tuple[int, int, int]:
        return (self.generation, page, round(rect.width() * dpr))

    def _paint_overlays(self, painter: QPainter, page: int, off: QPointF) -> None:
        lay = self.layout_
        painter.save()
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Multiply)
        for mark in self.marks:
            if mark.page == page and not mark.in_file:
                painter.setBrush(QColor(mark.color))
                for box in mark.boxes:
                    painter.drawRect(lay.to_view(page, box).translated(off))
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceOver)
        for hit in self.search.on_page(page):
            current = hit == self.current_hit
            boxes = self.search.known_boxes(hit)
            if boxes is None:
                # Each hit's boxes cost PDFium a text load (a few ms): a common word's
                # hundred hits are measured a few per frame, never all in one.
                if self._box_budget <= 0 and not current:
                    self._more_boxes = True
                    continue
                self._box_budget -= 1
                boxes = self.search.boxes(hit)
            painter.setBrush(QColor(255, 120, 0, 110) if current else QColor(255, 200, 0, 80))
            for box in boxes:
                painter.drawRect(lay.to_view(page, box).translated(off))
        span = self.selection_span
        if span is not None and span.page == page:
            color = QColor(self.palette().color(QPalette.ColorRole.Highlight))
            color.setAlpha(90)
            painter.setBrush(color)
            for box in span.boxes:
                painter.drawRect(lay.to_view(page, box).translated(off))
        painter.restore()

    def _request(self, shown: list[int], missing: list[int], dpr: float) -> None:
        """Ask for the missing pages on screen, then their neighbours (if not cached)."""
        if self.doc is None:
            return
        wanted = list(missing)
        if shown:
            for page in (shown[-1] + 1, shown[-1] + 2, shown[0] - 1):
                if 0 <= page < self.doc.page_count and page not in shown:
                    wanted.append(page)
        jobs = []
        for page in wanted:
            size = self.doc.sizes[page]
            w = round(size.width() * self.layout_.scale * dpr)
            h = round(size.height() * self.layout_.scale * dpr)
            if (self.generation, page, w) not in self.cache:
                jobs.append(RenderJob(self.generation, self.doc.path, page, w, h))
        self.renderer.request(jobs)

    def _on_rendered(self, job: RenderJob, image: QImage) -> None:
        if job.generation != self.generation or image.isNull():
            return
        image.setDevicePixelRatio(self.viewport().devicePixelRatioF())
        self.cache.put((job.generation, job.page, job.width), image)
        if self.layout_.rects[job.page] is not None:
            top = self.verticalScrollBar().value()
            if job.page in self.layout_.visible(top, top + self.viewport().height()):
                self.viewport().update()

    def exact_images_shown(self) -> bool:
        """Whether every page on screen is drawn from an image of its exact size."""
        if self.doc is None:
            return True
        top = self.verticalScrollBar().value()
        dpr = self.viewport().devicePixelRatioF()
        return all(
            self._key(p, self._page_rect(p), dpr) in self.cache
            for p in self.layout_.visible(top, top + self.viewport().height())
        )

    # ------------------------------------------------------------------ mouse
    def _page_point(self, pos: QPointF) -> tuple[int, QPointF] | None:
        content = pos - self._offset()
        page = self.layout_.page_at(content)
        return None if page is None else (page, self.layout_.to_page(page, content))

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton or self.doc is None:
            super().mousePressEvent(event)
            return
        self.setFocus()
        self._drag_from = self._page_point(event.position())
        self.visual = False
        self.set_selection(None)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._drag_from is None or self.doc is None:
            return
        page, start = self._drag_from
        end = self.layout_.to_page(page, event.position() - self._offset())
        span = self.doc.span_between(page, start, end)
        if span is None:
            return
        forward = (end.y(), end.x()) >= (start.y(), start.x())
        anchor, caret = (span.start, span.end) if forward else (span.end, span.start)
        self.selection = TextSelection(page, anchor, caret)
        self.selection_span = span
        self.viewport().update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._drag_from is not None:
            self._drag_from = None
            self.sig_selection.emit()

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        """A double click selects the word under the pointer."""
        at = self._page_point(event.position())
        if at is None or self.doc is None:
            return
        page, point = at
        index = self.doc.index_at(page, point)
        if index is None:
            return
        for m in _WORD.finditer(self.doc.text(page)):
            if m.start() <= index < m.end():
                self.set_selection(TextSelection(page, m.start(), m.end()))
                return

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        self.sig_context.emit(event.globalPos(), self.mark_at(QPointF(event.pos())))

    def mark_at(self, pos: QPointF) -> int | None:
        """The highlight under a viewport point (its annotation id), if any."""
        at = self._page_point(pos)
        if at is None:
            return None
        page, point = at
        for mark in reversed(self.marks):
            if mark.page == page and any(
                b.adjusted(-1, -1, 1, 1).contains(point) for b in mark.boxes
            ):
                return mark.annotation_id
        return None

    def point_of(self, page: int, point: QPointF) -> QPointF:
        """A page point (points, top-left) → viewport pixels (for tests and menus)."""
        r = self._page_rect(page)
        s = self.layout_.scale
        return QPointF(r.left() + point.x() * s, r.top() + point.y() * s) + self._offset()

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.zoom_by(ZOOM_STEP if event.angleDelta().y() > 0 else 1 / ZOOM_STEP)
            return
        super().wheelEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.relayout()

    def sizeHint(self) -> QSize:
        return QSize(800, 900)

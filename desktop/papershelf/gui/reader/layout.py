"""Where each page sits in the view, and converting between view pixels and PDF points.

Three coordinate systems meet here: the view's content pixels (pages stacked top to
bottom), a page's points with the origin top-left (what QtPdf's text and selection calls
use), and PDF points with the origin bottom-left (what Zotero and the PDF's own
annotations store, and `Annotation.rects` keeps).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSizeF

PX_PER_POINT = 96 / 72
"""Pixels per point at 100 % zoom."""

MARGIN = 16
GAP = 12
MIN_ZOOM = 0.25
MAX_ZOOM = 3.0
"""Page images are drawn whole; 300 % of a letter page is already 2448 × 3168 pixels."""

Rect = tuple[float, float, float, float]


@dataclass(frozen=True)
class PageLayout:
    """Page rectangles in content pixels for one zoom and mode."""

    zoom: float
    rects: tuple[QRectF | None, ...]
    """One per page; None for pages not shown (single-page mode)."""
    width: float
    height: float

    @property
    def scale(self) -> float:
        """Content pixels per point."""
        return self.zoom * PX_PER_POINT

    def visible(self, top: float, bottom: float) -> list[int]:
        """Pages that overlap the content band [top, bottom)."""
        return [
            i
            for i, r in enumerate(self.rects)
            if r is not None and r.bottom() > top and r.top() < bottom
        ]

    def page_at(self, point: QPointF) -> int | None:
        """The page under a content point, or the nearest shown page."""
        best, best_d = None, float("inf")
        for i, r in enumerate(self.rects):
            if r is None:
                continue
            if r.contains(point):
                return i
            d = max(r.top() - point.y(), 0.0, point.y() - r.bottom())
            if d < best_d:
                best, best_d = i, d
        return best

    def to_page(self, page: int, point: QPointF) -> QPointF:
        """Content pixels → the page's points (origin top-left)."""
        r = self.rects[page]
        assert r is not None
        return QPointF((point.x() - r.left()) / self.scale, (point.y() - r.top()) / self.scale)

    def to_view(self, page: int, box: QRectF) -> QRectF:
        """A box in the page's points (origin top-left) → content pixels."""
        r = self.rects[page]
        assert r is not None
        s = self.scale
        return QRectF(
            r.left() + box.left() * s, r.top() + box.top() * s, box.width() * s, box.height() * s
        )


def build(
    sizes: list[QSizeF], zoom: float, viewport_width: float, continuous: bool, page: int
) -> PageLayout:
    """Pages centred in a column; in single-page mode only `page` is laid out."""
    scale = zoom * PX_PER_POINT
    widest = max((s.width() for s in sizes), default=0.0) * scale
    width = max(widest + 2 * MARGIN, viewport_width)
    rects: list[QRectF | None] = []
    y = float(MARGIN)
    for i, size in enumerate(sizes):
        if not continuous and i != page:
            rects.append(None)
            continue
        w, h = size.width() * scale, size.height() * scale
        rects.append(QRectF((width - w) / 2, y, w, h))
        y += h + GAP
    return PageLayout(zoom, tuple(rects), width, y - GAP + MARGIN)


def fit_width_zoom(sizes: list[QSizeF], viewport_width: float) -> float:
    widest = max((s.width() for s in sizes), default=612.0)
    return clamp_zoom((viewport_width - 2 * MARGIN) / (widest * PX_PER_POINT))


def fit_page_zoom(sizes: list[QSizeF], viewport: QSizeF) -> float:
    widest = max((s.width() for s in sizes), default=612.0)
    tallest = max((s.height() for s in sizes), default=792.0)
    return clamp_zoom(
        min(
            (viewport.width() - 2 * MARGIN) / (widest * PX_PER_POINT),
            (viewport.height() - 2 * MARGIN) / (tallest * PX_PER_POINT),
        )
    )


def clamp_zoom(zoom: float) -> float:
    return max(MIN_ZOOM, min(MAX_ZOOM, zoom))


def to_pdf_rect(box: QRectF, page_height: float) -> Rect:
    """A box in points (origin top-left) → (x1, y1, x2, y2) with the origin bottom-left."""
    return (
        round(box.left(), 3),
        round(page_height - box.bottom(), 3),
        round(box.right(), 3),
        round(page_height - box.top(), 3),
    )


def from_pdf_rect(rect: Rect, page_height: float) -> QRectF:
    """(x1, y1, x2, y2) with the origin bottom-left → a box in points (origin top-left)."""
    x1, y1, x2, y2 = rect
    left, right = min(x1, x2), max(x1, x2)
    bottom, top = min(y1, y2), max(y1, y2)
    return QRectF(left, page_height - top, right - left, top - bottom)

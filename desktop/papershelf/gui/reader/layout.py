"""Where each page sits in the view, and converting between view pixels and PDF points.

Three coordinate systems meet here: the view's content pixels (pages stacked top to
bottom), a page's points with the origin top-left (what QtPdf's text and selection calls
use: the page as shown, cut to its crop box and turned by its /Rotate), and the PDF's user
space, origin bottom-left (what Zotero and the PDF's own annotations store, what
`papershelf read-annotations` reads and `export-pdf` writes, and `Annotation.rects` keeps).
A `PageBox` (the crop box and rotation) converts between the last two.
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


@dataclass(frozen=True)
class PageBox:
    """Where a shown page lies in the PDF's user space.

    The crop box PDFium shows (already cut to the media box) and the page's /Rotate,
    clockwise, in degrees (0, 90, 180, 270).
    """

    left: float
    bottom: float
    right: float
    top: float
    rotation: int = 0
    known: bool = True
    """False: PDFium could not say, and the page is taken as plain (for drawing only)."""

    @property
    def plain(self) -> bool:
        """The box starts at 0,0 and the page is not turned: user space is the shown page."""
        return self.left == 0 and self.bottom == 0 and self.rotation == 0

    def to_user(self, x: float, y: float) -> tuple[float, float]:
        """A point of the shown page (points, origin top-left) → user space."""
        if self.rotation == 90:
            return y + self.left, x + self.bottom
        if self.rotation == 180:
            return self.right - x, y + self.bottom
        if self.rotation == 270:
            return self.right - y, self.top - x
        return x + self.left, self.top - y

    def to_shown(self, x: float, y: float) -> tuple[float, float]:
        """A point in user space → the shown page (points, origin top-left)."""
        if self.rotation == 90:
            return y - self.bottom, x - self.left
        if self.rotation == 180:
            return self.right - x, y - self.bottom
        if self.rotation == 270:
            return self.top - y, self.right - x
        return x - self.left, self.top - y


def to_user_rect(box: QRectF, page: PageBox, page_height: float) -> Rect:
    """A box of the shown page (points, top-left) → (x1, y1, x2, y2) in user space.

    On a plain page (`PageBox.plain`) this is `to_pdf_rect` with the height QtPdf gives, so
    highlights made there are stored exactly as before crop boxes and rotation were known.
    """
    if page.plain:
        return to_pdf_rect(box, page_height)
    ax, ay = page.to_user(box.left(), box.top())
    bx, by = page.to_user(box.right(), box.bottom())
    return (
        round(min(ax, bx), 3),
        round(min(ay, by), 3),
        round(max(ax, bx), 3),
        round(max(ay, by), 3),
    )


def from_user_rect(rect: Rect, page: PageBox, page_height: float) -> QRectF:
    """(x1, y1, x2, y2) in user space → a box of the shown page (points, top-left)."""
    if page.plain:
        return from_pdf_rect(rect, page_height)
    ax, ay = page.to_shown(rect[0], rect[1])
    bx, by = page.to_shown(rect[2], rect[3])
    return QRectF(min(ax, bx), min(ay, by), abs(bx - ax), abs(by - ay))


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

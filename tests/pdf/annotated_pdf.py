"""PDFs that carry annotations, made with pypdf the way other readers write them."""

from __future__ import annotations

import io

from pypdf import PdfReader, PdfWriter
from pypdf.annotations import FreeText, Highlight, Text
from pypdf.generic import ArrayObject, FloatObject, NameObject, TextStringObject

from tests.pdf.make_pdf import make_pdf

Rect = tuple[float, float, float, float]

LINE_HEIGHT = 14.0
"""make_pdf's lines: Helvetica 12 from (72, 720), 14 points apart."""


def line_rect(line: int, x1: float = 70.0, x2: float = 400.0) -> Rect:
    """The box around line `line` (0-based) of a `make_pdf` page."""
    base = 720.0 - line * LINE_HEIGHT
    return (x1, base - 3.0, x2, base + 10.0)


def quads(rects: list[Rect]) -> ArrayObject:
    """/QuadPoints for rects, each as UL, UR, LL, LR (what Acrobat and Zotero write)."""
    values: list[float] = []
    for x1, y1, x2, y2 in rects:
        values += [x1, y2, x2, y2, x1, y1, x2, y1]
    return ArrayObject(FloatObject(v) for v in values)


def highlight(
    rects: list[Rect],
    *,
    comment: str | None = None,
    color: str = "ffd400",
    name: str | None = None,
    subtype: str = "/Highlight",
) -> Highlight:
    xs = [r[0] for r in rects] + [r[2] for r in rects]
    ys = [r[1] for r in rects] + [r[3] for r in rects]
    annot = Highlight(
        rect=(min(xs), min(ys), max(xs), max(ys)), quad_points=quads(rects), highlight_color=color
    )
    annot[NameObject("/Subtype")] = NameObject(subtype)
    if comment is not None:
        annot[NameObject("/Contents")] = TextStringObject(comment)
    if name is not None:
        annot[NameObject("/NM")] = TextStringObject(name)
    return annot


def annotated_pdf(pages: list[str], annotations: dict[int, list[object]]) -> bytes:
    """A `make_pdf` document with `annotations[page_index]` added to each page."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf(pages))))
    for index, annots in annotations.items():
        for annot in annots:
            writer.add_annotation(index, annot)  # type: ignore[arg-type]
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def sticky_note(x: float, y: float, text: str) -> Text:
    note = Text(rect=(x, y, x + 20, y + 20), text=text)
    return note


def text_box(rect: Rect, text: str) -> FreeText:
    return FreeText(text=text, rect=rect)

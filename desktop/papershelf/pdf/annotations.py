"""Annotations a PDF already carries, and where a quote is on its pages (worker side).

Runs inside the extraction worker (`worker.py`), like `extract.py`: the file is untrusted.
pypdf reads the annotation dictionaries (type, quads, colour, comment, name); PDFium gives
the text under a highlight's quads and finds a quote's lines. Rectangles are (x1, y1, x2,
y2) in PDF points with the origin bottom-left, as Zotero stores them.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass
from typing import Any

from papershelf.pdf.extract import MAX_META_CHARS, clean_text, pdfium_text

MARKUP_KINDS = {
    "/Highlight": "highlight",
    "/Underline": "underline",
    "/Squiggly": "underline",
    "/StrikeOut": "strikeout",
}
NOTE_KINDS = {"/Text": "note", "/FreeText": "text"}
MAX_ANNOTATIONS = 5000
"""Annotations read from one file; a file with more is a generated one, not a reader's."""
MAX_RECTS = 200
"""Rectangles kept per annotation (one per line highlighted)."""

Rect = tuple[float, float, float, float]


@dataclass(frozen=True)
class PdfAnnotation:
    """One annotation as the file has it, ready to cross the process boundary as JSON."""

    kind: str
    text: str
    comment: str | None
    color: str | None
    page_index: int
    page_label: str | None
    rects: tuple[Rect, ...]
    name: str | None

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "text": self.text,
            "comment": self.comment,
            "color": self.color,
            "page_index": self.page_index,
            "page_label": self.page_label,
            "rects": [list(r) for r in self.rects],
            "name": self.name,
        }

    @classmethod
    def from_json(cls, data: Any) -> PdfAnnotation:
        """Raises: ValueError: not the shape `to_json` writes."""
        if not isinstance(data, dict):
            raise ValueError("an annotation is not a JSON object")
        kind = data.get("kind")
        if kind not in {*MARKUP_KINDS.values(), *NOTE_KINDS.values()}:
            raise ValueError(f"unknown annotation kind {kind!r}")
        index = data.get("page_index")
        if not isinstance(index, int) or index < 0:
            raise ValueError("an annotation's page index is missing")
        rects = tuple(_rect(r) for r in data.get("rects") or [])
        return cls(
            kind=str(kind),
            text=str(data.get("text") or ""),
            comment=_opt(data.get("comment")),
            color=_opt(data.get("color")),
            page_index=index,
            page_label=_opt(data.get("page_label")),
            rects=rects,
            name=_opt(data.get("name")),
        )


def _opt(value: Any) -> str | None:
    return str(value) if isinstance(value, str) and value else None


def _rect(values: Any) -> Rect:
    if not isinstance(values, list) or len(values) != 4:
        raise ValueError("a rectangle is not four numbers")
    x1, y1, x2, y2 = (float(v) for v in values)
    if not all(math.isfinite(v) for v in (x1, y1, x2, y2)):
        raise ValueError("a rectangle has a coordinate that is not a number")
    return (x1, y1, x2, y2)


# ------------------------------------------------------------------------------ reading
def read_annotations(reader: Any, doc: Any) -> list[PdfAnnotation]:
    """The highlights, underlines, strike-outs, notes and text boxes of every page.

    Args:
        reader: the file opened with pypdf.
        doc: the same file opened with pypdfium2.
    """
    from papershelf.core.annotation_colors import from_rgb

    out: list[PdfAnnotation] = []
    labels = page_labels(doc)
    for index in range(min(len(doc), len(reader.pages))):
        try:
            annots = reader.pages[index].get("/Annots") or []
            found = [a.get_object() for a in annots]
        except Exception:  # noqa: BLE001 - a broken /Annots array loses this page's only
            continue
        wanted = [a for a in found if _subtype(a) in MARKUP_KINDS or _subtype(a) in NOTE_KINDS]
        if not wanted:
            continue
        label = labels[index]
        chars: list[tuple[str, float, float]] | None = None
        for annot in wanted:
            if len(out) >= MAX_ANNOTATIONS:
                return out
            subtype = _subtype(annot)
            try:
                comment = _text(annot.get("/Contents"))
                color = from_rgb(list(annot.get("/C") or []))
                name = _text(annot.get("/NM"))
                if subtype in MARKUP_KINDS:
                    rects = _quads(annot.get("/QuadPoints")) or _rects(annot.get("/Rect"))
                    if chars is None:
                        chars = _page_chars(doc, index)
                    text = _text_under(chars, rects)
                    kind = MARKUP_KINDS[subtype]
                else:
                    rects = _rects(annot.get("/Rect"))
                    text, kind = "", NOTE_KINDS[subtype]
            except Exception:  # noqa: BLE001 - one malformed annotation is skipped
                continue
            if kind in MARKUP_KINDS.values() and not text:
                continue  # nothing under it (an image, or quads off the text)
            if kind in NOTE_KINDS.values() and not comment:
                continue
            out.append(PdfAnnotation(kind, text, comment, color, index, label, rects, name))
    return out


def _subtype(annot: Any) -> str:
    try:
        return str(annot.get("/Subtype"))
    except Exception:  # noqa: BLE001 - not a dictionary
        return ""


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = clean_text(str(value), MAX_META_CHARS).strip()
    return text or None


def _numbers(value: Any) -> list[float]:
    numbers = [float(v) for v in list(value or [])]
    if not all(math.isfinite(v) for v in numbers):
        raise ValueError("not a number")
    return numbers


def _quads(value: Any) -> tuple[Rect, ...]:
    """/QuadPoints (8 numbers per quad, in any corner order) as bounding rectangles."""
    numbers = _numbers(value)
    out: list[Rect] = []
    for start in range(0, len(numbers) - 7, 8):
        xs = numbers[start : start + 8 : 2]
        ys = numbers[start + 1 : start + 8 : 2]
        out.append((min(xs), min(ys), max(xs), max(ys)))
    return tuple(out[:MAX_RECTS])


def _rects(value: Any) -> tuple[Rect, ...]:
    numbers = _numbers(value)
    if len(numbers) != 4:
        return ()
    x1, y1, x2, y2 = numbers
    return ((min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2)),)


def page_labels(doc: Any) -> list[str | None]:
    """Each page's printed label when the file's are usable (non-empty, all distinct).

    Otherwise None for every page, so the page number stands in, as in the reader
    (`gui/reader/document.py`): some files carry a label dictionary that PDFium reads as the
    same letter on every page, which names no page.
    """
    count = len(doc)
    try:
        labels = [str(doc.get_page_label(index)) for index in range(count)]
    except Exception:  # noqa: BLE001 - a broken /PageLabels tree: no labels
        return [None] * count
    if all(labels) and len(set(labels)) == count:
        return list(labels)
    return [None] * count


def _page_chars(doc: Any, index: int) -> list[tuple[str, float, float]]:
    """Each character of the page with the centre of its box."""
    page = doc[index]
    try:
        textpage = page.get_textpage()
        try:
            chars = _char_texts(textpage)
            out = []
            for i, ch in enumerate(chars):
                left, bottom, right, top = textpage.get_charbox(i)
                out.append((ch, (left + right) / 2, (bottom + top) / 2))
            return out
        finally:
            textpage.close()
    finally:
        page.close()


def _char_texts(textpage: Any) -> list[str]:
    """One string per PDFium character index (a whole-page read unless surrogates shift it)."""
    count = textpage.count_chars()
    text = textpage.get_text_range(0, count)
    if len(text) == count:
        return list(text)
    return [textpage.get_text_range(i, 1) for i in range(count)]


def _text_under(chars: list[tuple[str, float, float]], rects: tuple[Rect, ...]) -> str:
    """The characters whose centre lies in one of `rects`, in reading order."""
    parts: list[str] = []
    last = -2
    for i, (ch, x, y) in enumerate(chars):
        if any(x1 - 0.5 <= x <= x2 + 0.5 and y1 - 0.5 <= y <= y2 + 0.5 for x1, y1, x2, y2 in rects):
            if parts and i != last + 1:
                parts.append(" ")  # the next line: the line end itself was not under a quad
            parts.append(ch)
            last = i
    return " ".join(pdfium_text("".join(parts)).split())


# ------------------------------------------------------------------------------ finding
def locate(doc: Any, quote: str, page_label: str | None) -> dict[str, Any] | None:
    """Where `quote` is: the first page with it, trying the page `page_label` names first.

    Matching ignores case, spaces, line breaks, hyphens and punctuation, so a quote typed
    from a printout finds text broken across lines or hyphenated. Returns the page index and
    label, the text as the page has it and one rectangle per line, or None.
    """
    key = "".join(ch for ch, _ in _squash(list(quote)))
    if not key:
        return None
    count = len(doc)
    order = list(range(count))
    labels = page_labels(doc)
    hint = _page_for_label(labels, page_label)
    if hint is not None:
        order.remove(hint)
        order.insert(0, hint)
    for index in order:
        page = doc[index]
        try:
            textpage = page.get_textpage()
            try:
                found = _find_on_page(textpage, key)
            finally:
                textpage.close()
        finally:
            page.close()
        if found is not None:
            text, rects = found
            return {
                "page_index": index,
                "page_label": labels[index],
                "text": text,
                "rects": [list(r) for r in rects],
            }
    return None


def _page_for_label(labels: list[str | None], label: str | None) -> int | None:
    if not label:
        return None
    if label in labels:
        return labels.index(label)
    count = len(labels)
    if label.isdigit() and 1 <= int(label) <= count:
        return int(label) - 1
    return None


def _squash(chars: list[str]) -> list[tuple[str, int]]:
    """The letters and digits of `chars`, folded, each with the index it came from."""
    out: list[tuple[str, int]] = []
    for i, ch in enumerate(chars):
        for folded in unicodedata.normalize("NFKC", ch).casefold():
            if folded.isalnum():
                out.append((folded, i))
    return out


def _find_on_page(textpage: Any, key: str) -> tuple[str, tuple[Rect, ...]] | None:
    squashed = _squash(_char_texts(textpage))
    at = "".join(ch for ch, _ in squashed).find(key)
    if at < 0:
        return None
    first = squashed[at][1]
    n = squashed[at + len(key) - 1][1] - first + 1
    rects: list[Rect] = []
    for i in range(min(textpage.count_rects(first, n), MAX_RECTS)):
        left, bottom, right, top = (float(v) for v in textpage.get_rect(i))
        rects.append((left, bottom, right, top))
    text = " ".join(pdfium_text(textpage.get_text_range(first, n)).split())
    return text, tuple(rects)

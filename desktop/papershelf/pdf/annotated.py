"""A copy of a PDF with the user's highlights written in as standard annotations (worker side).

What other viewers read: /Highlight, /Underline or /StrikeOut (/Text for a note) with
/QuadPoints in the order UL, UR, LL, LR per rectangle, /C colour, /Contents comment, /NM
"papershelf-<id>" (so reading the copy back in recognises them) and an /AP appearance stream
(a translucent multiply fill, or a line), for viewers that draw only what /AP says. Notes
and text boxes become /Text notes. Runs in
the extraction worker: the source is untrusted, and pypdf parses all of it to copy it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

EXPORT_NAME_PREFIX = "papershelf-"
"""/NM of an exported annotation: the prefix and the annotation's id."""
HIGHLIGHT_OPACITY = 0.5

_SUBTYPES = {
    "highlight": "/Highlight",
    "underline": "/Underline",
    "strikeout": "/StrikeOut",
    "note": "/Text",
    "text": "/Text",  # a text box is written as a note: /FreeText needs fonts and layout
}

Rect = tuple[float, float, float, float]


@dataclass(frozen=True)
class Mark:
    """One annotation to write: what crosses the process boundary as JSON."""

    id: int
    kind: str
    page_index: int
    rects: tuple[Rect, ...]
    color: tuple[float, float, float]
    comment: str | None
    text: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "page_index": self.page_index,
            "rects": [list(r) for r in self.rects],
            "color": list(self.color),
            "comment": self.comment,
            "text": self.text,
        }

    @classmethod
    def from_json(cls, data: Any) -> Mark:
        """Raises: ValueError, KeyError, TypeError: not what `to_json` writes."""
        rects = tuple(_rect(r) for r in data["rects"])
        red, green, blue = (min(1.0, max(0.0, float(c))) for c in data["color"])
        kind = str(data["kind"])
        if kind not in _SUBTYPES:
            raise ValueError(f"unknown kind {kind!r}")
        comment = data.get("comment")
        return cls(
            id=int(data["id"]),
            kind=kind,
            page_index=int(data["page_index"]),
            rects=rects,
            color=(red, green, blue),
            comment=str(comment) if comment else None,
            text=str(data.get("text") or ""),
        )


def _rect(values: Any) -> Rect:
    x1, y1, x2, y2 = (float(v) for v in values)
    if not all(math.isfinite(v) for v in (x1, y1, x2, y2)):
        raise ValueError("a rectangle coordinate is not a number")
    return (min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2))


def write_annotated(source: Path, target: Path, marks: Sequence[Mark]) -> int:
    """Write `source` with `marks` added to `target`; returns how many were written.

    A mark on a page the file does not have is left out. `source` is only read.

    Raises:
        Exception: whatever pypdf raises on a file it cannot read or write (the worker
            reports it).
    """
    from pypdf import PdfReader, PdfWriter

    reader = PdfReader(str(source))
    if reader.is_encrypted and not reader.decrypt(""):
        raise ValueError("the PDF is password-protected")
    writer = PdfWriter(clone_from=reader)
    written = 0
    for mark in marks:
        if not 0 <= mark.page_index < len(writer.pages) or not mark.rects:
            continue
        writer.add_annotation(mark.page_index, _annotation(writer, mark))
        written += 1
    tmp = target.with_name(f".{target.name}.part")
    with tmp.open("wb") as out:
        writer.write(out)
    tmp.replace(target)
    return written


def _annotation(writer: Any, mark: Mark) -> Any:
    from pypdf.generic import (
        ArrayObject,
        DictionaryObject,
        FloatObject,
        NameObject,
        NumberObject,
        TextStringObject,
    )

    bbox = _bounds(mark.rects)
    if mark.kind in ("note", "text"):
        bbox = (bbox[0], bbox[3] - 20.0, bbox[0] + 20.0, bbox[3])  # a note icon's size
    annot = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject(_SUBTYPES[mark.kind]),
            NameObject("/Rect"): ArrayObject(FloatObject(v) for v in bbox),
            NameObject("/C"): ArrayObject(FloatObject(round(c, 4)) for c in mark.color),
            NameObject("/NM"): TextStringObject(f"{EXPORT_NAME_PREFIX}{mark.id}"),
            NameObject("/F"): NumberObject(4),  # print
        }
    )
    if mark.comment:
        annot[NameObject("/Contents")] = TextStringObject(mark.comment)
    if mark.kind in ("highlight", "underline", "strikeout"):
        annot[NameObject("/QuadPoints")] = ArrayObject(
            FloatObject(v) for v in _quad_points(mark.rects)
        )
        annot[NameObject("/CA")] = FloatObject(1)
        appearance = _appearance(writer, mark, bbox)
        annot[NameObject("/AP")] = DictionaryObject({NameObject("/N"): appearance})
    else:
        annot[NameObject("/Name")] = NameObject("/Comment")
    return annot


def _bounds(rects: Sequence[Rect]) -> Rect:
    return (
        min(r[0] for r in rects),
        min(r[1] for r in rects),
        max(r[2] for r in rects),
        max(r[3] for r in rects),
    )


def _quad_points(rects: Sequence[Rect]) -> list[float]:
    """UL, UR, LL, LR of each rectangle: the order Acrobat, Zotero and pdf.js expect."""
    out: list[float] = []
    for x1, y1, x2, y2 in rects:
        out += [x1, y2, x2, y2, x1, y1, x2, y1]
    return out


def _appearance(writer: Any, mark: Mark, bbox: Rect) -> Any:
    """The /AP /N form: the rectangles filled in multiply blend, or a line under/through."""
    from pypdf.generic import (
        ArrayObject,
        DecodedStreamObject,
        DictionaryObject,
        FloatObject,
        NameObject,
    )

    red, green, blue = mark.color
    ops = ["/GS0 gs"]
    if mark.kind == "highlight":
        ops.append(f"{red:.4f} {green:.4f} {blue:.4f} rg")
        ops += [
            f"{x1:.2f} {y1:.2f} {x2 - x1:.2f} {y2 - y1:.2f} re f" for x1, y1, x2, y2 in mark.rects
        ]
    else:
        ops.append(f"{red:.4f} {green:.4f} {blue:.4f} RG")
        for x1, y1, x2, y2 in mark.rects:
            width = max(0.5, (y2 - y1) / 14)
            y = y1 + width if mark.kind == "underline" else (y1 + y2) / 2
            ops.append(f"{width:.2f} w {x1:.2f} {y:.2f} m {x2:.2f} {y:.2f} l S")
    state: dict[Any, Any] = {NameObject("/Type"): NameObject("/ExtGState")}
    if mark.kind == "highlight":
        state[NameObject("/BM")] = NameObject("/Multiply")
        state[NameObject("/ca")] = FloatObject(HIGHLIGHT_OPACITY)
    stream = DecodedStreamObject()
    stream.set_data("\n".join(ops).encode("ascii"))
    stream.update(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Form"),
            NameObject("/BBox"): ArrayObject(FloatObject(v) for v in bbox),
            NameObject("/Resources"): DictionaryObject(
                {
                    NameObject("/ExtGState"): DictionaryObject(
                        {NameObject("/GS0"): DictionaryObject(state)}
                    )
                }
            ),
        }
    )
    # A stream must be an indirect object; pypdf has no public call for adding one.
    return writer._add_object(stream)

"""Highlights and the reading position, for `Library` to delegate to.

The SQL is `storage/annotations.py`'s. This module checks what a caller gives (colour, kind,
rectangles) and works out what the storage keeps beside it (printed page, sort index).
"""

from __future__ import annotations

from collections.abc import Sequence

from papershelf.core.annotation_colors import DEFAULT_COLOR, normalize_color
from papershelf.core.errors import InvalidInputError
from papershelf.core.models import Annotation, Rect
from papershelf.pdf.annotated import EXPORT_NAME_PREFIX
from papershelf.pdf.annotations import PdfAnnotation
from papershelf.storage.annotations import AnnotationStore, NewAnnotation, sort_index

PAGE_HEIGHT = 842.0
"""The page height a sort index assumes when the caller does not know it (A4, in points);
only the order of highlights on one page depends on it."""


def new_highlight(
    paper_id: int,
    attachment_id: int | None,
    text: str,
    page_index: int,
    page_label: str | None,
    rects: Sequence[Sequence[float]],
    *,
    color: str | None = DEFAULT_COLOR,
    comment: str | None = None,
    kind: str = "highlight",
    char_offset: int = 0,
    page_height: float | None = None,
    external: bool = False,
    external_key: str | None = None,
) -> NewAnnotation:
    """A highlight checked and completed, ready to store.

    Raises:
        InvalidInputError: a colour that is neither a palette name nor #rrggbb, or a
            rectangle that is not four numbers.
    """
    try:
        checked = normalize_color(color) if color else None
    except ValueError as exc:
        raise InvalidInputError(str(exc)) from None
    boxes = tuple(_rect(r) for r in rects)
    height = max(page_height or PAGE_HEIGHT, max((r[3] for r in boxes), default=0.0))
    return NewAnnotation(
        paper_id=paper_id,
        text=" ".join(text.split()),
        page_index=page_index,
        page_label=page_label or None,
        rects=boxes,
        color=checked,
        comment=comment or None,
        kind=kind,
        attachment_id=attachment_id,
        sort_index=sort_index(page_index, char_offset, boxes, height),
        external=external,
        external_key=external_key,
    )


def edit(
    store: AnnotationStore, annotation_id: int, comment: str | None, color: str | None
) -> Annotation:
    """Set the comment and colour; returns the annotation as it was.

    Raises:
        InvalidInputError: not a colour.
        NotFoundError: no such annotation.
    """
    try:
        checked = normalize_color(color) if color else None
    except ValueError as exc:
        raise InvalidInputError(str(exc)) from None
    return store.edit(annotation_id, comment, checked)


def _rect(values: Sequence[float]) -> Rect:
    if len(values) != 4:
        raise InvalidInputError(f"a rectangle is four numbers (x1, y1, x2, y2), not {values!r}")
    x1, y1, x2, y2 = (float(v) for v in values)
    return (min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2))


def external_annotations(
    paper_id: int,
    attachment_id: int,
    found: Sequence[PdfAnnotation],
    existing: Sequence[Annotation],
    external_keys: set[str],
) -> list[NewAnnotation]:
    """The annotations read from a PDF that the paper does not have yet, ready to store.

    One is already there when its /NM was read before, when it is one of ours written by
    an export (/NM "papershelf-<id>"), or when an annotation of the same kind sits on the
    same page at the same place (a file without /NM read again).
    """
    ours = {a.id for a in existing}
    places = {_place(a.kind, a.page_index, a.rects) for a in existing if a.page_index is not None}
    out: list[NewAnnotation] = []
    for item in found:
        key = f"nm:{item.name}" if item.name else None
        if key is not None and (key in external_keys or _exported_id(item.name) in ours):
            continue
        place = _place(item.kind, item.page_index, item.rects)
        if place in places:
            continue
        places.add(place)
        if key is not None:
            external_keys.add(key)
        try:
            out.append(
                new_highlight(
                    paper_id,
                    attachment_id,
                    item.text,
                    item.page_index,
                    item.page_label,
                    item.rects,
                    color=item.color,
                    comment=item.comment,
                    kind=item.kind,
                    external=True,
                    external_key=key or f"at:{place}",
                )
            )
        except InvalidInputError:
            continue  # an odd colour or rectangle: the file's problem, skip that one
    return out


def _exported_id(name: str | None) -> int | None:
    if name and name.startswith(EXPORT_NAME_PREFIX):
        tail = name[len(EXPORT_NAME_PREFIX) :]
        return int(tail) if tail.isdigit() else None
    return None


def _place(kind: str, page_index: int | None, rects: Sequence[Sequence[float]]) -> str:
    return f"{kind}:{page_index}:" + ";".join(",".join(str(round(v)) for v in r) for r in rects)

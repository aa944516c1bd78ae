"""Operations on highlights: add, edit comment and colour, read those a PDF already has.

Deleting one annotation (quote or highlight) is `notes.DeleteAnnotation`; its undo puts every
field back.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Final, Literal

from papershelf.core.annotation_colors import DEFAULT_COLOR
from papershelf.core.changes import ChangeSet, PaperField
from papershelf.core.models import Annotation, Rect
from papershelf.library.library import Library
from papershelf.library.ops.base import OpResult
from papershelf.library.ops.notes import DeleteAnnotation
from papershelf.library.pdf_annotations import read_pdf_annotations


class _Unchanged(Enum):
    UNCHANGED = "unchanged"


UNCHANGED: Final = _Unchanged.UNCHANGED
"""`EditAnnotation`'s default: leave this value as it is."""


@dataclass(frozen=True)
class AddHighlight:
    """Highlight text on a page of the paper's PDF; `value` is the new annotation's id.

    `rects` are (x1, y1, x2, y2) in PDF points with the origin bottom-left, one per line.
    """

    paper_id: int
    attachment_id: int | None
    text: str
    page_index: int
    page_label: str | None
    rects: tuple[Rect, ...]
    color: str = DEFAULT_COLOR
    comment: str | None = None
    kind: str = "highlight"
    label: str = "Highlight"

    def apply(self, lib: Library) -> OpResult:
        aid = lib.add_highlight(
            self.paper_id,
            self.attachment_id,
            self.text,
            self.page_index,
            self.page_label,
            self.rects,
            color=self.color,
            comment=self.comment,
            kind=self.kind,
        )
        return OpResult(
            ChangeSet.of_papers([self.paper_id], PaperField.ANNOTATIONS),
            DeleteAnnotation(aid, self.label),
            self.label,
            value=aid,
        )


@dataclass(frozen=True)
class EditAnnotation:
    """Change an annotation's comment and/or colour; undo restores the previous values."""

    annotation_id: int
    comment: str | Literal[_Unchanged.UNCHANGED] | None = UNCHANGED
    color: str | Literal[_Unchanged.UNCHANGED] | None = UNCHANGED
    label: str = "Edit annotation"

    def apply(self, lib: Library) -> OpResult:
        old = lib.annotation(self.annotation_id)
        comment = old.comment if self.comment is UNCHANGED else (self.comment or None)
        color = old.color if self.color is UNCHANGED else self.color
        if (comment, color) == (old.comment, old.color):
            return OpResult.nothing(self.label)
        lib.edit_annotation(self.annotation_id, comment, color)
        new = lib.annotation(self.annotation_id)
        if (new.comment, new.color) == (old.comment, old.color):
            return OpResult.nothing(self.label)
        return OpResult(
            ChangeSet.of_papers([old.paper_id], PaperField.ANNOTATIONS),
            EditAnnotation(self.annotation_id, old.comment, old.color, self.label),
            self.label,
            value=self.annotation_id,
        )


@dataclass(frozen=True)
class ReadPdfAnnotations:
    """Read the highlights and notes already in the paper's PDFs as external annotations.

    `value` is the list of new annotation ids (none when all were read before); undo
    deletes them.

    Raises:
        PdfError: a file could not be read; nothing is added.
    """

    paper_id: int
    label: str = "Read annotations from PDF"

    def apply(self, lib: Library) -> OpResult:
        ids = read_pdf_annotations(lib, self.paper_id)
        if not ids:
            return OpResult.nothing(self.label, value=[])
        return OpResult(
            ChangeSet.of_papers([self.paper_id], PaperField.ANNOTATIONS),
            DeleteAnnotations(tuple(ids), self.label),
            self.label,
            value=ids,
        )


@dataclass(frozen=True)
class DeleteAnnotations:
    """Delete several annotations at once (all or none); undo puts each back as it was."""

    annotation_ids: tuple[int, ...]
    label: str = "Delete annotations"

    def apply(self, lib: Library) -> OpResult:
        gone = lib.delete_annotations(self.annotation_ids)
        return OpResult(
            ChangeSet.of_papers({a.paper_id for a in gone}, PaperField.ANNOTATIONS),
            RestoreAnnotations(tuple(gone), self.label),
            self.label,
            value=gone,
        )


@dataclass(frozen=True)
class RestoreAnnotations:
    """Put deleted annotations back (undo of `DeleteAnnotations`)."""

    annotations: tuple[Annotation, ...]
    label: str = "Restore annotations"

    def apply(self, lib: Library) -> OpResult:
        ids = lib.restore_annotations(self.annotations)
        return OpResult(
            ChangeSet.of_papers({a.paper_id for a in self.annotations}, PaperField.ANNOTATIONS),
            DeleteAnnotations(tuple(ids), self.label),
            self.label,
            value=ids,
        )

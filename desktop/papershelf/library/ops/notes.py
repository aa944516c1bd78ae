"""Operations on what the user writes about a paper: its note and its annotations."""

from __future__ import annotations

from dataclasses import dataclass, replace

from papershelf.core.changes import ChangeSet, PaperField
from papershelf.core.models import Annotation
from papershelf.library.library import Library
from papershelf.library.ops.base import OpResult


def note_merge_key(paper_id: int) -> tuple[str, int]:
    """Saves of one paper's note share this key: one undo step while the user types."""
    return ("note", paper_id)


@dataclass(frozen=True)
class SaveNote:
    """Save the note text the user typed for a paper.

    If the paper was merged into another meanwhile (a refresh found the preprint's journal
    version), the text goes to the end of that paper's note instead of being lost, unless
    that note already holds it; `value` is then the id of the paper it went to. A paper
    gone for any other reason changes nothing.
    """

    paper_id: int
    text: str
    label: str = "Edit note"

    def apply(self, lib: Library) -> OpResult:
        if lib.exists(self.paper_id):
            return SetNote(self.paper_id, self.text, self.label).apply(lib)
        keeper = lib.merged_into(self.paper_id)
        if keeper is None:
            return OpResult.nothing(self.label)
        current = lib.get(keeper).note or ""
        if not self.text.strip() or self.text.strip() in current:
            return OpResult.nothing(self.label)
        joined = f"{current.rstrip()}\n\n{self.text}" if current.strip() else self.text
        return replace(SetNote(keeper, joined, self.label).apply(lib), value=keeper)


@dataclass(frozen=True)
class SetNote:
    """Replace a paper's note (an empty body deletes it); what undo and redo of notes do."""

    paper_id: int
    body: str
    label: str = "Edit note"

    def apply(self, lib: Library) -> OpResult:
        old = lib.get(self.paper_id).note or ""
        if not lib.set_note(self.paper_id, self.body):
            return OpResult.nothing(self.label)
        return OpResult(
            ChangeSet.of_papers([self.paper_id], PaperField.NOTE),
            SetNote(self.paper_id, old, self.label),
            self.label,
            merge_key=note_merge_key(self.paper_id),
        )


@dataclass(frozen=True)
class AppendNote:
    """Add text to the end of a paper's note, after a blank line (`papershelf note --append`)."""

    paper_id: int
    text: str
    label: str = "Add to note"

    def apply(self, lib: Library) -> OpResult:
        old = lib.get(self.paper_id).note or ""
        if not lib.append_note(self.paper_id, self.text):
            return OpResult.nothing(self.label)
        return OpResult(
            ChangeSet.of_papers([self.paper_id], PaperField.NOTE),
            SetNote(self.paper_id, old, self.label),
            self.label,
        )


@dataclass(frozen=True)
class AddAnnotation:
    """Add a quote (with page and comment) to a paper; `value` is the new annotation's id."""

    paper_id: int
    quote: str
    page: int | None = None
    comment: str | None = None
    label: str = "Add annotation"

    def apply(self, lib: Library) -> OpResult:
        aid = lib.annotate(self.paper_id, self.quote, self.page, self.comment or None)
        return OpResult(
            ChangeSet.of_papers([self.paper_id], PaperField.ANNOTATIONS),
            DeleteAnnotation(aid, self.label),
            self.label,
            value=aid,
        )


@dataclass(frozen=True)
class DeleteAnnotation:
    """Delete an annotation; undo puts it back with its id, place and date."""

    annotation_id: int
    label: str = "Delete annotation"

    def apply(self, lib: Library) -> OpResult:
        gone = lib.delete_annotation(self.annotation_id)
        return OpResult(
            ChangeSet.of_papers([gone.paper_id], PaperField.ANNOTATIONS),
            RestoreAnnotation(gone, self.label),
            self.label,
            value=gone,
        )


@dataclass(frozen=True)
class RestoreAnnotation:
    """Put a deleted annotation back (undo of a delete, redo of an add)."""

    annotation: Annotation
    label: str = "Restore annotation"

    def apply(self, lib: Library) -> OpResult:
        aid = lib.restore_annotation(self.annotation)
        return OpResult(
            ChangeSet.of_papers([self.annotation.paper_id], PaperField.ANNOTATIONS),
            DeleteAnnotation(aid, self.label),
            self.label,
            value=aid,
        )

"""MergeDuplicates and NotDuplicates: apply, undo, redo on a real library, as a user sees it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from papershelf.core.errors import InvalidInputError, NotFoundError
from papershelf.core.models import ReadingStatus
from papershelf.library import Library
from papershelf.library.attachments import attach, attachments
from papershelf.library.ops import MergeDuplicates, NotDuplicates, run
from papershelf.library.undo import UndoHistory

from tests.conftest import make_draft
from tests.ops.helpers import round_trip, shown
from tests.pdf.make_pdf import make_pdf


def everything(lib: Library) -> dict[int, Any]:
    """Every paper the user can see, with its attachments and reading history."""
    papers = lib.get_many(lib.list_ids() + lib.list_ids(trashed=True))
    return {
        p.id: {
            **shown(lib, p.id),
            "files": sorted(a.original_name for a in attachments(lib, p.id)),
            "history": lib.status_marks([p.id])[p.id],
        }
        for p in papers
    }


def two_records(lib: Library, tmp_path: Path) -> tuple[int, int]:
    """A preprint and its journal version, each with what a user adds to a paper."""
    keep, other = lib.import_drafts(
        [make_draft(1), make_draft(2, title="Paper number 1: a study of topic 1", year=2026)]
    ).paper_ids
    lib.change_tags([keep], add=["ml"])
    lib.change_tags([other], add=["to-cite"])
    lib.set_note(keep, "kept note")
    lib.set_note(other, "other note")
    lib.annotate(other, "a quote", page=2)
    lib.set_status(other, ReadingStatus.READ)
    pdf = tmp_path / "journal.pdf"
    pdf.write_bytes(make_pdf(["journal version text"]))
    attach(lib, other, pdf)
    return keep, other


def test_merge_keeps_everything_and_undo_brings_the_paper_back(
    library: Library, tmp_path: Path
) -> None:
    keep, other = two_records(library, tmp_path)
    op = MergeDuplicates.of(keep, (other,), {"venue": "Journal of Tests"})
    result, before, after = round_trip(library, op, lambda: everything(library))
    assert set(before) == {keep, other}
    assert set(after) == {keep}
    merged = after[keep]
    assert merged["venue"] == "Journal of Tests"
    assert sorted(merged["tags"]) == ["ml", "to-cite"]
    assert "kept note" in merged["note"]
    assert "other note" in merged["note"]
    assert [a["quote"] for a in merged["annotations"]] == ["a quote"]
    assert merged["files"] == ["journal.pdf"]
    assert merged["status"] == "read"
    # Undone: the merged-away paper is back with its id, file and status.
    assert before[other]["files"] == ["journal.pdf"]
    assert before[other]["status"] == "read"
    assert result.changes.duplicates
    assert result.changes.membership


def test_the_status_set_later_wins(library: Library) -> None:
    keep, other = library.import_drafts(
        [make_draft(1), make_draft(2, title="Paper number 1: a study of topic 1")]
    ).paper_ids
    library.set_status(other, ReadingStatus.READING)
    library.set_status(keep, ReadingStatus.READ)
    run(library, MergeDuplicates(other, (keep,)), UndoHistory())
    assert library.get(other).status is ReadingStatus.READ


def test_merge_refuses_bad_input_and_changes_nothing(library: Library) -> None:
    a, b = library.import_drafts([make_draft(1), make_draft(2)]).paper_ids
    with pytest.raises(InvalidInputError):
        run(library, MergeDuplicates(a, (a,)), UndoHistory())
    with pytest.raises(NotFoundError):
        run(library, MergeDuplicates(a, (b, 99)), UndoHistory())
    with pytest.raises(InvalidInputError):
        run(library, MergeDuplicates.of(a, (b,), {"year": "not a year"}), UndoHistory())
    assert library.count() == 2


def test_not_duplicates_is_remembered_across_restarts(lib_path: Path) -> None:
    drafts = [
        make_draft(1, title="Calendar", year=1988, volume="9", venue="TUGboat"),
        make_draft(2, title="Calendar", year=1988, volume="10", venue="TUGboat"),
    ]
    with Library.open(lib_path) as lib:
        ids = lib.import_drafts(drafts).paper_ids
        assert [g.paper_ids for g in lib.duplicate_groups()] == [tuple(ids)]
        round_trip(lib, NotDuplicates(tuple(ids)), lib.duplicate_groups)
        run(lib, NotDuplicates(tuple(ids)), UndoHistory())
    with Library.open(lib_path) as lib:
        assert lib.duplicate_groups() == []


def test_not_duplicates_of_one_paper_changes_nothing(library: Library) -> None:
    (a,) = library.import_drafts([make_draft(1)]).paper_ids
    assert not run(library, NotDuplicates((a, a)), UndoHistory()).changes

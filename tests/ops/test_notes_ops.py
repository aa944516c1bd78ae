"""Notes (merged saves, the redirect for a merged-away paper) and annotations."""

from __future__ import annotations

import pytest
from papershelf.core.changes import PaperField
from papershelf.core.errors import InvalidInputError, NotFoundError
from papershelf.core.models import ReadingStatus
from papershelf.library import Library
from papershelf.library.ops import AddAnnotation, DeleteAnnotation, SaveNote, SetStatus
from papershelf.library.undo import UndoHistory, run

from tests.ops.helpers import add_papers, round_trip, shown


def test_save_note_round_trip(library: Library) -> None:
    (a,) = add_papers(library, 1)
    library.set_note(a, "first thoughts")

    def state() -> object:
        return shown(library, a)["note"]

    result, before, after = round_trip(library, SaveNote(a, "second thoughts"), state)
    assert (before, after) == ("first thoughts", "second thoughts")
    assert result.changes.papers == {a}
    assert result.changes.fields == {PaperField.NOTE}
    # Emptying the note deletes it; undo brings it back.
    _, _, after = round_trip(library, SaveNote(a, "  "), state)
    assert after is None


def test_successive_saves_of_one_note_are_one_undo_step(library: Library) -> None:
    a, b = add_papers(library, 2)
    history = UndoHistory()
    run(library, SaveNote(a, "I"), history)
    run(library, SaveNote(a, "I th"), history)
    run(library, SaveNote(a, "I think"), history)
    assert len(history) == 1
    history.undo(library)
    assert library.get(a).note is None  # back to before the first save
    history.redo(library)
    assert library.get(a).note == "I think"  # the latest save
    # Another paper's note, another op in between, or an undo: a new step.
    run(library, SaveNote(b, "other"), history)
    run(library, SaveNote(a, "I think so"), history)
    assert len(history) == 3
    history.undo(library)
    assert library.get(a).note == "I think"
    run(library, SaveNote(a, "I think not"), history)
    run(library, SetStatus((a,), ReadingStatus.READ), history)
    run(library, SaveNote(a, "I think not."), history)
    assert len(history) == 5


def test_note_typed_for_a_merged_away_paper_lands_on_the_merged_one(library: Library) -> None:
    keep, drop = add_papers(library, 2)
    library.set_note(keep, "kept note")
    library.merge_papers(keep, drop)

    def state() -> object:
        return library.get(keep).note

    result, before, after = round_trip(library, SaveNote(drop, "typed meanwhile"), state)
    assert (before, after) == ("kept note", "kept note\n\ntyped meanwhile")
    assert result.value == keep
    assert result.changes.papers == {keep}
    # Text already there, or nothing typed: nothing to do.
    history = UndoHistory()
    assert not run(library, SaveNote(drop, "typed meanwhile"), history).changes
    assert not run(library, SaveNote(drop, "   "), history).changes
    assert not history.can_undo()


def test_note_for_a_merged_paper_without_a_note_becomes_its_note(library: Library) -> None:
    keep, drop = add_papers(library, 2)
    library.merge_papers(keep, drop)
    result = run(library, SaveNote(drop, "typed"))
    assert library.get(keep).note == "typed"
    assert result.value == keep


def test_add_annotation_round_trip_keeps_the_annotation_id(library: Library) -> None:
    (a,) = add_papers(library, 1)

    def state() -> object:
        return shown(library, a)["annotations"]

    result, before, after = round_trip(library, AddAnnotation(a, "a quote", 3, ""), state)
    assert before == []
    assert [(x["id"], x["quote"], x["page"], x["comment"]) for x in after] == [
        (result.value, "a quote", 3, None)
    ]
    assert result.changes.fields == {PaperField.ANNOTATIONS}


def test_delete_annotation_is_undone_in_its_place_with_its_date(library: Library) -> None:
    (a,) = add_papers(library, 1)
    first = library.annotate(a, "first", 1, "c1")
    second = library.annotate(a, "second", 2, None)
    library.annotate(a, "third")

    def state() -> object:
        return shown(library, a)["annotations"]

    result, before, after = round_trip(library, DeleteAnnotation(second), state)
    assert [x["quote"] for x in after] == ["first", "third"]
    assert before[1]["id"] == second  # back between the two others, with its date
    assert result.value.quote == "second"
    assert result.changes.papers == {a}
    _, before, after = round_trip(library, DeleteAnnotation(first), state)
    assert [x["quote"] for x in before] == ["first", "third"]
    assert [x["quote"] for x in after] == ["third"]


def test_refused_annotation_edits_change_nothing(library: Library) -> None:
    (a,) = add_papers(library, 1)
    history = UndoHistory()
    with pytest.raises(InvalidInputError):
        run(library, AddAnnotation(a, "   "), history)
    with pytest.raises(NotFoundError):
        run(library, AddAnnotation(999, "quote"), history)
    with pytest.raises(NotFoundError):
        run(library, DeleteAnnotation(12345), history)
    # A paper that is gone and was not merged anywhere: the save changes nothing.
    assert not run(library, SaveNote(a + 100, "no such paper"), history).changes
    assert library.get(a).annotations == []
    assert not history.can_undo()

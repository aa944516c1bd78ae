"""Tag edits, renames (plain, case-only, merging) and deletes, each undone exactly."""

from __future__ import annotations

import pytest
from papershelf.core.changes import PaperField
from papershelf.core.errors import InvalidInputError, NotFoundError
from papershelf.library import Library
from papershelf.library.ops import ChangeTags, DeleteTag, RenameTag, SetTags
from papershelf.library.undo import UndoHistory, run

from tests.ops.helpers import add_papers, round_trip


def tags_of(lib: Library, *ids: int) -> dict[int, list[str]]:
    return {pid: lib.get(pid).tags for pid in ids}


def test_set_tags_replaces_a_papers_tags_keeping_existing_spelling(library: Library) -> None:
    a, b = add_papers(library, 2)
    library.change_tags([a], add=["ML", "old"])
    library.change_tags([b], add=["ML"])

    def state() -> object:
        return tags_of(library, a, b), library.tags()

    result, _, after = round_trip(library, SetTags(a, ("ml", "  new  tag ")), state)
    # "ml" is the tag "ML" already there; "old" was used only here and is gone.
    assert after == ({a: ["ML", "new tag"], b: ["ML"]}, [("ML", 2), ("new tag", 1)])
    assert result.changes.papers == {a}
    assert result.changes.fields == {PaperField.TAGS}
    assert result.changes.tags
    assert result.changes.counts
    assert result.label == "Edit tags"


def test_set_tags_to_the_same_names_is_no_step(library: Library) -> None:
    (a,) = add_papers(library, 1)
    library.change_tags([a], add=["ML"])
    history = UndoHistory()
    assert not run(library, SetTags(a, ("ml", "#ML")), history).changes
    assert tags_of(library, a) == {a: ["ML"]}
    assert not history.can_undo()


def test_change_tags_on_several_papers(library: Library) -> None:
    a, b, c = add_papers(library, 3)
    library.change_tags([a], add=["x"])
    library.change_tags([c], add=["y"])

    def state() -> object:
        return tags_of(library, a, b, c)

    result, _, after = round_trip(library, ChangeTags((a, b, c), add=("x",), remove=("y",)), state)
    assert after == {a: ["x"], b: ["x"], c: ["x"]}
    assert result.changes.papers == {b, c}  # a had x already
    assert ChangeTags((a, b), add=("x",)).label == "Tag 2 papers x"


def test_refused_tag_edits_change_nothing(library: Library) -> None:
    a, _ = add_papers(library, 2)
    history = UndoHistory()
    with pytest.raises(NotFoundError):
        run(library, ChangeTags((a, 999), add=("x",)), history)
    with pytest.raises(InvalidInputError):
        run(library, SetTags(a, ("ok", "x" * 101)), history)
    with pytest.raises(NotFoundError):
        run(library, RenameTag("nope", "other"), history)
    with pytest.raises(NotFoundError):
        run(library, DeleteTag("nope"), history)
    assert tags_of(library, a) == {a: []}
    assert not history.can_undo()


def test_rename_tag_including_trashed_papers_is_renamed_back(library: Library) -> None:
    a, b = add_papers(library, 2)
    library.change_tags([a, b], add=["nlp"])
    library.trash([b])

    def state() -> object:
        return tags_of(library, a, b), library.tags()

    result, _, after = round_trip(library, RenameTag("nlp", "language"), state)
    assert after == ({a: ["language"], b: ["language"]}, [("language", 1)])
    assert result.changes.papers == {a, b}
    assert result.changes.tags


def test_case_only_rename_is_undone_to_the_old_spelling(library: Library) -> None:
    a, b = add_papers(library, 2)
    library.change_tags([a, b], add=["ml"])

    def state() -> object:
        return tags_of(library, a, b), library.tags()

    _, before, after = round_trip(library, RenameTag("ml", "ML"), state)
    assert before == ({a: ["ml"], b: ["ml"]}, [("ml", 2)])
    assert after == ({a: ["ML"], b: ["ML"]}, [("ML", 2)])
    # Typed with a "#" and other spacing, the rename still finds the tag and undoes exactly.
    _, _, after = round_trip(library, RenameTag("#ML", "Machine  Learning"), state)
    assert after == ({a: ["Machine Learning"], b: ["Machine Learning"]}, [("Machine Learning", 2)])


def test_rename_onto_an_existing_tag_merges_and_undo_splits_exactly(library: Library) -> None:
    only_old, both, only_new, trashed = add_papers(library, 4)
    library.change_tags([only_old, both, trashed], add=["ml"])
    library.change_tags([both, only_new], add=["Deep"])
    library.trash([trashed])

    def state() -> object:
        return tags_of(library, only_old, both, only_new, trashed), library.tags()

    result, before, after = round_trip(library, RenameTag("ml", "deep"), state)
    assert before == (
        {only_old: ["ml"], both: ["Deep", "ml"], only_new: ["Deep"], trashed: ["ml"]},
        [("Deep", 2), ("ml", 2)],
    )
    # The existing tag keeps its spelling; the trashed paper follows the merge too.
    assert after == (
        {only_old: ["Deep"], both: ["Deep"], only_new: ["Deep"], trashed: ["Deep"]},
        [("Deep", 3)],
    )
    assert result.changes.papers == {only_old, both, trashed}


def test_delete_tag_is_undone_on_every_paper_that_had_it(library: Library) -> None:
    a, b, c = add_papers(library, 3)
    library.change_tags([a, b], add=["To Skim", "keep"])
    library.trash([b])

    def state() -> object:
        return tags_of(library, a, b, c), library.tags()

    result, before, after = round_trip(library, DeleteTag("to skim"), state)
    assert before[0] == {a: ["keep", "To Skim"], b: ["keep", "To Skim"], c: []}
    assert after == ({a: ["keep"], b: ["keep"], c: []}, [("keep", 1)])
    assert result.value == [a, b]
    assert result.label == "Delete tag to skim"

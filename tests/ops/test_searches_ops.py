"""Saved searches: save (new or overwriting), rename (also case-only) and delete, undone."""

from __future__ import annotations

import pytest
from papershelf.core.errors import InvalidInputError, NotFoundError
from papershelf.library import Library
from papershelf.library.ops import DeleteSearch, RenameSearch, SaveSearch
from papershelf.library.undo import UndoHistory, run

from tests.ops.helpers import round_trip


def test_save_a_new_search_and_overwrite_one(library: Library) -> None:
    def state() -> object:
        return library.saved_searches()

    result, before, after = round_trip(library, SaveSearch("Reading list", "status:to-read"), state)
    assert (before, after) == ([], [("Reading list", "status:to-read")])
    assert result.changes.saved_searches
    assert not result.changes.papers
    # Same name in other case: the saved one is overwritten; undo brings its name and query.
    _, _, after = round_trip(library, SaveSearch("reading LIST", "tag:ml"), state)
    assert after == [("reading LIST", "tag:ml")]


def test_rename_and_case_only_rename(library: Library) -> None:
    library.save_search("bert", "bert")
    library.save_search("gpt", "gpt")

    def state() -> object:
        return library.saved_searches()

    _, _, after = round_trip(library, RenameSearch("bert", "Encoders"), state)
    assert after == [("Encoders", "bert"), ("gpt", "gpt")]
    _, _, after = round_trip(library, RenameSearch("encoders", "ENCODERS"), state)
    assert after == [("ENCODERS", "bert"), ("gpt", "gpt")]


def test_delete_is_undone_with_name_and_query(library: Library) -> None:
    library.save_search("My Search", "year:2020 transformers")

    def state() -> object:
        return library.saved_searches()

    result, before, after = round_trip(library, DeleteSearch("my search"), state)
    assert (before, after) == ([("My Search", "year:2020 transformers")], [])
    assert result.label == "Delete saved search my search"


def test_refused_search_edits_record_nothing(library: Library) -> None:
    library.save_search("a", "x")
    library.save_search("b", "y")
    history = UndoHistory()
    with pytest.raises(InvalidInputError):
        run(library, RenameSearch("a", "B"), history)  # taken
    with pytest.raises(InvalidInputError):
        run(library, SaveSearch("   ", "x"), history)
    with pytest.raises(NotFoundError):
        run(library, DeleteSearch("c"), history)
    with pytest.raises(NotFoundError):
        run(library, RenameSearch("c", "d"), history)
    assert library.saved_searches() == [("a", "x"), ("b", "y")]
    assert not history.can_undo()

"""Where the reader left a paper, and how far it got (the list's progress column)."""

from __future__ import annotations

import pytest
from papershelf.core.errors import InvalidInputError, NotFoundError
from papershelf.core.models import ReadingPosition
from papershelf.library import Library

from tests.ops.helpers import add_papers


def _at(
    page: int, *, furthest: int = 0, count: int = 20, zoom: float | None = None
) -> ReadingPosition:
    return ReadingPosition(None, page, 0.25, zoom, furthest, count)


def test_position_is_remembered_and_reopened_there(library: Library) -> None:
    (a,) = add_papers(library, 1)
    assert library.reading_position(a) is None
    library.save_reading_position(a, _at(4, zoom=1.5))
    got = library.reading_position(a)
    assert got == ReadingPosition(None, 4, 0.25, 1.5, 4, 20)
    # Reopened from another connection (the next session).
    library.close()
    with Library.open(library.path) as again:
        assert again.reading_position(a) == got


def test_furthest_page_only_grows_and_progress_is_one_query(library: Library) -> None:
    a, b, c = add_papers(library, 3)
    library.save_reading_position(a, _at(9))
    library.save_reading_position(a, _at(2))  # scrolled back to the start
    assert library.reading_position(a) == ReadingPosition(None, 2, 0.25, None, 9, 20)
    library.save_reading_position(b, _at(0, count=8))
    assert library.reading_progress([a, b, c]) == {a: (10, 20), b: (1, 8)}


def test_a_position_is_not_an_edit_of_the_paper(library: Library) -> None:
    (a,) = add_papers(library, 1)
    before = library.get(a)
    seq = library.change_seq()
    library.save_reading_position(a, _at(3))
    after = library.get(a)
    assert (after.updated_at, after.rev) == (before.updated_at, before.rev)
    assert library.change_seq() == seq


def test_bad_positions_are_refused(library: Library) -> None:
    (a,) = add_papers(library, 1)
    with pytest.raises(InvalidInputError):
        library.save_reading_position(a, ReadingPosition(None, 1, 1.5, None, 1, 3))
    with pytest.raises(InvalidInputError):
        library.save_reading_position(a, ReadingPosition(None, -1, 0.0, None, 0, 3))
    with pytest.raises(NotFoundError):
        library.save_reading_position(999, _at(1))
    assert library.reading_position(a) is None


def test_position_goes_with_the_paper_when_it_is_deleted_for_good(library: Library) -> None:
    (a,) = add_papers(library, 1)
    library.save_reading_position(a, _at(1))
    library._db.execute("DELETE FROM papers WHERE id = ?", [a])
    assert library.reading_position(a) is None

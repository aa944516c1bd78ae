"""Tag counts leave out trashed papers and count each live one once."""

from __future__ import annotations

from papershelf.library import Library

from tests.conftest import make_draft


def test_tag_counts_leave_out_the_trash(library: Library) -> None:
    ids = [library._store.add_or_merge(make_draft(i)).paper_id for i in range(4)]
    library.change_tags(ids[:3], ["x"])
    library.change_tags(ids[2:], ["y"])
    assert library.tags() == [("x", 3), ("y", 2)]
    library.trash([ids[2]])
    assert library.tags() == [("x", 2), ("y", 1)]
    library.trash([ids[3]])
    assert library.tags() == [("x", 2)]  # a tag with only trashed papers is not in use
    library.restore([ids[2], ids[3]])
    assert library.tags() == [("x", 3), ("y", 2)]

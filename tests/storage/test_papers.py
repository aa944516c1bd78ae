"""PaperStore: duplicates, tags, reading state, notes, trash, and one transaction per change."""

from __future__ import annotations

from pathlib import Path

import pytest
from papershelf.core.errors import InvalidInputError, NotFoundError
from papershelf.core.models import PaperDraft, ReadingStatus
from papershelf.core.query import SortKey
from papershelf.library import Library

from tests.conftest import make_draft


def test_duplicates_match_by_arxiv_id_in_any_version(library: Library) -> None:
    first = library._store.add_or_merge(make_draft(1, arxiv_id="2209.03003v1"))
    again = library._store.add_or_merge(make_draft(2, arxiv_id="arXiv:2209.03003v3"))
    assert again.merged
    assert again.paper_id == first.paper_id
    paper = library.get(first.paper_id)
    assert paper.arxiv_id == "2209.03003"
    assert paper.arxiv_version == 3, "the latest version seen is kept"
    assert paper.title == make_draft(1).title, "a merge never overwrites the title"


def test_duplicates_match_by_doi_case_insensitively(library: Library) -> None:
    a = library._store.add_or_merge(make_draft(1, doi="10.1145/3597503.3639130"))
    b = library._store.add_or_merge(
        make_draft(2, doi="https://doi.org/10.1145/3597503.3639130".upper())
    )
    assert b.merged
    assert b.paper_id == a.paper_id


def test_duplicates_match_by_normalised_title_and_year(library: Library) -> None:
    a = library._store.add_or_merge(
        PaperDraft(title="Flow Straight and Fast: Rectified Flow", year=2022)
    )
    b = library._store.add_or_merge(
        PaperDraft(title="flow straight and fast — rectified  flow", year=2022)
    )
    c = library._store.add_or_merge(
        PaperDraft(title="Flow straight and fast: rectified flow", year=2019)
    )
    d = library._store.add_or_merge(PaperDraft(title="Flow straight and fast: rectified flow"))
    assert b.merged
    assert b.paper_id == a.paper_id
    assert not c.merged, "same title but a different known year is another paper"
    assert not d.merged, "a missing year is no agreement (issue 17)"
    assert d.possible


def test_merge_fills_gaps_and_keeps_user_data(library: Library) -> None:
    pid = library._store.add_or_merge(PaperDraft(title="GPipe", arxiv_id="1811.06965")).paper_id
    library.set_status(pid, ReadingStatus.READING)
    library.set_priority(pid, 3)
    library.change_tags([pid], ["parallelism"])
    library.set_note(pid, "my note")
    library.annotate(pid, "micro-batches", page=2)
    library._store.add_or_merge(
        PaperDraft(
            title="GPipe",
            arxiv_id="1811.06965v5",
            abstract="Pipeline parallelism.",
            authors=["Yanping Huang"],
        )
    )
    paper = library.get(pid)
    assert paper.abstract == "Pipeline parallelism."
    assert paper.authors == ["Yanping Huang"]
    assert (paper.status, paper.priority, paper.tags, paper.note) == (
        ReadingStatus.READING,
        3,
        ["parallelism"],
        "my note",
    )
    assert [a.quote for a in paper.annotations] == ["micro-batches"]


def test_tags_are_case_insensitive_unique_and_renamable(library: Library) -> None:
    a = library._store.add_or_merge(make_draft(1)).paper_id
    b = library._store.add_or_merge(make_draft(2)).paper_id
    library.change_tags([a], ["NAS"])
    library.change_tags([b], ["nas", "Vision"])
    assert library._store.tags() == [("NAS", 2), ("Vision", 1)]
    library.rename_tag("nas", "architecture-search")
    assert library.get(a).tags == ["architecture-search"]
    # Renaming onto an existing tag merges them.
    library.rename_tag("vision", "Architecture-Search")
    assert library._store.tags() == [("architecture-search", 2)]
    library.change_tags([a, b], remove=["ARCHITECTURE-SEARCH"])
    assert library._store.tags() == []
    with pytest.raises(InvalidInputError):
        library.change_tags([a], ["   "])


def test_status_changes_are_kept_in_history(library: Library) -> None:
    pid = library._store.add_or_merge(make_draft(1)).paper_id
    library.set_status(pid, ReadingStatus.READING)
    assert not library.set_status(pid, ReadingStatus.READING), "no-op is not a change"
    library.set_status(pid, ReadingStatus.READ)
    history = [s for s, _ in library._store.status_history(pid)]
    assert history == [ReadingStatus.TO_READ, ReadingStatus.READING, ReadingStatus.READ]


def test_priority_is_checked(library: Library) -> None:
    pid = library._store.add_or_merge(make_draft(1)).paper_id
    with pytest.raises(InvalidInputError, match="0–3"):
        library.set_priority(pid, 4)
    assert library.get(pid).priority == 0


def test_notes_set_append_and_clear(library: Library) -> None:
    pid = library._store.add_or_merge(make_draft(1)).paper_id
    library.append_note(pid, "first")
    library.append_note(pid, "second")
    assert library.get(pid).note == "first\n\nsecond"
    library.set_note(pid, "")
    assert library.get(pid).note is None


def test_trash_hides_and_restore_brings_back(library: Library) -> None:
    ids = [library._store.add_or_merge(make_draft(n)).paper_id for n in range(3)]
    library.trash([ids[1]])
    assert library.list_ids() == [ids[2], ids[0]]
    assert library.list_ids(trashed=True) == [ids[1]]
    library.restore([ids[1]])
    assert sorted(library.list_ids()) == sorted(ids)


def test_sorting_and_filtering_are_done_by_the_database(library: Library) -> None:
    ids = [library._store.add_or_merge(make_draft(n, year=2010 + n)).paper_id for n in range(4)]
    library.set_priority(ids[2], 3)
    library.set_status(ids[1], ReadingStatus.READ)
    library.change_tags([ids[0], ids[3]], ["x"])
    library.change_tags([ids[3]], ["y"])
    assert library.list_ids(sort=SortKey.YEAR) == list(reversed(ids))
    assert library.list_ids(sort=SortKey.PRIORITY)[0] == ids[2]
    assert library.list_ids(status=ReadingStatus.READ) == [ids[1]]
    assert library.list_ids(tags=["X", "y"]) == [ids[3]], "several tags intersect"


def test_a_failing_multi_paper_change_changes_nothing(library: Library) -> None:
    pid = library._store.add_or_merge(make_draft(1)).paper_id
    with pytest.raises(NotFoundError):
        library.change_tags([pid, 999], ["atomic"])
    assert library.get(pid).tags == []
    assert library._store.tags() == []


def test_unknown_ids_are_reported(library: Library) -> None:
    with pytest.raises(NotFoundError, match="no paper with id 42"):
        library.get(42)
    with pytest.raises(NotFoundError):
        library.resolve("2401.99999")


def test_delete_tag_and_saved_search_rename(library: Library) -> None:
    a = library._store.add_or_merge(make_draft(1)).paper_id
    library.change_tags([a], ["old"])
    assert library.delete_tag("OLD") == [a]
    assert library.get(a).tags == []
    with pytest.raises(NotFoundError):
        library.delete_tag("old")
    library._store.save_search("Mine", "tag:x")
    library._store.save_search("Other", "tag:y")
    library._store.rename_search("mine", "Renamed")
    assert library._store.saved_searches() == [("Other", "tag:y"), ("Renamed", "tag:x")]
    with pytest.raises(InvalidInputError, match="already exists"):
        library._store.rename_search("Renamed", "other")


def test_a_placeholder_merging_into_a_complete_paper_does_not_mark_it_pending(
    tmp_path: Path,
) -> None:
    with Library.open(tmp_path / "lib") as lib:
        lib.import_drafts([PaperDraft(title="Attention Is All You Need", arxiv_id="1706.03762")])
        report = lib.import_text("1706.03762\n", fmt="ids")
        assert report.merged == 1
        (paper,) = lib._store.get_many(report.paper_ids)
        assert paper.title == "Attention Is All You Need"
        assert "metadata_pending" not in paper.extra

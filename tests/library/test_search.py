"""Search as a user sees it: ranking, folding, stemming, prefixes, fields, snippets, consistency."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Literal, TypedDict, Unpack

import pytest
from papershelf.core.errors import QueryError
from papershelf.core.models import PaperDraft, ReadingStatus
from papershelf.library import Library

PAPERS = [
    PaperDraft(
        title="Flow Straight and Fast: Learning to Generate and Transfer Data with Rectified Flow",
        authors=["Xingchao Liu", "Chengyue Gong", "Qiang Liu"],
        year=2022,
        abstract="Rectified flow learns an ODE with straight paths between two distributions.",
        arxiv_id="2209.03003",
    ),
    PaperDraft(
        title="Distilling the Knowledge in a Neural Network",
        authors=["Geoffrey Hinton", "Oriol Vinyals", "Jeff Dean"],
        year=2015,
        abstract="A student model is trained on the softened outputs of a teacher ensemble.",
        arxiv_id="1503.02531",
    ),
    PaperDraft(
        title="Ant Colony Optimization for Scheduling",
        authors=["Thomas Stützle", "Marco Dorigo"],
        year=2004,
        abstract="Ant colony algorithms applied to flow shop scheduling problems.",
        doi="10.1007/978-3-540-24777-7",
    ),
    PaperDraft(
        title="Denoising Diffusion Probabilistic Models",
        authors=["Jonathan Ho", "Ajay Jain", "Pieter Abbeel"],
        year=2020,
        abstract="Diffusion models generate images by reversing a gradual noising process.",
        arxiv_id="2006.11239",
    ),
]


@pytest.fixture
def lib(library: Library) -> Library:
    report = library.import_drafts(PAPERS)
    assert report.imported == len(PAPERS)
    return library


class SearchOptions(TypedDict, total=False):
    """Library.search's keyword arguments."""

    limit: int
    mode: Literal["full", "typing"]
    snippets: int
    exact_total: bool


def ids(lib: Library, query: str, **kw: Unpack[SearchOptions]) -> list[int]:
    return [h.paper_id for h in lib.search(query, **kw).hits]


def test_two_words_rank_the_paper_with_both_first(lib: Library) -> None:
    assert ids(lib, "rectified flow")[0] == 1


def test_accents_fold_both_ways(lib: Library) -> None:
    assert ids(lib, "stutzle") == [3]
    assert ids(lib, "author:Stützle") == [3]


def test_stemming_finds_other_word_forms(lib: Library) -> None:
    assert ids(lib, "distillation") == [2]
    assert ids(lib, "denoise") == [4]


def test_prefixes_work_mid_stem_and_on_titles(lib: Library) -> None:
    assert ids(lib, "diffusi*") == [4], "a prefix longer than the indexed stem still matches"
    assert ids(lib, "distil*") == [2]
    assert set(ids(lib, "sched*")) == {3}


def test_typing_mode_matches_word_starts_of_title_authors_tags(lib: Library) -> None:
    assert ids(lib, "rect fl", mode="typing") == [1]
    assert ids(lib, "hint", mode="typing") == [2]
    assert ids(lib, "gpipe", mode="typing") == []
    lib.change_tags([4], ["generative"])
    assert ids(lib, "generativ", mode="typing") == [4]


def test_field_queries_ranges_and_operators(lib: Library) -> None:
    assert ids(lib, "title:diffusion") == [4]
    assert sorted(ids(lib, "year:2015..2021")) == [2, 4]
    assert sorted(ids(lib, "year:..2005")) == [3]
    assert sorted(ids(lib, "year:>=2020")) == [1, 4]
    assert sorted(ids(lib, "year:<2015")) == [3]
    assert ids(lib, "year:2022") == [1]
    assert ids(lib, "arxiv:2209.03003v2") == [1]
    assert ids(lib, "doi:https://doi.org/10.1007/978-3-540-24777-7") == [3]
    assert ids(lib, "flow -scheduling") == [1]
    assert ids(lib, "flow NOT scheduling") == [1]
    assert sorted(ids(lib, "hinton OR abbeel")) == [2, 4]
    assert ids(lib, '"straight paths"') == [1]
    assert ids(lib, '"paths straight"') == []


def test_status_tags_notes_annotations_are_searchable_right_after_the_edit(lib: Library) -> None:
    lib.set_status(2, ReadingStatus.READ)
    assert ids(lib, "status:read") == [2]
    assert 2 not in ids(lib, "status:to-read")
    lib.change_tags([1], ["generative models"])
    assert ids(lib, "tag:generative") == [1]
    lib.set_note(4, "Compare the noise schedule with the cosine one.")
    assert ids(lib, "note:cosine") == [4]
    assert ids(lib, "has:notes") == [4]
    lib.annotate(3, "pheromone trails evaporate", page=7, comment="key mechanism")
    assert ids(lib, "pheromone") == [3]
    assert ids(lib, "has:annotations") == [3]


def test_fuzzy_and_did_you_mean(lib: Library) -> None:
    assert ids(lib, "rectifed~") == [1]
    # A typo that stops the stemmer ("representaion" keeps its suffix) is still found.
    lib.import_drafts([PaperDraft(title="Representation Learning: A Review", year=2013)])
    assert ids(lib, "representaion~") == [5]
    assert ids(lib, "representaion") == []
    results = lib.search("rectfied")
    assert results.hits == []
    assert results.suggestion == "rectified"


def test_snippets_highlight_why_it_matched(lib: Library) -> None:
    hit = lib.search("teacher").hits[0]
    assert hit.snippet is not None
    assert hit.snippet.field == "abstract"
    assert "[teacher]" in hit.snippet.render("[", "]")
    # A prefix that only the title matches is highlighted in the title.
    hit = lib.search("denois*").hits[0]
    assert hit.snippet is not None
    assert hit.snippet.render("[", "]").startswith("[Denoising] Diffusion")


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ('"unclosed phrase', "unclosed quote"),
        ("(a OR b", r"unclosed '\('"),
        ("colour:red", "unknown field 'colour:'"),
        ("year:recent", "year must be a number"),
        ("has:pdfs", "has: takes one of"),
        ("title:", "needs a value"),
        ("", "empty query"),
    ],
)
def test_malformed_queries_give_one_line_errors(lib: Library, query: str, message: str) -> None:
    with pytest.raises(QueryError, match=message) as info:
        lib.search(query)
    assert "\n" not in str(info.value)


def test_more_like_this_finds_the_related_paper(lib: Library) -> None:
    lib.import_drafts(
        [
            PaperDraft(
                title="Rectified flow for fast image generation",
                abstract="Straight ODE paths between two distributions.",
            )
        ]
    )
    assert lib.more_like(1)[0].paper_id == 5


def test_trashed_papers_leave_the_index_and_come_back(lib: Library) -> None:
    lib.trash([1])
    assert ids(lib, "rectified") == []
    lib.restore([1])
    assert ids(lib, "rectified") == [1]


def test_a_change_made_without_the_index_is_caught_up_on_next_open(
    lib: Library, lib_path: Path
) -> None:
    lib._store.set_note(1, "zebrafish")  # SQLite only, as if the process died before indexing
    lib.close()
    with Library.open(lib_path) as again:
        assert again.check(sync=False).pending == 1
        assert ids(again, "zebrafish") == [1]
        assert again.check().ok


def test_missing_index_is_rebuilt(lib: Library, lib_path: Path) -> None:
    lib.close()
    shutil.rmtree(lib_path / "index")
    with Library.open(lib_path) as again:
        assert ids(again, "rectified flow")[0] == 1
        assert again.check().ok


def test_corrupt_index_is_rebuilt(lib: Library, lib_path: Path) -> None:
    lib.close()
    for f in (lib_path / "index").iterdir():
        if f.suffix in (".toc", ".seg", ".trm", ".pst"):
            f.write_bytes(b"\x00garbage" * 10)
    with Library.open(lib_path) as again:
        assert ids(again, "diffusion") == [4]
        assert again.check().ok


def test_check_reports_an_index_that_disagrees(lib: Library) -> None:
    index = lib.index()
    index.apply([], deletes=[2], seq=index.seq)  # damage: drop a paper behind SQLite's back
    report = lib.check()
    assert not report.ok
    assert report.missing == [2]
    lib.reindex()
    assert lib.check().ok


def test_background_indexing_makes_edits_searchable_without_waiting(lib_path: Path) -> None:
    with Library.open(lib_path) as first:
        first.import_drafts(PAPERS)
    with Library.open(lib_path, indexing="background") as lib:
        assert lib.set_status(2, ReadingStatus.READING)  # returns once SQLite has it
        assert lib.wait_for_index(timeout=10)
        assert ids(lib, "status:reading") == [2]
        lib.change_tags([1, 4], ["generative"])
        lib.set_note(3, "zebrafish")
        assert lib.wait_for_index(timeout=10)
        assert sorted(ids(lib, "tag:generative")) == [1, 4]
        assert ids(lib, "zebrafish") == [3]
        assert lib.check().ok


def test_background_indexer_rebuilds_a_missing_index_before_the_first_search(
    lib_path: Path,
) -> None:
    with Library.open(lib_path) as first:
        first.import_drafts(PAPERS)
    shutil.rmtree(lib_path / "index")
    with Library.open(lib_path, indexing="background") as lib:
        assert lib.list_ids(), "the list is there before the index"
        assert ids(lib, "rectified flow")[0] == 1


def test_a_second_process_changes_are_seen_by_a_long_lived_searcher(lib_path: Path) -> None:
    with Library.open(lib_path) as gui, Library.open(lib_path) as cli:
        gui.import_drafts(PAPERS)
        assert ids(gui, "zebrafish") == []
        cli.set_note(2, "zebrafish")  # indexes it and prunes the change log
        assert ids(gui, "zebrafish") == [2]


def test_an_index_created_empty_is_searchable_after_the_first_import(lib_path: Path) -> None:
    with Library.open(lib_path, indexing="background") as lib:
        assert lib.search("rectified").hits == []  # a searcher over the empty index
        with Library.open(lib_path, indexing="none") as worker:
            worker.import_drafts(PAPERS)
        lib.notify_changed()
        assert ids(lib, "rectified flow")[0] == 1


def test_two_processes_never_move_the_index_backwards(lib: Library, lib_path: Path) -> None:
    from papershelf.library.indexing import catch_up

    with Library.open(lib_path) as other:
        other.index()
        lib._store.set_note(1, "zebraone")  # SQLite only, in "this" process
        other._store.set_note(1, "giraffetwo")  # the other process edits the same paper
        before = lib._index.seq if lib._index else 0
        assert other.index().seq > before  # the other process indexes both changes
        seen: list[int] = []

        def no_changes(applied: int) -> None:
            seen.append(applied)

        assert lib._index is not None
        lib._index.apply_changes(no_changes)
        # Under the writer lock this process sees the other's progress, not its own stale seq.
        assert seen == [other.index().seq]
    assert catch_up(lib._store, lib.index()) == 0
    assert ids(lib, "giraffetwo") == [1]
    assert ids(lib, "zebraone") == []
    assert lib.check().ok

"""A held background indexer: the index opens after the first page, and search still works."""

from __future__ import annotations

from pathlib import Path

from papershelf.core.models import PaperDraft
from papershelf.library import Library


def _seed(path: Path) -> None:
    with Library.open(path) as lib:
        lib.import_drafts([PaperDraft(title="Diffusion models"), PaperDraft(title="Flows")])


def test_index_waits_for_start(lib_path: Path) -> None:
    _seed(lib_path)
    lib = Library.open(lib_path, indexing="background", index_later=True)
    try:
        indexer = lib._indexer
        assert indexer is not None
        assert not indexer.started
        assert len(lib.get_many(lib.list_ids()[:50])) == 2  # the first page, no index
        open_before_start = indexer.index.is_open
        assert not open_before_start
        lib.start_indexing()
        assert indexer.wait_ready(10)
        assert indexer.index.is_open
        assert [h.paper_id for h in lib.search("diffusion").hits] == [lib.list_ids()[-1]]
    finally:
        lib.close()


def test_a_search_starts_a_held_indexer(lib_path: Path) -> None:
    _seed(lib_path)
    with Library.open(lib_path, indexing="background", index_later=True) as lib:
        assert len(lib.search("flows").hits) == 1


def test_an_edit_starts_a_held_indexer(lib_path: Path) -> None:
    _seed(lib_path)
    with Library.open(lib_path, indexing="background", index_later=True) as lib:
        lib.import_drafts([PaperDraft(title="Rectified flow")])
        assert lib._indexer is not None
        assert lib._indexer.started
        assert lib.wait_for_index(10)
        assert len(lib.search("rectified").hits) == 1


def test_closing_a_held_indexer_never_opens_the_index(lib_path: Path) -> None:
    _seed(lib_path)
    lib = Library.open(lib_path, indexing="background", index_later=True)
    indexer = lib._indexer
    lib.close()
    assert indexer is not None
    assert not indexer.index.is_open

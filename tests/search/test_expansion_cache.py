"""Expansions remembered per index reader never outlive the reader (a commit brings new words)."""

from __future__ import annotations

from pathlib import Path

from papershelf.core.models import PaperDraft
from papershelf.library import Library


def test_prefix_and_fuzzy_words_see_papers_added_after_a_search(lib_path: Path) -> None:
    with Library.open(lib_path) as lib:
        lib.import_drafts([PaperDraft(title="Transformers for tables")])
        assert len(lib.search("transf*").hits) == 1
        assert lib.search("transm*").hits == []
        assert lib.search("transmogrifer~").hits == []
        lib.import_drafts([PaperDraft(title="Transmogrifiers for tables")])
        assert len(lib.search("transm*").hits) == 1
        assert len(lib.search("transmogrifer~").hits) == 1
        assert len(lib.search("trans* tables").hits) == 2


def test_repeated_searches_give_the_same_hits(lib_path: Path) -> None:
    with Library.open(lib_path) as lib:
        lib.import_drafts([PaperDraft(title=f"Diffusion model {i}") for i in range(30)])
        first = [(h.paper_id, h.score) for h in lib.search("diffus* mod*", limit=10).hits]
        again = [(h.paper_id, h.score) for h in lib.search("diffus* mod*", limit=10).hits]
        assert first == again
        assert len(first) == 10

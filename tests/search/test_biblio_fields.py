"""`venue:` and `type:` find papers by their journal and item type."""

from __future__ import annotations

from pathlib import Path

import pytest
from papershelf.core.errors import QueryError
from papershelf.core.models import PaperDraft
from papershelf.library import Library


def test_venue_and_type_narrow_a_search(tmp_path: Path) -> None:
    with Library.open(tmp_path / "lib") as lib:
        ids = lib.import_drafts(
            [
                PaperDraft(title="Typesetting tables", venue="TUGboat", entry_type="article"),
                PaperDraft(title="Typesetting music", venue="EuroTeX", entry_type="inproceedings"),
                PaperDraft(title="Typesetting maps", venue="The Computer Journal"),
            ]
        ).paper_ids
        found = {h.paper_id for h in lib.search("typesetting venue:tugboat").hits}
        assert found == {ids[0]}
        assert {h.paper_id for h in lib.search("type:inproceedings").hits} == {ids[1]}
        assert {h.paper_id for h in lib.search('journal:"computer journal"').hits} == {ids[2]}
        assert {h.paper_id for h in lib.search("type:Article").hits} == {ids[0]}


def test_an_unknown_type_names_the_known_ones(tmp_path: Path) -> None:
    with (
        Library.open(tmp_path / "lib") as lib,
        pytest.raises(QueryError, match="type: takes one of article, inproceedings"),
    ):
        lib.search("type:poem")

"""Ops over the (local stand-in) online services: refresh merges, the sample library."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from papershelf.core.errors import NotFoundError
from papershelf.core.models import PaperDraft, ReadingStatus
from papershelf.library import Library
from papershelf.library.ops import LoadSample, RefreshMetadata, SaveNote, SetStatus
from papershelf.library.undo import UndoHistory, run
from pytest_httpserver import HTTPServer

from tests.online.conftest import ATOM, ENV_VARS, arxiv_feed, write_settings

PRB_DOI = "10.1103/physrevb.85.115117"


@pytest.fixture
def online(
    httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch, lib_path: Path
) -> Iterator[Library]:
    feed = arxiv_feed("legacy-2016/arxivpy_id_list_1111.2011v2.xml")
    httpserver.expect_request("/api/query").respond_with_data(feed, content_type=ATOM)
    for var in ENV_VARS:
        monkeypatch.setenv(var, httpserver.url_for("/").rstrip("/"))
    write_settings(lib_path)
    with Library.open(lib_path) as lib:
        yield lib


def test_refresh_merging_a_preprint_is_not_undoable_and_stale_steps_drop(
    online: Library,
) -> None:
    lib = online
    preprint, published = lib.import_drafts(
        [
            PaperDraft(title="Quantum criticality on a Bethe lattice", arxiv_id="1111.2011"),
            PaperDraft(title="Quantum criticality (journal version)", doi=PRB_DOI),
        ]
    ).paper_ids
    history = UndoHistory()
    run(lib, SetStatus((published,), ReadingStatus.READING), history)
    run(lib, SetStatus((preprint,), ReadingStatus.READ), history)

    result = run(lib, RefreshMetadata((preprint,)), history)

    assert result.value.merged == [(preprint, published, PRB_DOI)]
    assert result.undo is None
    assert result.changes.membership
    assert result.changes.papers == {preprint, published}
    assert len(history) == 2  # the refresh itself is no step
    # The status set later wins (issue 17: a merge kept the kept paper's older status).
    assert lib.get(published).status is ReadingStatus.READ
    # The newest step was about the preprint, which is gone: it is dropped, not stuck.
    with pytest.raises(NotFoundError):
        history.undo(lib)
    assert history.undo_label() == "Mark paper as Reading"
    # A note still being typed for the preprint lands on the published paper.
    assert run(lib, SaveNote(preprint, "typed late"), history).value == published
    assert lib.get(published).note == "typed late"


def test_load_sample_undo_trashes_the_sample_papers(library: Library) -> None:
    history = UndoHistory()
    result = run(library, LoadSample(), history)
    ids = sorted(result.value.paper_ids)
    assert ids
    assert sorted(library.list_ids()) == ids
    assert result.label == "Import sample library"
    assert result.changes.membership
    assert result.changes.tags
    history.undo(library)
    assert library.list_ids() == []
    assert sorted(library.list_ids(trashed=True)) == ids
    history.redo(library)
    assert sorted(library.list_ids()) == ids

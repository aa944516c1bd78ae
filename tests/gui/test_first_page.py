"""The window's first paint lists its first page of ids; the rest follow one turn later.

Listing every id of a 100k-paper view took ~30 ms of each start; the list must still look
and behave whole from the start: its length (the scroll bar), keys that reach its end, a
row past the first page.
"""

from __future__ import annotations

from pathlib import Path

from papershelf.core.query import ViewQuery
from papershelf.gui.controllers.list_view import FIRST_PAGE
from papershelf.gui.models.paper_table import PaperTableModel
from papershelf.library import Library
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from tests.conftest import make_draft
from tests.gui.conftest import close_window, open_window

PAPERS = FIRST_PAGE + 40


def fill(path: Path, n: int = PAPERS) -> list[int]:
    with Library.open(path) as lib:
        lib.import_drafts([make_draft(i) for i in range(n)])
        return lib.view_ids(ViewQuery())


def test_the_first_paint_lists_a_page_and_the_rest_follows(qtbot: QtBot, lib_path: Path) -> None:
    ids = fill(lib_path)
    window = open_window(qtbot, lib_path)
    try:
        model = window.model
        # Built and shown, not painted yet: the list is as long as the library...
        assert model.rowCount() == PAPERS
        assert window.table.verticalScrollBar().maximum() > 0
        # ...its first page is listed and selected, the rest not yet.
        assert model.loaded_rows() == FIRST_PAGE
        assert window.lists.selected_ids() == [ids[0]]
        assert model.index(0, 0).data() == make_draft(PAPERS - 1).title  # newest first
        qtbot.waitUntil(lambda: model.loaded_rows() == PAPERS, timeout=5000)
        assert model.ids() == ids
        assert model.rowCount() == PAPERS
    finally:
        close_window(window)


def test_keys_reach_past_the_first_page_before_the_rest_is_listed(
    qtbot: QtBot, lib_path: Path
) -> None:
    ids = fill(lib_path)
    window = open_window(qtbot, lib_path)
    try:
        assert window.model.loaded_rows() == FIRST_PAGE
        window.registry.trigger("go.last")  # what End runs
        assert window.lists.selected_ids() == [ids[-1]]
        assert window.details.paper_id() == ids[-1]
        assert window.model.index(PAPERS - 1, 0).data() == make_draft(0).title
    finally:
        close_window(window)


def test_model_with_a_first_page_is_a_valid_model(
    qtmodeltester: ModelTester, library: Library
) -> None:
    library.import_drafts([make_draft(i) for i in range(PAPERS)])
    ids = library.view_ids(ViewQuery())
    model = PaperTableModel(library)
    model.set_ids(ids[:FIRST_PAGE], total=len(ids), rest=lambda: library.view_ids(ViewQuery()))
    assert (model.rowCount(), model.loaded_rows()) == (PAPERS, FIRST_PAGE)
    assert model.row_of(ids[-1]) == PAPERS - 1  # looking past the page lists the rest
    assert model.loaded_rows() == PAPERS
    qtmodeltester.check(model)


def test_papers_added_before_the_rest_is_listed_show_up(qtbot: QtBot, library: Library) -> None:
    library.import_drafts([make_draft(i) for i in range(PAPERS)])
    ids = library.view_ids(ViewQuery())
    model = PaperTableModel(library)
    model.set_ids(ids[:FIRST_PAGE], total=len(ids), rest=lambda: library.view_ids(ViewQuery()))
    library.import_drafts([make_draft(PAPERS + i) for i in range(3)])  # another process, say
    with qtbot.waitSignal(model.modelReset, timeout=1000):
        model.complete()
    assert model.rowCount() == PAPERS + 3
    assert model.ids() == library.view_ids(ViewQuery())
    assert model.index(PAPERS + 2, 0).data() == make_draft(0).title

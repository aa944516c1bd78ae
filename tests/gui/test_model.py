"""The paper table model: a correct Qt model that reads rows a batch at a time."""

from __future__ import annotations

from papershelf.core.models import PaperDraft
from papershelf.gui.models.paper_table import BATCH, COLUMNS, PaperTableModel, Roles
from papershelf.library import Library
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot


def test_model_is_valid_and_lazy(qtmodeltester: ModelTester, library: Library) -> None:
    drafts = [
        PaperDraft(title=f"Paper {i}", authors=["A Bc", "D Ef", "G Hi"], year=2020)
        for i in range(3 * BATCH)
    ]
    library.import_drafts(drafts)
    model = PaperTableModel(library)
    ids = library.list_ids()
    model.set_ids(ids)
    qtmodeltester.check(model)
    model = PaperTableModel(library)  # a fresh one: the tester reads rows on every reset
    model.set_ids(ids)
    assert model.batches_fetched == 0, "nothing is read before a row is shown"
    row = 2 * BATCH + 5
    assert model.index(row, 0).data() == library.get(ids[row]).title
    assert model.index(row, 1).data() == "Bc et al."
    assert model.batches_fetched == 1
    model.index(row + 1, 0).data()
    assert model.batches_fetched == 1, "neighbours come with the same batch"
    assert model.index(row, 0).data(Roles.PAPER_ID) == ids[row]
    assert model.columnCount() == len(COLUMNS)


def test_header_click_asks_for_a_database_sort(library: Library, qtbot: QtBot) -> None:
    model = PaperTableModel(library)
    with qtbot.waitSignal(model.sig_sort_requested) as blocker:
        model.sort(2)  # year
    assert blocker.args is not None
    assert blocker.args[0].value == "year"

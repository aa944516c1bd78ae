"""A paper that leaves the view (marked read in To Read) hands the selection to the next."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.gui.conftest import close_window
from tests.gui.keys_helpers import active_window, seed_many


def test_marking_papers_read_in_to_read_keeps_the_place(qtbot: QtBot, lib_path: Path) -> None:
    seed_many(lib_path, 8)
    window = active_window(qtbot, lib_path)
    try:
        table, model = window.table, window.model
        table.setFocus()
        qtbot.waitUntil(table.hasFocus, timeout=3000)
        qtbot.keyClicks(table, "gt")  # the To Read view
        qtbot.waitUntil(lambda: window.sidebar.current_view().key == "to-read", timeout=3000)
        qtbot.keyClick(table, Qt.Key.Key_Home)
        qtbot.keyClicks(table, "jj")
        assert table.currentIndex().row() == 2
        done, following = model.paper_id(2), model.paper_id(3)
        qtbot.keyClick(table, Qt.Key.Key_3)  # read: it leaves To Read
        qtbot.waitUntil(lambda: model.row_of(done) is None, timeout=3000)
        # Before: the first paper of To Read was selected, after every paper marked.
        assert window.lists.selected_ids() == [following]
        assert table.currentIndex().row() == 2
        assert window.details.paper_id() == following
        qtbot.keyClick(table, Qt.Key.Key_End)
        last = model.paper_id(model.rowCount() - 1)
        above = model.paper_id(model.rowCount() - 2)
        qtbot.keyClick(table, Qt.Key.Key_4)  # dropped: the last paper leaves
        qtbot.waitUntil(lambda: model.row_of(last) is None, timeout=3000)
        assert window.lists.selected_ids() == [above]
    finally:
        close_window(window)

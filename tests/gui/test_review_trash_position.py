"""Del keeps the user's place in the list, and undo selects the paper it brings back."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.gui.conftest import close_window
from tests.gui.keys_helpers import CTRL, active_window, seed_many


def test_del_selects_the_next_paper_and_undo_selects_the_paper_back(
    qtbot: QtBot, lib_path: Path
) -> None:
    seed_many(lib_path, 12)
    window = active_window(qtbot, lib_path)
    try:
        table, model = window.table, window.model
        table.setFocus()
        qtbot.waitUntil(table.hasFocus, timeout=3000)
        for _ in range(4):
            qtbot.keyClick(table, Qt.Key.Key_J)
        assert table.currentIndex().row() == 4
        gone, following = model.paper_id(4), model.paper_id(5)
        qtbot.keyClick(table, Qt.Key.Key_Delete)
        qtbot.waitUntil(lambda: model.row_of(gone) is None, timeout=3000)
        # Before: the list's first paper was selected (and shown) after each Del.
        assert window.lists.selected_ids() == [following]
        assert table.currentIndex().row() == 4
        assert window.details.paper_id() == following
        qtbot.keyClick(table, Qt.Key.Key_Z, CTRL)
        qtbot.waitUntil(lambda: model.row_of(gone) is not None, timeout=3000)
        # Before: the paper came back unselected; the selection stayed where it was.
        assert window.lists.selected_ids() == [gone]
        assert window.details.paper_id() == gone
    finally:
        close_window(window)


def test_del_on_the_last_paper_selects_the_one_above(qtbot: QtBot, lib_path: Path) -> None:
    seed_many(lib_path, 6)
    window = active_window(qtbot, lib_path)
    try:
        table, model = window.table, window.model
        table.setFocus()
        qtbot.waitUntil(table.hasFocus, timeout=3000)
        qtbot.keyClick(table, Qt.Key.Key_End)
        last = model.rowCount() - 1
        above = model.paper_id(last - 1)
        qtbot.keyClick(table, Qt.Key.Key_Delete)
        qtbot.waitUntil(lambda: model.rowCount() == last, timeout=3000)
        assert window.lists.selected_ids() == [above]
    finally:
        close_window(window)

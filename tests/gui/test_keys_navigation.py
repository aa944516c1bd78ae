"""Issue 19, items 2, 3 and 6: the selection follows every key, and lands where the eye is."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from papershelf.core.models import ReadingStatus
from papershelf.gui.mainwindow import MainWindow
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from tests.gui.conftest import close_window
from tests.gui.keys_helpers import CTRL, NO_MOD, active_window, seed_many
from tests.gui.test_keyboard import SMALL_LISTING


@pytest.fixture
def many(qtbot: QtBot, lib_path: Path) -> Iterator[MainWindow]:
    seed_many(lib_path)
    window = active_window(qtbot, lib_path)
    window.table.setFocus()
    qtbot.waitUntil(window.table.hasFocus, timeout=3000)
    yield window
    close_window(window)


def _row_visible(window: MainWindow, row: int) -> bool:
    table = window.table
    rect = table.visualRect(window.model.index(row, 0))
    return rect.isValid() and table.viewport().rect().contains(rect.center())


def _current_row(window: MainWindow) -> int:
    return window.table.currentIndex().row()


def _in_step(window: MainWindow) -> bool:
    """The cursor, the selection and the detail pane show one paper."""
    pid = window.model.paper_id(_current_row(window))
    return window.lists.selected_ids() == [pid] and window.details.paper_id() == pid


def test_esc_after_a_search_selects_and_shows_the_best_hit(many: MainWindow, qtbot: QtBot) -> None:
    window = many
    # Down the list to a paper that matches too, but is not the best match.
    row = next(
        r
        for r in range(20, window.model.rowCount())
        if "diffusion" in window.lib.get(window.model.paper_id(r)).title
    )
    for _ in range(row):
        qtbot.keyClick(window.table, "j")
    assert window.lists.selected_ids() == [window.model.paper_id(row)]
    qtbot.keyClick(window.table, "/")
    qtbot.keyClicks(window.search_bar.edit, "diffusion")
    qtbot.waitUntil(lambda: 1 < window.model.rowCount() < 61, timeout=5000)
    qtbot.keyClick(window.search_bar.edit, Qt.Key.Key_Escape)
    best = window.lib.search("diffusion").hits[0].paper_id
    qtbot.waitUntil(lambda: window.lists.selected_ids() == [best], timeout=5000)
    assert window.table.hasFocus()
    assert _row_visible(window, window.model.row_of(best) or 0)
    assert _in_step(window)
    qtbot.keyClick(window.table, "3")
    assert window.lib.get(best).status is ReadingStatus.READ


@pytest.mark.parametrize(
    ("key", "modifier", "where"),
    [
        (Qt.Key.Key_End, CTRL, "last"),
        (Qt.Key.Key_Home, CTRL, "first"),
        (Qt.Key.Key_End, NO_MOD, "last"),
        (Qt.Key.Key_Home, NO_MOD, "first"),
        (Qt.Key.Key_PageDown, NO_MOD, "down"),
        (Qt.Key.Key_PageUp, NO_MOD, "up"),
        (Qt.Key.Key_Down, NO_MOD, "down"),
        (Qt.Key.Key_Up, NO_MOD, "up"),
        (Qt.Key.Key_J, NO_MOD, "down"),
        (Qt.Key.Key_K, NO_MOD, "up"),
    ],
)
def test_every_navigation_key_moves_the_selection_with_the_cursor(
    many: MainWindow, qtbot: QtBot, key: Qt.Key, modifier: Qt.KeyboardModifier, where: str
) -> None:
    window = many
    last = window.model.rowCount() - 1
    window.lists.select([window.model.paper_id(30)])
    before = _current_row(window)
    qtbot.keyClick(window.table, key, modifier)
    row = _current_row(window)
    expected = {"first": row == 0, "last": row == last, "down": row > before, "up": row < before}
    assert expected[where], f"row {before} → {row}"
    assert _in_step(window)
    assert _row_visible(window, row)
    # An action acts on the paper the detail pane shows.
    shown = window.details.paper_id()
    assert shown is not None
    qtbot.keyClick(window.table, "3")
    assert window.lib.get(shown).status is ReadingStatus.READ


def test_switching_views_shows_the_top_of_the_list(many: MainWindow, qtbot: QtBot) -> None:
    window = many
    qtbot.keyClick(window.table, "g")
    qtbot.keyClick(window.table, "t")
    kept = window.model.ids()[-1:]  # the last paper of To read
    qtbot.keyClick(window.table, "g")
    qtbot.keyClick(window.table, "l")
    window.lists.select(kept)
    qtbot.keyClick(window.table, "g")
    qtbot.keyClick(window.table, "t")
    assert window.sidebar.current_view().key == "to-read"
    # The kept paper is in To read, but far down: the top of the list is shown instead.
    assert window.table.verticalScrollBar().value() == 0
    assert window.lists.selected_ids() == [window.model.paper_id(0)]
    assert _in_step(window)
    # A kept paper that is on the first screen stays selected.
    qtbot.keyClick(window.table, "j")
    second = window.lists.selected_ids()
    qtbot.keyClick(window.table, "g")
    qtbot.keyClick(window.table, "t")
    assert window.lists.selected_ids() == second
    assert window.table.verticalScrollBar().value() == 0


def test_after_an_import_the_first_new_paper_is_selected(many: MainWindow, qtbot: QtBot) -> None:
    window = many
    old = set(window.model.ids())
    QGuiApplication.clipboard().setText(SMALL_LISTING.read_text("utf-8"))
    qtbot.keyClick(window.table, Qt.Key.Key_V, CTRL)
    qtbot.waitUntil(lambda: window.model.rowCount() == 65, timeout=10_000)
    # The library lists the newest first: the first new paper is the top row.
    top = window.model.paper_id(0)
    assert top not in old
    qtbot.waitUntil(lambda: window.lists.selected_ids() == [top])
    assert window.table.verticalScrollBar().value() == 0


def test_a_key_right_after_esc_acts_on_the_best_hit(many: MainWindow, qtbot: QtBot) -> None:
    """`/ diffusion Esc 3` typed at speed: no waiting for the search thread in between."""
    window = many
    qtbot.keyClick(window.table, "/")
    qtbot.keyClicks(window.search_bar.edit, "diffusion")
    qtbot.keyClick(window.search_bar.edit, Qt.Key.Key_Escape)
    qtbot.keyClick(window.table, "3")
    best = window.lib.search("diffusion").hits[0].paper_id
    assert window.lib.get(best).status is ReadingStatus.READ
    read = [p for p in window.lib.get_many(window.lib.list_ids()) if p.status is ReadingStatus.READ]
    assert [p.id for p in read] == [best]

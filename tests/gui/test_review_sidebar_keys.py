"""The sidebar by keys: arrows choose a view or page and stay there; Esc and Enter leave it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from papershelf.gui.mainwindow import MainWindow
from papershelf.library import Library
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.gui.conftest import close_window
from tests.gui.keys_helpers import active_window
from tests.library.test_search import PAPERS


@pytest.fixture
def win(qtbot: QtBot, lib_path: Path) -> Iterator[MainWindow]:
    with Library.open(lib_path) as lib:
        lib.import_drafts(PAPERS)
    window = active_window(qtbot, lib_path)
    qtbot.waitUntil(lambda: window.rest_built, timeout=10_000)
    yield window
    close_window(window)


def _focus_sidebar(win: MainWindow, qtbot: QtBot) -> None:
    win.sidebar.setFocus()
    qtbot.waitUntil(win.sidebar.hasFocus, timeout=3000)


def test_arrows_over_the_pages_keep_the_focus_in_the_sidebar(win: MainWindow, qtbot: QtBot) -> None:
    _focus_sidebar(win, qtbot)
    win.sidebar.select_view("library")
    qtbot.keyClick(win.sidebar, Qt.Key.Key_Down)  # Library -> Duplicates
    qtbot.waitUntil(lambda: win.pages.currentWidget() is win.duplicates_view, timeout=3000)
    # Before: the Duplicates page took the focus, and the next arrow moved in its table.
    assert win.sidebar.hasFocus()
    qtbot.keyClick(win.sidebar, Qt.Key.Key_Down)  # -> Statistics
    qtbot.waitUntil(lambda: win.pages.currentWidget() is win.stats_view, timeout=3000)
    assert win.sidebar.hasFocus()
    qtbot.keyClick(win.sidebar, Qt.Key.Key_Escape)
    qtbot.waitUntil(win.stats_view.hasFocus, timeout=3000)


def test_esc_and_enter_in_the_sidebar_go_to_the_list(win: MainWindow, qtbot: QtBot) -> None:
    _focus_sidebar(win, qtbot)
    qtbot.keyClick(win.sidebar, Qt.Key.Key_Escape)
    # Before: Esc did nothing in the sidebar; the list was out of reach of Esc.
    qtbot.waitUntil(win.table.hasFocus, timeout=3000)
    _focus_sidebar(win, qtbot)
    win.sidebar.setCurrentItem(win.sidebar._view_items["to-read"])
    qtbot.waitUntil(lambda: win.sidebar.current_view().key == "to-read", timeout=3000)
    qtbot.keyClick(win.sidebar, Qt.Key.Key_Return)
    qtbot.waitUntil(win.table.hasFocus, timeout=3000)
    assert win.pages.currentWidget() is win.stack


def test_a_click_on_a_page_still_gives_it_the_keys(win: MainWindow, qtbot: QtBot) -> None:
    win.pages_ctl.show_page("inbox")  # as a click, the palette or g i does
    qtbot.waitUntil(win.inbox_view.table.hasFocus, timeout=3000)

"""The window opens where the user left it: the selected paper and the hidden panes."""

from __future__ import annotations

from pathlib import Path

from papershelf.gui.mainwindow import MainWindow
from papershelf.library import Library
from pytestqt.qtbot import QtBot

from tests.gui.conftest import close_window, open_window
from tests.library.test_search import PAPERS


def _reopen(qtbot: QtBot, window: MainWindow, path: Path) -> MainWindow:
    close_window(window)
    again = open_window(qtbot, path)
    qtbot.waitUntil(lambda: again.rest_built)
    return again


def _library(path: Path) -> None:
    with Library.open(path) as lib:
        lib.import_drafts(PAPERS)


def test_the_paper_selected_at_close_is_selected_again(qtbot: QtBot, lib_path: Path) -> None:
    _library(lib_path)
    window = open_window(qtbot, lib_path)
    qtbot.waitUntil(lambda: window.rest_built)
    chosen = window.model.paper_id(2)
    window.lists.select([chosen])
    assert window.details.paper_id() == chosen
    window = _reopen(qtbot, window, lib_path)
    assert window.lists.selected_ids() == [chosen]
    assert window.details.paper_id() == chosen
    close_window(window)


def test_another_librarys_paper_is_not_selected(
    qtbot: QtBot, lib_path: Path, tmp_path: Path
) -> None:
    _library(lib_path)
    other = tmp_path / "other-library"
    _library(other)
    window = open_window(qtbot, lib_path)
    qtbot.waitUntil(lambda: window.rest_built)
    window.lists.select([window.model.paper_id(2)])
    close_window(window)
    window = open_window(qtbot, other)
    # The same id in another library is another paper: the list's first is selected.
    assert window.lists.selected_ids() == [window.model.paper_id(0)]
    close_window(window)


def test_hidden_panes_stay_hidden_and_come_back_with_room(qtbot: QtBot, lib_path: Path) -> None:
    _library(lib_path)
    window = open_window(qtbot, lib_path)
    qtbot.waitUntil(lambda: window.rest_built)
    window.registry.trigger("view.sidebar")
    window.registry.trigger("view.details")
    assert window.sidebar.isHidden()
    assert window.details.isHidden()
    window = _reopen(qtbot, window, lib_path)
    assert window.sidebar.isHidden()
    assert window.details.isHidden()
    # Shown again, each pane gets room in the splitter, not a width of nothing.
    window.registry.trigger("view.sidebar")
    window.registry.trigger("view.details")
    qtbot.waitUntil(lambda: window.sidebar.isVisible() and window.details.isVisible())
    qtbot.waitUntil(lambda: min(window.sidebar.width(), window.details.width()) > 50)
    # And shown at close, they are shown at the next start.
    window = _reopen(qtbot, window, lib_path)
    assert window.sidebar.isVisible()
    assert window.details.isVisible()
    close_window(window)

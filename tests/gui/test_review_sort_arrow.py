"""The header's sort arrow and the list's order agree: after a restart, and on every click."""

from __future__ import annotations

from pathlib import Path

from papershelf.core.models import PaperDraft
from papershelf.gui.mainwindow import MainWindow
from papershelf.gui.models.paper_table import COLUMNS
from papershelf.library import Library
from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from tests.gui.conftest import close_window, open_window

YEARS = (2019, 2003, 2021, 1998, 2017, 2023)


def _column(key: str) -> int:
    return next(i for i, c in enumerate(COLUMNS) if c.key == key)


def _seed(path: Path) -> None:
    with Library.open(path) as lib:
        lib.import_drafts(
            [
                PaperDraft(title=f"Paper {i}", year=year, authors=[f"Author{5 - i} Z"])
                for i, year in enumerate(YEARS)
            ]
        )


def _years(window: MainWindow) -> list[int]:
    return [window.lib.get(pid).year or 0 for pid in window.model.ids()]


def _click_header(qtbot: QtBot, window: MainWindow, column: int) -> None:
    header = window.table.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))


def test_a_restart_keeps_the_order_its_header_arrow_shows(qtbot: QtBot, lib_path: Path) -> None:
    _seed(lib_path)
    window = open_window(qtbot, lib_path)
    year = _column("year")
    _click_header(qtbot, window, year)
    if window.table.horizontalHeader().sortIndicatorOrder() != Qt.SortOrder.DescendingOrder:
        _click_header(qtbot, window, year)
    assert _years(window) == sorted(YEARS, reverse=True)
    close_window(window)

    again = open_window(qtbot, lib_path)
    try:
        header = again.table.horizontalHeader()
        assert header.sortIndicatorSection() == year
        assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
        # Before: the arrow said "Year, descending" over the papers in the order added.
        assert _years(again) == sorted(YEARS, reverse=True)
    finally:
        close_window(again)


def test_a_click_on_a_column_that_does_not_sort_leaves_the_arrow_where_the_order_is(
    qtbot: QtBot, lib_path: Path
) -> None:
    _seed(lib_path)
    window = open_window(qtbot, lib_path)
    try:
        header = window.table.horizontalHeader()
        _click_header(qtbot, window, _column("year"))
        order = header.sortIndicatorOrder()
        listed = window.model.ids()
        _click_header(qtbot, window, _column("authors"))
        # Before: the arrow moved to Authors, as if the list were sorted by author.
        assert header.sortIndicatorSection() == _column("year")
        assert header.sortIndicatorOrder() == order
        assert window.model.ids() == listed
    finally:
        close_window(window)

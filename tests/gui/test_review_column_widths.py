"""The list's rows and its Year and Added columns fit their text at a larger text size."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from papershelf.gui.dialogs.preferences import PreferencesDialog
from papershelf.gui.mainwindow import MainWindow
from papershelf.gui.models.paper_table import COLUMNS
from papershelf.gui.theme import apply_font_size
from papershelf.library import Library
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.gui.conftest import close_window
from tests.gui.keys_helpers import active_window, in_dialog
from tests.library.test_search import PAPERS

LARGE = 14


HUGE = 22


@pytest.fixture
def app() -> Iterator[QApplication]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    yield app
    apply_font_size(app, 0)  # the next tests get the system's size back


def _column(key: str) -> int:
    return next(i for i, c in enumerate(COLUMNS) if c.key == key)


def _fits(window: MainWindow) -> bool:
    """The widest year and date added shown fit their columns, with the cell's margins."""
    table, model = window.table, window.model
    metrics = table.fontMetrics()
    for key in ("year", "added"):
        column = _column(key)
        texts = [str(model.index(r, column).data() or "") for r in range(model.rowCount())]
        widest = max(metrics.horizontalAdvance(t) for t in texts)
        if table.columnWidth(column) < widest + 8:
            return False
    return True


def _rows_fit(window: MainWindow) -> bool:
    """A row is taller than a line of its text, with room above and below."""
    line = window.table.fontMetrics().height()
    return window.table.verticalHeader().defaultSectionSize() >= line + 8


def _open(qtbot: QtBot, lib_path: Path) -> MainWindow:
    with Library.open(lib_path) as lib:
        lib.import_drafts(PAPERS)
    return active_window(qtbot, lib_path)


def test_a_window_opened_at_a_larger_text_size_fits_year_and_date(
    qtbot: QtBot, lib_path: Path, app: QApplication
) -> None:
    apply_font_size(app, LARGE)
    window = _open(qtbot, lib_path)
    try:
        # Before: 46 and 84 px whatever the size; at 14 pt "1…" and "2026…".
        assert _fits(window)
    finally:
        close_window(window)


def test_a_larger_text_size_from_preferences_widens_year_and_date(
    qtbot: QtBot, lib_path: Path, app: QApplication
) -> None:
    window = _open(qtbot, lib_path)
    try:
        assert _fits(window)
        widths = [window.table.columnWidth(i) for i in range(len(COLUMNS))]
        in_dialog(
            PreferencesDialog,
            [lambda d: d.font_size.setValue(LARGE), lambda d: d.accept()],
        )
        window.registry.trigger("file.preferences")
        assert app.font().pointSize() == LARGE
        qtbot.waitUntil(lambda: window.table.font().pointSize() == LARGE, timeout=5000)
        # Before: the columns kept their widths and the new size cut the year and the date.
        assert _fits(window)
        # Only widened, never narrowed.
        assert all(window.table.columnWidth(i) >= w for i, w in enumerate(widths) if i)
    finally:
        close_window(window)


def test_rows_are_as_tall_as_a_large_text_size_needs(
    qtbot: QtBot, lib_path: Path, app: QApplication
) -> None:
    apply_font_size(app, HUGE)
    window = _open(qtbot, lib_path)
    try:
        qtbot.waitUntil(lambda: window.table.font().pointSize() == HUGE, timeout=5000)
        # Before: 30 px rows whatever the size; at 22 pt a line of text is taller than that.
        assert _rows_fit(window)
        window.search_bar.set_text("diffusion")  # rows of a title and a snippet
        qtbot.waitUntil(lambda: window.lists._shown_full == "diffusion", timeout=10_000)
        line = window.table.fontMetrics().height()
        assert window.table.verticalHeader().defaultSectionSize() >= 2 * line + 8
    finally:
        close_window(window)

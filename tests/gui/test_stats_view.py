"""The statistics page shows the numbers the status history gives, drawn in the palette."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from papershelf.core.models import ReadingStatus
from papershelf.gui.theme import dark_palette
from papershelf.gui.views.charts import BarChart, Series
from papershelf.library import Library
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from pytestqt.qtbot import QtBot

from tests.conftest import make_draft
from tests.gui.conftest import close_window, open_window


def _seed(path: Path) -> None:
    """Five papers this week; two read (added 10 and 20 days earlier), one being read."""
    with Library.open(path) as lib:
        report = lib.import_drafts([make_draft(n) for n in range(1, 6)])
        a, b, c, _d, _e = report.added_ids
        lib.change_tags([a, b], add=["diffusion"])
        lib.change_tags([b], add=["vision"])
        lib.change_tags([c], add=["unread-tag"])
        lib.set_status(a, ReadingStatus.READ)
        lib.set_status(b, ReadingStatus.READ)
        lib.set_status(c, ReadingStatus.READING)
        now = datetime.now(UTC)
        for pid, days in ((a, 10), (b, 20)):
            when = (now - timedelta(days=days)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
            lib._db.execute("UPDATE papers SET added_at = ? WHERE id = ?", [when, pid])


def test_statistics_page_shows_the_reading_numbers(qtbot: QtBot, lib_path: Path) -> None:
    _seed(lib_path)
    window = open_window(qtbot, lib_path)
    try:
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow, timeout=3000)
        window.table.setFocus()
        qtbot.keyClick(window.table, "g")
        qtbot.keyClick(window.table, "s")
        view = window.stats_view
        assert window.pages.currentWidget() is view
        qtbot.waitUntil(lambda: view.stats is not None, timeout=5000)
        assert view.backlog.text() == "Backlog now: <b>2</b>"
        assert view.median.text() == "Median days from added to read: <b>15</b>"
        assert view.finished.text() == "Papers read: <b>2</b>"
        # The two read papers were added 10 and 20 days ago: both within the 12 weeks.
        assert view.totals.text() == (
            "Last 12 weeks: added <b>5</b>, started <b>1</b>, finished <b>2</b>"
        )
        weekly = {s.name: s.values for s in view.weekly.series}
        assert len(view.weekly.labels) == 12
        assert weekly["finished"][-1] == 2
        assert weekly["started"][-1] == 1
        assert sum(weekly["added"]) == 5
        assert view.backlog_chart.series[0].values[-1] == 2
        assert view.tags.rows == [("diffusion", 2), ("vision", 1)]
        # The list's go-to keys work here too: g i to the Inbox, then back with g s.
        assert view.hasFocus()
        qtbot.keyClick(view, "g")
        qtbot.keyClick(view, "i")
        assert window.pages.currentWidget() is window.inbox_view
        window.pages_ctl.show_page("stats")
        qtbot.keyClick(view, "g")
        qtbot.keyClick(view, "t")
        assert window.pages.currentWidget() is window.stack
        assert window.sidebar.current_view().key == "to-read"
        # Esc goes back to the paper list.
        window.pages_ctl.show_page("stats")
        qtbot.keyClick(view, Qt.Key.Key_Escape)
        assert window.pages.currentWidget() is window.stack
    finally:
        close_window(window)


def _title_pixels(qtbot: QtBot, palette: QPalette) -> set[tuple[int, int, int]]:
    chart = BarChart("Added per week")
    qtbot.addWidget(chart)
    chart.setPalette(palette)
    chart.resize(400, 200)
    chart.set_data(["W01", "W02"], [Series("added", (1, 2))])
    image = chart.grab().toImage()
    return {
        (c.red(), c.green(), c.blue())
        for c in (image.pixelColor(x, y) for x in range(150) for y in range(0, 24))
    }


def test_charts_draw_their_text_in_the_palette_colour(qtbot: QtBot) -> None:
    def near(rgb: tuple[int, int, int], pixels: set[tuple[int, int, int]]) -> bool:
        return any(all(abs(a - b) <= 12 for a, b in zip(rgb, p, strict=True)) for p in pixels)

    dark = dark_palette()
    text = dark.color(QPalette.ColorRole.WindowText)
    assert near((text.red(), text.green(), text.blue()), _title_pixels(qtbot, dark))
    light = QPalette(dark)
    light.setColor(QPalette.ColorRole.Window, QColor(250, 250, 250))
    light.setColor(QPalette.ColorRole.WindowText, QColor(0, 0, 0))
    assert near((0, 0, 0), _title_pixels(qtbot, light))

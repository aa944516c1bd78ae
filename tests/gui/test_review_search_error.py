"""A malformed query's message sits beside the search field without squeezing it."""

from __future__ import annotations

from papershelf.gui.mainwindow import MainWindow
from pytestqt.qtbot import QtBot


def test_a_long_query_error_leaves_the_search_field_its_width(
    window: MainWindow, qtbot: QtBot
) -> None:
    bar = window.search_bar
    qtbot.waitUntil(lambda: bar.edit.width() > 0 and bar.isVisible(), timeout=5000)
    before = bar.edit.width()
    bar.set_text("colour:red")  # an unknown field: the message lists every known field
    qtbot.waitUntil(lambda: bool(bar.edit.property("invalid")), timeout=10_000)
    qtbot.waitUntil(lambda: bar.status.width() >= bar.status.sizeHint().width(), timeout=5000)
    # Before: the message took 1121 of the bar's 1440 pixels, the field kept 301.
    assert bar.edit.width() >= before // 2
    assert "unknown field" in bar.status.text()
    tip = bar.status.toolTip()
    assert "colour" in tip
    assert tip.rstrip(")").endswith("year")  # all of it, on hover
    bar.set_text("diffusion")
    qtbot.waitUntil(lambda: not bar.edit.property("invalid"), timeout=10_000)
    assert bar.status.toolTip() == ""

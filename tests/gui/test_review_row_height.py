"""Rows keep one height while a search is typed: no jumping between the two search passes."""

from __future__ import annotations

from pathlib import Path

from papershelf.gui.models.paper_table import ROW_HEIGHT, SNIPPET_ROW_HEIGHT
from pytestqt.qtbot import QtBot

from tests.gui.conftest import close_window
from tests.gui.keys_helpers import active_window, seed_many


def test_rows_keep_their_height_between_the_typing_and_the_full_search(
    qtbot: QtBot, lib_path: Path
) -> None:
    seed_many(lib_path, 30)
    window = active_window(qtbot, lib_path)
    try:
        bar, lists = window.search_bar, window.lists
        rows = window.table.verticalHeader()
        assert rows.defaultSectionSize() == ROW_HEIGHT
        bar.set_text("diffusion")  # the full search, with snippets
        qtbot.waitUntil(lambda: lists._shown_full == "diffusion", timeout=10_000)
        assert rows.defaultSectionSize() == SNIPPET_ROW_HEIGHT
        bar.edit.setText("diffusion note")  # the next keystrokes: the fast pass first
        bar._full_timer.stop()  # (its full search would follow when typing pauses)
        qtbot.waitUntil(lambda: lists._shown_text == "diffusion note", timeout=10_000)
        assert lists._shown_full == ""  # the typing pass's hits are shown
        # Before: 30 px for the typing pass, 46 for the full one, at every pause in typing.
        assert rows.defaultSectionSize() == SNIPPET_ROW_HEIGHT
        bar.edit.clear()
        qtbot.waitUntil(lambda: rows.defaultSectionSize() == ROW_HEIGHT, timeout=10_000)
    finally:
        close_window(window)

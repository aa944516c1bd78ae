"""Esc in the Tags field cancels the edit; a half-typed quote stays with its own paper."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from papershelf.gui.mainwindow import MainWindow
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.gui.conftest import close_window
from tests.gui.keys_helpers import active_window, seed_many


@pytest.fixture
def win(qtbot: QtBot, lib_path: Path) -> Iterator[MainWindow]:
    seed_many(lib_path, 5)
    window = active_window(qtbot, lib_path)
    window.table.setFocus()
    qtbot.waitUntil(window.table.hasFocus, timeout=3000)
    yield window
    close_window(window)


def test_esc_in_the_tags_field_leaves_the_tags_as_they_were(win: MainWindow, qtbot: QtBot) -> None:
    pid = win.lists.selected_ids()[0]
    tags = win.details.tags
    qtbot.keyClick(win.table, Qt.Key.Key_T)
    qtbot.waitUntil(tags.hasFocus, timeout=3000)
    qtbot.keyClicks(tags, "oops")
    qtbot.keyClick(tags, Qt.Key.Key_Escape)
    qtbot.waitUntil(win.table.hasFocus, timeout=3000)
    # Before: leaving the field saved what was typed, so Esc added the tag "oops".
    assert win.lib.get(pid).tags == []
    assert tags.text() == ""
    assert not win.session.history.can_undo()
    # Enter still saves.
    qtbot.keyClick(win.table, Qt.Key.Key_T)
    qtbot.waitUntil(tags.hasFocus, timeout=3000)
    qtbot.keyClicks(tags, "kept")
    qtbot.keyClick(tags, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: win.lib.get(pid).tags == ["kept"], timeout=3000)


def test_a_half_typed_quote_is_not_carried_to_the_next_paper(win: MainWindow, qtbot: QtBot) -> None:
    first = win.lists.selected_ids()[0]
    quote = win.details.quote
    qtbot.keyClick(win.table, Qt.Key.Key_A)
    qtbot.waitUntil(quote.hasFocus, timeout=3000)
    qtbot.keyClicks(quote, "half typed")
    qtbot.keyClick(quote, Qt.Key.Key_Escape)
    qtbot.waitUntil(win.table.hasFocus, timeout=3000)
    assert quote.text() == "half typed"  # the same paper: kept while the user looks away
    qtbot.keyClick(win.table, Qt.Key.Key_J)
    qtbot.waitUntil(lambda: win.details.paper_id() not in (None, first), timeout=3000)
    # Before: the next paper's form still held it, and Return there added it to that paper.
    assert quote.text() == ""
    qtbot.keyClick(win.table, Qt.Key.Key_A)
    qtbot.waitUntil(quote.hasFocus, timeout=3000)
    qtbot.keyClick(quote, Qt.Key.Key_Return)
    second = win.details.paper_id()
    assert second is not None
    assert win.lib.get(second).annotations == []

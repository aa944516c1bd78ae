"""An annotation is added and deleted with keys only, and each is one undo step."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from papershelf.gui.mainwindow import MainWindow
from papershelf.library import Library
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.gui.conftest import close_window
from tests.gui.keys_helpers import CTRL, active_window
from tests.library.test_search import PAPERS


def _quotes(window: MainWindow) -> list[str]:
    pid = window.details.paper_id()
    assert pid is not None
    return [a.quote for a in window.lib.get(pid).annotations]


def _has_quote(window: MainWindow, quote: str) -> bool:
    return quote in _quotes(window)


def test_del_in_the_annotations_list_deletes_the_annotation(qtbot: QtBot, lib_path: Path) -> None:
    with Library.open(lib_path) as lib:
        lib.import_drafts(PAPERS)
    window = active_window(qtbot, lib_path)
    try:
        table = window.table
        table.setFocus()
        qtbot.waitUntil(table.hasFocus, timeout=3000)
        for quote, page in (("first words", "3"), ("second words", "12")):
            qtbot.keyClick(table, Qt.Key.Key_A)
            qtbot.waitUntil(window.details.quote.hasFocus, timeout=3000)
            qtbot.keyClicks(window.details.quote, quote)
            qtbot.keyClick(window.details.quote, Qt.Key.Key_Tab)
            qtbot.waitUntil(window.details.page.hasFocus, timeout=3000)
            qtbot.keyClicks(window.details.page, page)
            qtbot.keyClick(window.details.page, Qt.Key.Key_Return)
            qtbot.waitUntil(partial(_has_quote, window, quote), timeout=3000)
            qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
            qtbot.waitUntil(table.hasFocus, timeout=3000)
        listed = window.details.annotations
        assert [listed.item(i).text() for i in range(listed.count())] == [
            "p. 3 — “first words”",
            "p. 12 — “second words”",
        ]
        listed.setFocus()
        qtbot.waitUntil(listed.hasFocus, timeout=3000)
        listed.setCurrentRow(1)
        # Before: Del did nothing here; only a click on the Delete button deleted.
        qtbot.keyClick(listed, Qt.Key.Key_Delete)
        qtbot.waitUntil(lambda: _quotes(window) == ["first words"], timeout=3000)
        assert window.registry.qaction("edit.undo").text() == "&Undo Delete annotation"
        qtbot.keyClick(listed, Qt.Key.Key_Z, CTRL)
        qtbot.waitUntil(lambda: len(_quotes(window)) == 2, timeout=3000)
    finally:
        close_window(window)

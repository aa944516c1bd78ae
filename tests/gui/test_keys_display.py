"""Issue 19, item 7: the sidebar keeps its view, keys read as typed, messages come and go."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from papershelf.gui.dialogs.cheatsheet import cheatsheet_html
from papershelf.gui.keyboard_doc import keyboard_markdown
from papershelf.gui.keymap import DEFAULT_KEYS
from papershelf.gui.mainwindow import MainWindow
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from tests.gui.conftest import close_window
from tests.gui.keys_helpers import CTRL, active_window, seed_many
from tests.gui.test_keyboard import SMALL_LISTING


@pytest.fixture
def win(qtbot: QtBot, lib_path: Path) -> Iterator[MainWindow]:
    seed_many(lib_path, 3)
    window = active_window(qtbot, lib_path)
    window.table.setFocus()
    qtbot.waitUntil(window.table.hasFocus, timeout=3000)
    yield window
    close_window(window)


def _highlighted(window: MainWindow) -> list[str]:
    return [item.text(0) for item in window.sidebar.selectedItems()]


@pytest.mark.parametrize("start", ["table", "search"])
def test_ctrl_l_keeps_a_sidebar_view_highlighted(win: MainWindow, qtbot: QtBot, start: str) -> None:
    widget = win.table if start == "table" else win.search_bar.edit
    widget.setFocus()
    qtbot.waitUntil(widget.hasFocus, timeout=3000)
    qtbot.keyClick(widget, Qt.Key.Key_L, CTRL)
    assert win.sidebar.current_view().key == "library"
    assert [t.split()[0] for t in _highlighted(win)] == ["Library"]


def test_single_letter_keys_read_in_lower_case() -> None:
    from papershelf.gui.keymap import display

    assert display(("T",)) == "t"
    assert display(("Shift+Y",)) == "Shift+Y"
    assert display(("G, T",)) == "g t"
    assert display(("G, Shift+D",)) == "g Shift+D"
    assert display(("Ctrl+Shift+Z", "Ctrl+Y")) == "Ctrl+Shift+Z, Ctrl+Y"
    assert display(("N", "Return")) == "n, Return"
    sheet = cheatsheet_html(DEFAULT_KEYS)
    for key in ("u", "t", "n", "g t", "Shift+Y"):
        assert f"<b>{key}" in sheet or f", {key}<" in sheet or f"{key}, " in sheet, key
    assert "<b>T</b>" not in sheet
    doc = keyboard_markdown()
    assert "| Edit Tags |  | t |" in doc
    assert "| u |" in doc
    assert "| U |" not in doc


def test_menus_show_list_keys_in_lower_case(win: MainWindow) -> None:
    text = win.registry.qaction("paper.tags").text()
    assert text.endswith("\tt"), text
    assert win.registry.qaction("paper.copy_bibtex").text().endswith("\tShift+Y")


def test_priority_changes_say_so_and_messages_clear(win: MainWindow, qtbot: QtBot) -> None:
    bar = win.statusBar()
    qtbot.keyClick(win.table, "+")
    assert "riority" in bar.currentMessage()
    qtbot.waitUntil(lambda: bar.currentMessage() == "", timeout=10_000)


def test_the_status_area_clears_after_a_few_seconds(
    win: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    from papershelf.gui.controllers import status as status_controller

    monkeypatch.setattr(status_controller, "CLEAR_AFTER_MS", 300)
    QGuiApplication.clipboard().setText(SMALL_LISTING.read_text("utf-8"))
    qtbot.keyClick(win.table, Qt.Key.Key_V, CTRL)
    qtbot.waitUntil(lambda: "Added" in win.status_label.text(), timeout=10_000)
    qtbot.waitUntil(lambda: win.status_label.text() == "", timeout=5000)

"""Issue 19, item 1: the first run starts on the welcome view, and Ctrl+V there imports."""

from __future__ import annotations

from pathlib import Path

from papershelf.gui.mainwindow import MainWindow
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from tests.gui.conftest import close_window
from tests.gui.keys_helpers import CTRL, active_window, focused, in_dialog
from tests.gui.test_keyboard import SMALL_LISTING


def _in_welcome(window: MainWindow) -> bool:
    widget = focused()
    return widget is not None and (widget is window.welcome or window.welcome.isAncestorOf(widget))


def test_first_run_focus_is_on_the_welcome_view_and_ctrl_v_imports(
    qtbot: QtBot, lib_path: Path
) -> None:
    window = active_window(qtbot, lib_path)
    try:
        assert window.stack.currentWidget() is window.welcome
        qtbot.waitUntil(lambda: _in_welcome(window), timeout=3000)
        QGuiApplication.clipboard().setText(SMALL_LISTING.read_text("utf-8"))
        widget = focused()
        assert widget is not None
        qtbot.keyClick(widget, Qt.Key.Key_V, CTRL)
        qtbot.waitUntil(lambda: window.lib.count() == 4, timeout=10_000)
        qtbot.waitUntil(lambda: window.model.rowCount() == 4, timeout=5000)
        assert window.search_bar.text() == ""
        # The list replaces the welcome view and takes the focus, its first row selected.
        qtbot.waitUntil(window.table.hasFocus, timeout=3000)
        assert window.lists.selected_ids() == [window.model.paper_id(0)]
    finally:
        close_window(window)


def test_ctrl_v_in_the_sidebar_imports(qtbot: QtBot, lib_path: Path) -> None:
    window = active_window(qtbot, lib_path)
    try:
        window.sidebar.setFocus()
        qtbot.waitUntil(window.sidebar.hasFocus, timeout=3000)
        QGuiApplication.clipboard().setText(SMALL_LISTING.read_text("utf-8"))
        qtbot.keyClick(window.sidebar, Qt.Key.Key_V, CTRL)
        qtbot.waitUntil(lambda: window.lib.count() == 4, timeout=10_000)
    finally:
        close_window(window)


def _press(text: str) -> object:
    def act(box: QMessageBox) -> None:
        button = next(b for b in box.findChildren(QPushButton) if text in b.text())
        button.click()

    return act


def test_a_multi_line_paste_into_the_search_bar_offers_to_import(
    qtbot: QtBot, lib_path: Path
) -> None:
    window = active_window(qtbot, lib_path)
    edit = window.search_bar.edit
    try:
        QGuiApplication.clipboard().setText(SMALL_LISTING.read_text("utf-8"))
        edit.setFocus()
        qtbot.waitUntil(edit.hasFocus, timeout=3000)
        # "Search for it" keeps it a search (one line) and imports nothing.
        in_dialog(QMessageBox, [_press("Search")])  # type: ignore[list-item]
        qtbot.keyClick(edit, Qt.Key.Key_V, CTRL)
        assert edit.text()
        assert "\n" not in edit.text()
        assert window.lib.count() == 0
        edit.clear()
        # "Import" imports the papers; the search bar stays empty.
        in_dialog(QMessageBox, [_press("Import")])  # type: ignore[list-item]
        qtbot.keyClick(edit, Qt.Key.Key_V, CTRL)
        qtbot.waitUntil(lambda: window.lib.count() == 4, timeout=10_000)
        assert edit.text() == ""
        # One line is an ordinary paste, no question asked.
        QGuiApplication.clipboard().setText("gpipe")
        edit.setFocus()
        qtbot.keyClick(edit, Qt.Key.Key_V, CTRL)
        assert edit.text() == "gpipe"
        qtbot.waitUntil(lambda: window.model.rowCount() == 1, timeout=5000)
    finally:
        close_window(window)


def test_the_window_opens_with_the_focus_on_the_list(qtbot: QtBot, lib_path: Path) -> None:
    """Single keys work at once: the list has the focus, not the search bar."""
    from tests.gui.keys_helpers import seed_many

    seed_many(lib_path, 3)
    window = active_window(qtbot, lib_path)
    try:
        qtbot.waitUntil(window.table.hasFocus, timeout=3000)
    finally:
        close_window(window)


def test_ctrl_v_in_a_text_field_pastes_there_and_imports_nothing(
    qtbot: QtBot, lib_path: Path
) -> None:
    from tests.gui.keys_helpers import seed_many

    seed_many(lib_path, 3)
    window = active_window(qtbot, lib_path)
    try:
        QGuiApplication.clipboard().setText("pasted words")
        for field in (window.details.note.edit, window.details.tags, window.details.comment):
            field.setFocus()
            qtbot.waitUntil(field.hasFocus, timeout=3000)
            qtbot.keyClick(field, Qt.Key.Key_V, CTRL)
            text = field.toPlainText() if hasattr(field, "toPlainText") else field.text()
            assert "pasted words" in text
        assert window.lib.count() == 4
        assert not window.session.busy()
    finally:
        close_window(window)

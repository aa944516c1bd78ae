"""The search bar's "did you mean" is reachable by keys: Tab to it, Enter takes it."""

from __future__ import annotations

from pathlib import Path

from papershelf.core.models import PaperDraft
from papershelf.library import Library
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.gui.conftest import close_window
from tests.gui.keys_helpers import active_window


def test_tab_then_enter_takes_the_suggested_spelling(qtbot: QtBot, lib_path: Path) -> None:
    with Library.open(lib_path) as lib:
        lib.import_drafts(
            [
                PaperDraft(title="A Stochastic Model of TCP Congestion Avoidance", year=1999),
                PaperDraft(title="Congestion Control for High Bandwidth Networks", year=2002),
                PaperDraft(title="Graph Neural Networks", year=2019),
            ]
        )
        assert lib.wait_for_index(30)
    window = active_window(qtbot, lib_path)
    try:
        bar = window.search_bar
        bar.edit.setFocus()
        qtbot.waitUntil(bar.edit.hasFocus, timeout=3000)
        qtbot.keyClicks(bar.edit, "congstion")
        qtbot.keyClick(bar.edit, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: "did you mean" in bar.status.text(), timeout=10_000)
        qtbot.keyClick(bar.edit, Qt.Key.Key_Tab)
        # Before: Tab went on to the sidebar; the suggestion took a mouse click.
        qtbot.waitUntil(bar.status.hasFocus, timeout=3000)
        qtbot.keyClick(bar.status, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: bar.edit.text() == "congestion", timeout=3000)
        assert bar.edit.hasFocus()
        qtbot.waitUntil(lambda: window.model.rowCount() == 2, timeout=10_000)
        assert bar.status.focusPolicy() == Qt.FocusPolicy.NoFocus  # no link, no Tab stop
        bar.set_text("congstion")
        qtbot.waitUntil(lambda: "did you mean" in bar.status.text(), timeout=10_000)
        assert bar.status.focusPolicy() != Qt.FocusPolicy.NoFocus
        bar.edit.setText("year:recent")  # a malformed query: an error, no link
        qtbot.waitUntil(lambda: bool(bar.edit.property("invalid")), timeout=10_000)
        assert bar.status.focusPolicy() == Qt.FocusPolicy.NoFocus
    finally:
        close_window(window)

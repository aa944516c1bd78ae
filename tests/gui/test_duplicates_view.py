"""The Duplicates page: a group merged with keys only, taken back with undo, or kept apart."""

from __future__ import annotations

from pathlib import Path

import pytest
from papershelf.core.errors import NotFoundError
from papershelf.core.models import PaperDraft
from papershelf.gui.mainwindow import MainWindow
from papershelf.library import Library
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.gui.conftest import close_window, open_window

TITLE = "Attention Is All You Need"
FIRST = PaperDraft(
    title=TITLE,
    authors=["Ashish Vaswani", "Noam Shazeer"],
    year=2017,
    venue="Advances in Neural Information Processing Systems",
    entry_type="inproceedings",
    pages="5998-6008",
)
SECOND = PaperDraft(
    title="Attention is all you need",
    authors=["A. Vaswani"],
    year=2017,
    venue="NeurIPS",
    entry_type="inproceedings",
    doi="10.5555/3295222.3295349",
)


def _seed(path: Path) -> tuple[int, int]:
    """One import with two records of one work that differ in venue: a possible duplicate."""
    with Library.open(path) as lib:
        first, second = lib.import_drafts([FIRST, SECOND]).added_ids
        lib.change_tags([first], add=["transformers"])
        assert [g.paper_ids for g in lib.duplicate_groups()] == [(first, second)]
    return first, second


def _open_duplicates(qtbot: QtBot, path: Path) -> MainWindow:
    """Open the window and go to the Duplicates page with its chord (g, Shift+D)."""
    window = open_window(qtbot, path)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    window.table.setFocus()
    qtbot.keyClick(window.table, "g")
    qtbot.keyClick(window.table, Qt.Key.Key_D, Qt.KeyboardModifier.ShiftModifier)
    assert window.pages.currentWidget() is window.duplicates_view
    assert window.duplicates_view.table.hasFocus()
    return window


def test_merge_keeps_the_chosen_master_and_field_and_undo_brings_both_back(
    qtbot: QtBot, lib_path: Path
) -> None:
    first, second = _seed(lib_path)
    window = _open_duplicates(qtbot, lib_path)
    view = window.duplicates_view
    table = view.table
    try:
        assert view.group_count() == 1
        assert "venue" in view.reason.text()
        # "2" keeps the second paper; its empty pages are filled from the first by default.
        qtbot.keyClick(table, "2")
        assert view.master_id() == second
        header = table.horizontalHeaderItem(1)
        assert header is not None
        assert header.text().endswith("kept")
        assert view.chosen("pages") == 0
        # Down to the venue row, Left to the first paper, Space: keep the full venue name.
        table.setCurrentCell(0, 1)
        for _ in range(view._fields.index("venue")):
            qtbot.keyClick(table, Qt.Key.Key_Down)
        qtbot.keyClick(table, Qt.Key.Key_Left)
        qtbot.keyClick(table, Qt.Key.Key_Space)
        assert view.chosen("venue") == 0
        venue = table.item(view._fields.index("venue"), 0)
        assert venue is not None
        assert venue.text().startswith("✓ ")
        qtbot.keyClick(table, "m")
        assert view.group_count() == 0
        kept = window.lib.get(second)
        assert kept.venue == FIRST.venue
        assert kept.pages == "5998-6008"
        assert kept.doi == SECOND.doi
        assert kept.title == SECOND.title  # the master's own title stays
        assert kept.tags == ["transformers"]  # the merged paper's tag came along
        with pytest.raises(NotFoundError):
            window.lib.get(first)
        # "u" undoes the merge: both papers are back as they were, and so is the group.
        qtbot.keyClick(table, "u")
        assert window.lib.get(first).tags == ["transformers"]
        assert window.lib.get(second).venue == "NeurIPS"
        assert view.group_count() == 1
        assert view.current_group() is not None
    finally:
        close_window(window)


def test_not_a_duplicate_is_remembered_after_a_restart(qtbot: QtBot, lib_path: Path) -> None:
    first, second = _seed(lib_path)
    window = _open_duplicates(qtbot, lib_path)
    try:
        qtbot.keyClick(window.duplicates_view.table, "n")
        assert window.duplicates_view.group_count() == 0
        assert "No possible duplicates" in window.duplicates_view.summary.text()
    finally:
        close_window(window)
    window = _open_duplicates(qtbot, lib_path)
    try:
        assert window.duplicates_view.group_count() == 0
        assert window.lib.get(first).title == TITLE
        assert window.lib.get(second).doi == SECOND.doi
    finally:
        close_window(window)

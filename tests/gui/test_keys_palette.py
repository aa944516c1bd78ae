"""Issue 19, item 4: the palette runs the command whose name was typed."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from papershelf.core.models import ReadingStatus
from papershelf.gui.dialogs.palette import CommandPalette
from PySide6.QtCore import Qt, QTimer
from pytestqt.qtbot import QtBot

from tests.gui.conftest import close_window
from tests.gui.keys_helpers import CTRL, active_window, in_dialog, seed_many


@pytest.mark.parametrize("recent", [[], ["paper.reading"], ["paper.reading", "paper.to_read"]])
@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("mark as read", "paper.read"),
        ("Mark as Read", "paper.read"),
        ("mark as reading", "paper.reading"),
        ("undo", "edit.undo"),
    ],
)
def test_an_exact_or_whole_word_match_comes_first(
    qtbot: QtBot, typed: str, expected: str, recent: list[str]
) -> None:
    palette = CommandPalette(recent, lambda _text: [], lambda _spec: True)
    qtbot.addWidget(palette)
    qtbot.keyClicks(palette.edit, typed)
    assert palette.choices()[0].key == expected


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("mark read", "paper.read"), ("read in", "reader.open")],
)
def test_whole_words_beat_prefixes_and_fewer_other_words_win(
    qtbot: QtBot, typed: str, expected: str
) -> None:
    palette = CommandPalette([], lambda _text: [], lambda _spec: True)
    qtbot.addWidget(palette)
    qtbot.keyClicks(palette.edit, typed)
    assert palette.choices()[0].key == expected


def test_a_recent_command_still_comes_first_for_a_loose_match(qtbot: QtBot) -> None:
    palette = CommandPalette(["paper.reading"], lambda _text: [], lambda _spec: True)
    qtbot.addWidget(palette)
    qtbot.keyClicks(palette.edit, "mark")
    assert palette.choices()[0].key == "paper.reading"


def test_ctrl_k_mark_as_read_return_marks_as_read(qtbot: QtBot, lib_path: Path) -> None:
    seed_many(lib_path, 3)
    window = active_window(qtbot, lib_path)
    try:
        window.table.setFocus()
        pid = window.lists.selected_ids()[0]
        window.app_commands.recent[:] = ["paper.reading"]  # used a moment ago
        in_dialog(
            CommandPalette,
            [
                lambda d: qtbot.keyClicks(d.edit, "mark as read"),
                lambda d: qtbot.keyClick(d.edit, Qt.Key.Key_Return),
            ],
        )
        qtbot.keyClick(window.table, Qt.Key.Key_K, CTRL)
        assert window.lib.get(pid).status is ReadingStatus.READ
    finally:
        close_window(window)


def test_keys_typed_into_a_palette_slow_to_become_active_reach_it(
    qtbot: QtBot, lib_path: Path
) -> None:
    """A busy first turn (a loaded machine) delays the palette's activation past the first
    poll: its Return then went to the list's Return (open in the reader), the palette stayed
    open and the whole keyboard test hung. The keys wait for the palette to be active."""
    seed_many(lib_path, 3)
    window = active_window(qtbot, lib_path)
    try:
        qtbot.waitUntil(lambda: window.rest_built, timeout=5000)
        window.table.setFocus()
        pid = window.lists.selected_ids()[0]
        in_dialog(
            CommandPalette,
            [
                lambda d: qtbot.keyClicks(d.edit, "mark as read"),
                lambda d: qtbot.keyClick(d.edit, Qt.Key.Key_Return),
            ],
        )
        # Holds the palette's first turn as long as a loaded machine did (longer than a poll).
        QTimer.singleShot(0, lambda: time.sleep(0.2))
        qtbot.keyClick(window.table, Qt.Key.Key_K, CTRL)
        assert window.lib.get(pid).status is ReadingStatus.READ
        assert window.pages.currentWidget() is window.stack  # not opened in the reader
    finally:
        close_window(window)

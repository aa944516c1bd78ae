"""The Tags field shows a paper's tags from the first one; `t` then types after the last."""

from __future__ import annotations

from pathlib import Path

from papershelf.core.models import PaperDraft
from papershelf.library import Library
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.gui.conftest import close_window
from tests.gui.keys_helpers import active_window

TAGS = ["classics", "networking", "to present", "congestion control", "queueing theory"]


def test_long_tags_show_from_the_first_and_t_edits_at_the_end(qtbot: QtBot, lib_path: Path) -> None:
    with Library.open(lib_path) as lib:
        (pid,) = lib.import_drafts(
            [PaperDraft(title="A Stochastic Model of TCP Reno", year=1999)]
        ).added_ids
        lib.set_tags({pid: TAGS})
    window = active_window(qtbot, lib_path)
    try:
        window.splitter.setSizes([200, 900, 300])
        window.lists.select([pid])
        tags = window.details.tags
        qtbot.waitUntil(lambda: tags.text().startswith("classics"), timeout=5000)
        assert tags.fontMetrics().horizontalAdvance(tags.text()) > tags.width()  # too long
        # Before: the cursor stayed at the end, so the field showed "…ing theory" only.
        assert tags.cursorPosition() == 0
        window.table.setFocus()
        qtbot.waitUntil(window.table.hasFocus, timeout=3000)
        qtbot.keyClick(window.table, Qt.Key.Key_T)
        qtbot.waitUntil(tags.hasFocus, timeout=3000)
        assert tags.cursorPosition() == len(tags.text())
    finally:
        close_window(window)

"""Esc (or Enter) in the detail pane while reading gives the keys back to the page: before, the
focus went to the paper list hidden behind the reader and `]`, `j`, `/` did nothing until a
click on the page."""

from __future__ import annotations

from pathlib import Path

import pytest
from papershelf.library import Library
from papershelf.library.attachments import attach
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.conftest import make_draft
from tests.gui.conftest import close_window, open_window
from tests.pdf.make_pdf import make_pdf


@pytest.mark.parametrize("key", [Qt.Key.Key_Escape, Qt.Key.Key_Return])
def test_leaving_the_tags_field_while_reading_returns_to_the_page(
    qtbot: QtBot, lib_path: Path, tmp_path: Path, key: Qt.Key
) -> None:
    pdf = tmp_path / "paper.pdf"
    pdf.write_bytes(make_pdf(["First page", "Second page", "Third page"]))
    with Library.open(lib_path) as lib:
        pid = lib.import_drafts([make_draft(1)]).paper_ids[0]
        attach(lib, pid, pdf)
    w = open_window(qtbot, lib_path)
    try:
        w.lists.select([pid])
        view = w.reader_page.view
        with qtbot.waitSignal(view.sig_drawn, timeout=10_000):
            assert w.reader.open_paper(pid)
        tags = w.details.tags
        tags.setFocus()
        qtbot.keyClicks(tags, "to-cite")
        qtbot.keyClick(tags, key)

        assert w.pages.currentWidget() is w.reader_page
        assert QApplication.focusWidget() is view
        qtbot.keyClick(view, Qt.Key.Key_BracketRight)
        assert view.current_page() == 1
    finally:
        close_window(w)

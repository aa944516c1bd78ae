"""Esc in the reader's side panel (page thumbnails, outline) gives the keys back to the pages:
after `o` the focus was in the panel and Esc did nothing, so `]`, `j`, `/` were dead until a
click on the page."""

from __future__ import annotations

from pathlib import Path

from papershelf.library import Library
from papershelf.library.attachments import attach
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.conftest import make_draft
from tests.gui.conftest import close_window, open_window
from tests.pdf.make_pdf import make_pdf


def test_esc_in_the_page_thumbnails_returns_to_the_pages(
    qtbot: QtBot, lib_path: Path, tmp_path: Path
) -> None:
    pdf = tmp_path / "paper.pdf"
    pdf.write_bytes(make_pdf(["First page", "Second page", "Third page"]))
    with Library.open(lib_path) as lib:
        pid = lib.import_drafts([make_draft(1)]).paper_ids[0]
        attach(lib, pid, pdf)
    w = open_window(qtbot, lib_path)
    try:
        page = w.reader_page
        view = page.view
        with qtbot.waitSignal(view.sig_drawn, timeout=10_000):
            assert w.reader.open_paper(pid)
        qtbot.keyClick(view, Qt.Key.Key_O)  # no outline in this file: the thumbnails
        assert page.side.isVisible()
        assert QApplication.focusWidget() is page.thumbnails

        qtbot.keyClick(page.thumbnails, Qt.Key.Key_Escape)

        assert QApplication.focusWidget() is view
        assert w.pages.currentWidget() is page  # still reading
        assert page.side.isVisible()  # `o` closes it
    finally:
        close_window(w)

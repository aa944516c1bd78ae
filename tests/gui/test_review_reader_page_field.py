"""Esc in the reader's page field (`p`) puts the current page back in it: typing "3" and Esc
left "3" in the field while page 1 was shown."""

from __future__ import annotations

from pathlib import Path

from papershelf.library import Library
from papershelf.library.attachments import attach
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.conftest import make_draft
from tests.gui.conftest import close_window, open_window
from tests.pdf.make_pdf import make_pdf


def test_esc_in_the_page_field_shows_the_current_page_again(
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
        assert page.page_field.text() == "1"
        qtbot.keyClick(view, Qt.Key.Key_P)
        assert page.page_field.hasFocus()
        qtbot.keyClicks(page.page_field, "3")
        qtbot.keyClick(page.page_field, Qt.Key.Key_Escape)

        assert view.hasFocus()
        assert view.current_page() == 0
        assert page.page_field.text() == "1"
    finally:
        close_window(w)

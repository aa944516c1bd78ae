"""A paper with two PDFs (the paper and its supplement): the reader can open the second one (a
highlight's own file), and `o` opens the one last read, at its page. Before, it always opened
the first PDF, and a highlight on the second was shown on the first at the same page number."""

from __future__ import annotations

from pathlib import Path

from papershelf.library import Library
from papershelf.library.attachments import attach, attachments
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.conftest import make_draft
from tests.gui.conftest import close_window, open_window
from tests.pdf.make_pdf import make_pdf


def test_the_second_pdf_opens_and_is_reopened_where_it_was_left(
    qtbot: QtBot, lib_path: Path, tmp_path: Path
) -> None:
    main = tmp_path / "paper.pdf"
    main.write_bytes(make_pdf(["Main page one", "Main page two"]))
    supplement = tmp_path / "supplement.pdf"
    supplement.write_bytes(make_pdf(["Supplement one", "Supplement two", "Supplement three"]))
    with Library.open(lib_path) as lib:
        pid = lib.import_drafts([make_draft(1)]).paper_ids[0]
        attach(lib, pid, main)
        attach(lib, pid, supplement)
        first, second = (a.id for a in attachments(lib, pid))
    w = open_window(qtbot, lib_path)
    try:
        reader, view = w.reader, w.reader_page.view
        w.lists.select([pid])
        with qtbot.waitSignal(view.sig_drawn, timeout=10_000):
            assert reader.open_paper(pid, 2, attachment_id=second)
        assert reader.attachment_id == second
        assert reader.doc is not None
        assert reader.doc.page_count == 3
        assert view.current_page() == 2
        # The first PDF, asked for by its highlight, replaces it in the open reader.
        with qtbot.waitSignal(view.sig_drawn, timeout=10_000):
            assert reader.open_paper(pid, 1, attachment_id=first)
        assert (reader.attachment_id, reader.doc.page_count, view.current_page()) == (first, 2, 1)
        with qtbot.waitSignal(view.sig_drawn, timeout=10_000):
            assert reader.open_paper(pid, 2, attachment_id=second)

        qtbot.keyClick(view, Qt.Key.Key_Escape)  # on the last page: "Mark as read?"
        qtbot.keyClick(w.reader_page.offer, Qt.Key.Key_Escape)  # not now: to the list
        assert w.pages.currentWidget() is not w.reader_page
        view.close_document()
        reader.paper_id = None
        with qtbot.waitSignal(view.sig_drawn, timeout=10_000):
            assert reader.open_paper(pid)  # `o`: the supplement, where it was left
        assert (reader.attachment_id, view.current_page()) == (second, 2)
    finally:
        close_window(w)

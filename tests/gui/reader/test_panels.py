"""The side panel: page thumbnails (drawn off the UI thread) and the PDF's outline."""

from __future__ import annotations

import io
from pathlib import Path

from papershelf.library.attachments import attach
from pypdf import PdfWriter
from pypdf.generic import Fit
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.gui.reader.conftest import PAGES, Reading, activate, open_in_reader
from tests.pdf.make_pdf import make_pdf

AT_TOP = Fit.xyz(left=72, top=720, zoom=1)
"""A destination QtPdf reads without a warning (it warns about /Fit's missing location)."""


def test_thumbnails_show_every_page_and_a_click_goes_there(qtbot: QtBot, reading: Reading) -> None:
    open_in_reader(qtbot, reading)
    page = reading.window.reader_page
    qtbot.keyClick(page.view, Qt.Key.Key_O)  # this PDF has no outline: the Pages tab
    assert page.side.isVisible()
    assert page.side.currentWidget() is page.thumbnails
    thumbs = page.thumbnails
    assert [thumbs.item(i).text() for i in range(thumbs.count())] == ["1", "2", "3"]
    qtbot.waitUntil(lambda: thumbs.drawn() == len(PAGES))
    assert not thumbs.item(2).icon().isNull()
    rect = thumbs.visualItemRect(thumbs.item(2))
    qtbot.mouseClick(thumbs.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert page.view.current_page() == 2
    assert page.view.hasFocus()
    qtbot.keyClick(page.view, Qt.Key.Key_O)
    assert not page.side.isVisible()


def test_the_outline_lists_the_pdfs_sections(
    qtbot: QtBot, reading: Reading, tmp_path: Path
) -> None:
    writer = PdfWriter(clone_from=io.BytesIO(make_pdf(PAGES)))
    writer.add_outline_item(title="Introduction", page_number=0, fit=AT_TOP)
    writer.add_outline_item(title="Results", page_number=2, fit=AT_TOP)
    path = tmp_path / "outlined.pdf"
    with path.open("wb") as f:
        writer.write(f)
    w = reading.window
    other = next(pid for pid in w.model.ids() if pid != reading.paper_id)
    attach(w.lib, other, path)
    activate(qtbot, w)
    with qtbot.waitSignal(w.reader_page.view.sig_drawn, timeout=10_000):
        assert w.reader.open_paper(other)
    page = w.reader_page
    qtbot.keyClick(page.view, Qt.Key.Key_O)
    assert page.side.currentWidget() is page.outline
    model = page.outline.model()
    titles = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert titles == ["Introduction", "Results"]
    page.outline.setCurrentIndex(model.index(1, 0))
    qtbot.keyClick(page.outline, Qt.Key.Key_Return)
    assert page.view.current_page() == 2

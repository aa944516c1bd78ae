"""`o` on a paper whose attached PDF file is gone from the library folder says so, naming the
file; before, it said "No PDF attached: opening the paper's link instead" and opened the DOI
in the browser."""

from __future__ import annotations

from pathlib import Path

import pytest
from papershelf.library import Library
from papershelf.library.attachments import attach, attachment_path, attachments
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from pytestqt.qtbot import QtBot

from tests.conftest import make_draft
from tests.gui.conftest import close_window, open_window
from tests.pdf.make_pdf import make_pdf


def test_a_missing_pdf_is_named_and_no_link_is_opened(
    qtbot: QtBot, lib_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pdf = tmp_path / "gone.pdf"
    pdf.write_bytes(make_pdf(["A page"]))
    with Library.open(lib_path) as lib:
        pid = lib.import_drafts([make_draft(1, doi="10.1000/gone")]).paper_ids[0]
        attach(lib, pid, pdf)
        stored = attachment_path(lib, attachments(lib, pid)[0])
    stored.unlink()
    opened: list[QUrl] = []

    def open_url(url: QUrl) -> bool:
        opened.append(url)
        return True

    monkeypatch.setattr(QDesktopServices, "openUrl", open_url)
    w = open_window(qtbot, lib_path)
    try:
        w.lists.select([pid])
        w.registry.trigger("reader.open")
        message = w.statusBar().currentMessage()
        assert message.startswith("Could not open gone.pdf: the file is missing (")
        assert str(stored) in message
        assert opened == []
        assert w.pages.currentWidget() is not w.reader_page
        # From a highlight's "show on its page" too (open_paper): the same words.
        assert w.reader.open_paper(pid) is False
        assert w.statusBar().currentMessage() == message
    finally:
        close_window(w)

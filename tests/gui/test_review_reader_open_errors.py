"""A PDF the reader cannot open says why, with the file's name: password-protected,
damaged or missing (before: only "Could not open NAME")."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from papershelf.library import Library
from papershelf.library.attachments import attach, attachment_path, attachments
from pypdf import PdfReader, PdfWriter
from pytestqt.qtbot import QtBot

from tests.conftest import make_draft
from tests.gui.conftest import close_window, open_window
from tests.pdf.make_pdf import make_pdf


def encrypted_pdf() -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf(["A secret page"]))))
    writer.encrypt("secret", algorithm="RC4-128")  # RC4 needs no extra package
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def damaged_pdf() -> bytes:
    return make_pdf(["A page cut short"])[:200]


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("locked.pdf", encrypted_pdf(), "it is password-protected"),
        ("cut.pdf", damaged_pdf(), "the file is damaged or not a PDF"),
    ],
)
def test_a_pdf_that_cannot_be_opened_says_why(
    qtbot: QtBot, lib_path: Path, tmp_path: Path, name: str, data: bytes, reason: str
) -> None:
    pdf = tmp_path / name
    pdf.write_bytes(data)
    with Library.open(lib_path) as lib:
        pid = lib.import_drafts([make_draft(1)]).paper_ids[0]
        attach(lib, pid, pdf)
        [stored] = attachments(lib, pid)
        assert attachment_path(lib, stored).is_file()
    w = open_window(qtbot, lib_path)
    try:
        assert w.reader.open_paper(pid) is False
        assert w.statusBar().currentMessage() == f"Could not open {name}: {reason}"
        assert w.pages.currentWidget() is not w.reader_page
    finally:
        close_window(w)

"""A PDF that cannot be read says so in a user's words, naming the file and what was being
done: `read-annotations` on a damaged file said "cannot extract the text: Failed to load
document (PDFium: Data format error)."."""

from __future__ import annotations

from pathlib import Path

import pytest
from papershelf.library import Library
from papershelf.library.attachments import attach
from papershelf.library.pdf_annotations import read_pdf_annotations
from papershelf.pdf.run import PdfError

from tests.conftest import make_draft
from tests.pdf.make_pdf import make_pdf


def test_reading_the_annotations_of_a_damaged_pdf_says_what_failed(
    library: Library, tmp_path: Path
) -> None:
    pdf = tmp_path / "cut.pdf"
    pdf.write_bytes(make_pdf(["A page cut short"])[:200])
    pid = library.import_drafts([make_draft(1)]).paper_ids[0]
    attach(library, pid, pdf)  # attached, with its text marked as not extracted

    with pytest.raises(PdfError) as caught:
        read_pdf_annotations(library, pid)
    assert caught.value.reason == "cannot read the annotations: the file is damaged or not a PDF"
    assert caught.value.path.endswith("cut.pdf")

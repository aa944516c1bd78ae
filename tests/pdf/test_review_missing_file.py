"""A paper whose attached PDF file is gone from the library folder: `export-pdf` said "paper 2
has no PDF to export", `read-annotations` "no new annotations in the PDF", and `annotate`
"the quote was not found in the PDF". Each now says the file is missing, naming it."""

from __future__ import annotations

from pathlib import Path

import pytest
from papershelf.library import Library
from papershelf.library.attachments import attach, attachment_path, attachments
from papershelf.library.pdf_annotations import (
    anchor_quote,
    export_annotated_pdf,
    read_pdf_annotations,
)
from papershelf.pdf.run import PdfError

from tests.conftest import make_draft
from tests.pdf.make_pdf import make_pdf

MISSING = "the attached file is missing from the library folder"


@pytest.fixture
def gone(library: Library, tmp_path: Path) -> tuple[int, Path]:
    pdf = tmp_path / "gone.pdf"
    pdf.write_bytes(make_pdf(["A page with some words"]))
    pid = library.import_drafts([make_draft(1)]).paper_ids[0]
    attach(library, pid, pdf)
    stored = attachment_path(library, attachments(library, pid)[0])
    stored.unlink()
    return pid, stored


def test_reading_the_annotations_says_the_file_is_missing(
    library: Library, gone: tuple[int, Path]
) -> None:
    pid, stored = gone
    with pytest.raises(PdfError) as caught:
        read_pdf_annotations(library, pid)
    assert (caught.value.path, caught.value.reason) == (str(stored), MISSING)


def test_anchoring_a_quote_says_the_file_is_missing(
    library: Library, gone: tuple[int, Path]
) -> None:
    pid, stored = gone
    with pytest.raises(PdfError) as caught:
        anchor_quote(library, pid, "some words")
    assert (caught.value.path, caught.value.reason) == (str(stored), MISSING)


def test_exporting_says_the_file_is_missing(
    library: Library, gone: tuple[int, Path], tmp_path: Path
) -> None:
    pid, stored = gone
    with pytest.raises(PdfError) as caught:
        export_annotated_pdf(library, pid, tmp_path / "out.pdf")
    assert (caught.value.path, caught.value.reason) == (str(stored), MISSING)


def test_a_paper_without_attachments_is_as_before(library: Library, tmp_path: Path) -> None:
    pid = library.import_drafts([make_draft(2)]).paper_ids[0]
    assert read_pdf_annotations(library, pid) == []
    assert anchor_quote(library, pid, "anything") is None

"""A compound broken at its own hyphen across lines keeps the hyphen in the text PDFium gives:
`annotate 4 --quote "we will need to use a proof-of-work system"` on the Bitcoin paper stored
"proofof-work", and the page text indexed for search read the same."""

from __future__ import annotations

from pathlib import Path

from papershelf.library import Library
from papershelf.library.attachments import attach
from papershelf.library.pdf_annotations import anchor_quote
from papershelf.pdf.extract import extract, pdfium_text

from tests.conftest import make_draft
from tests.pdf.make_pdf import make_pdf

PAGE = "we use a proof-\nof-work system on a peer-to-\npeer network for trans-\nduction"


def test_pdfium_text_keeps_a_compounds_hyphen_and_joins_a_split_word() -> None:
    raw = "a proof\ufffeof-work and peer-to\ufffepeer, trans\ufffe\r\nduction\ufffe"
    assert pdfium_text(raw) == "a proof-of-work and peer-to-peer, transduction"


def test_the_page_text_and_an_anchored_quote_keep_the_hyphen(
    library: Library, tmp_path: Path
) -> None:
    pdf = tmp_path / "compounds.pdf"
    pdf.write_bytes(make_pdf([PAGE]))
    words = "we use a proof-of-work system on a peer-to-peer network for transduction"
    assert " ".join(extract(pdf, 1).pages[0].split()) == words
    pid = library.import_drafts([make_draft(1)]).paper_ids[0]
    attach(library, pid, pdf)
    anchor = anchor_quote(library, pid, "use a proof-of-work system")
    assert anchor is not None
    assert anchor.text == "use a proof-of-work system"
    assert len(anchor.rects) == 2

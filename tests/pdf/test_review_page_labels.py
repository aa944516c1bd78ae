"""Page labels a file gives every page alike (Fritzsch2022's `/P /D` where `/S /D` was meant)
name no page: the command line and the detail pane say the page number, as the reader does."""

from __future__ import annotations

import io
from pathlib import Path

from papershelf.library import Library
from papershelf.library.attachments import attach
from papershelf.library.pdf_annotations import anchor_quote
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject, PdfObject

from tests.conftest import make_draft
from tests.pdf.annotated_pdf import annotated_pdf, highlight, line_rect
from tests.pdf.make_pdf import make_pdf

PAGES = ["A first page", "The second page\nholds the quoted words", "A third page"]


def with_labels(data: bytes, style: dict[str, PdfObject]) -> bytes:
    """`data` with one page-label range from page 1 whose dictionary is `style`."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    entry = DictionaryObject({NameObject(k): v for k, v in style.items()})
    nums = ArrayObject([NumberObject(0), entry])
    writer.root_object[NameObject("/PageLabels")] = DictionaryObject({NameObject("/Nums"): nums})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def one_paper(lib: Library) -> int:
    return lib.import_drafts([make_draft(1)]).paper_ids[0]


def test_a_label_every_page_shares_is_not_given_as_the_page(
    library: Library, tmp_path: Path
) -> None:
    marked = annotated_pdf(PAGES, {1: [highlight([line_rect(1, x2=300)], comment="noted")]})
    path = tmp_path / "same-label.pdf"
    # The prefix is the name /D; PDFium reads it as the label "D" on every page.
    path.write_bytes(with_labels(marked, {"/St": NumberObject(1), "/P": NameObject("/D")}))
    pid = one_paper(library)
    attach(library, pid, path)

    [read] = [a for a in library.get(pid).annotations if a.external]
    assert (read.page_index, read.page_label, read.page) == (1, None, 2)
    anchor = anchor_quote(library, pid, "holds the quoted words")
    assert anchor is not None
    assert (anchor.page_index, anchor.page_label) == (1, None)


def test_distinct_printed_labels_are_kept(library: Library, tmp_path: Path) -> None:
    path = tmp_path / "roman.pdf"
    path.write_bytes(with_labels(make_pdf(PAGES), {"/S": NameObject("/r")}))
    pid = one_paper(library)
    attach(library, pid, path)
    anchor = anchor_quote(library, pid, "holds the quoted words")
    assert anchor is not None
    assert (anchor.page_index, anchor.page_label) == (1, "ii")

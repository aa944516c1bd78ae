"""Export a PDF with the highlights in it: standard annotations other viewers read and draw."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from papershelf.core.errors import InvalidInputError, NotFoundError
from papershelf.library import Library, ops
from papershelf.library.attachments import attach, attachment_path
from papershelf.library.pdf_annotations import anchor_quote, export_annotated_pdf
from papershelf.library.undo import run
from pypdf import PdfReader

from tests.conftest import make_draft
from tests.pdf.make_pdf import make_pdf

PAGES = ["A first page of text", "Scaled dot-product attention\nis fast and space efficient"]


def paper_with_highlight(lib: Library, tmp_path: Path) -> tuple[int, int]:
    """A paper with a PDF and one highlight anchored the way `papershelf annotate` does."""
    pid = lib.import_drafts([make_draft(1)]).paper_ids[0]
    source = tmp_path / "paper.pdf"
    source.write_bytes(make_pdf(PAGES))
    attach(lib, pid, source)
    anchor = anchor_quote(lib, pid, "dot-product attention is fast")
    assert anchor is not None
    op = ops.AddHighlight(
        pid,
        anchor.attachment_id,
        anchor.text,
        anchor.page_index,
        anchor.page_label,
        anchor.rects,
        color="#2ea8e5",
        comment="the core operation",
    )
    return pid, run(lib, op).value


def test_the_export_has_a_standard_highlight_with_quads_colour_comment_and_name(
    library: Library, tmp_path: Path
) -> None:
    pid, aid = paper_with_highlight(library, tmp_path)
    stored = library.annotation(aid)
    original = attachment_path(library, library_files(library, pid)[0])
    before = hashlib.sha256(original.read_bytes()).hexdigest()

    out = tmp_path / "exported.pdf"
    copy = export_annotated_pdf(library, pid, out)
    assert copy.written == 1
    assert hashlib.sha256(original.read_bytes()).hexdigest() == before  # never modified

    annots = [a.get_object() for a in PdfReader(out).pages[1].get("/Annots", [])]
    (high,) = [a for a in annots if a["/Subtype"] == "/Highlight"]
    quads = [float(v) for v in high["/QuadPoints"]]
    expected: list[float] = []
    for x1, y1, x2, y2 in stored.rects:  # UL, UR, LL, LR
        expected += [x1, y2, x2, y2, x1, y1, x2, y1]
    assert quads == pytest.approx(expected, abs=0.01)
    assert high["/Contents"] == "the core operation"
    assert high["/NM"] == f"papershelf-{aid}"
    assert [round(float(c), 2) for c in high["/C"]] == [0.18, 0.66, 0.9]
    assert "/N" in high["/AP"]


def test_the_exported_highlight_is_drawn_where_the_text_is(
    library: Library, tmp_path: Path
) -> None:
    pid, aid = paper_with_highlight(library, tmp_path)
    out = tmp_path / "exported.pdf"
    export_annotated_pdf(library, pid, out)
    x1, y1, x2, y2 = library.annotation(aid).rects[0]
    plain = _pixels(attachment_path(library, library_files(library, pid)[0]), x1, y1, x2, y2)
    marked = _pixels(out, x1, y1, x2, y2)
    # PDFium renders the copy (a valid file) and tints the paper between the glyphs blue
    # (a multiply fill: the text stays readable).
    background = [i for i, p in enumerate(plain) if p == (255, 255, 255)]
    assert len(background) > len(plain) // 4
    tinted = [marked[i] for i in background]
    assert all(r < 200 and b > r for r, _, b in tinted)


def _pixels(path: Path, x1: float, y1: float, x2: float, y2: float) -> list[tuple[int, int, int]]:
    """The colours PDFium draws (annotations included) inside a rect of page 2."""
    doc = pdfium.PdfDocument(str(path))
    try:
        page = doc[1]
        bitmap = page.render(scale=1, draw_annots=True, rev_byteorder=True)
        height = page.get_height()
        data = bytes(bitmap.buffer)
        out = []
        for y in range(int(height - y2) + 1, int(height - y1)):
            for x in range(int(x1) + 1, int(x2)):
                at = y * bitmap.stride + x * bitmap.n_channels
                red, green, blue = data[at : at + 3]
                out.append((red, green, blue))
        return out
    finally:
        doc.close()


def test_reading_the_export_back_recognises_our_highlights(
    library: Library, tmp_path: Path
) -> None:
    pid, aid = paper_with_highlight(library, tmp_path)
    out = tmp_path / "exported.pdf"
    export_annotated_pdf(library, pid, out)
    # Attached to the same paper: nothing new (its /NM names our annotation).
    assert attach(library, pid, out).annotations_read == 0
    # Attached to another paper: the highlight comes in with its text and comment.
    other = library.import_drafts([make_draft(2)]).paper_ids[0]
    report = attach(library, other, out)
    assert report.annotations_read == 1
    (read,) = library.get(other).annotations
    theirs = library.annotation(aid)
    assert (read.kind, read.quote, read.comment, read.color) == (
        "highlight",
        theirs.quote,
        "the core operation",
        "#2ea8e5",
    )
    assert read.page_index == 1
    assert read.external


def test_export_refuses_to_overwrite_the_attached_file_and_needs_a_pdf(
    library: Library, tmp_path: Path
) -> None:
    pid, _ = paper_with_highlight(library, tmp_path)
    original = attachment_path(library, library_files(library, pid)[0])
    with pytest.raises(InvalidInputError, match="attached file itself"):
        export_annotated_pdf(library, pid, original)
    for bad, message in (
        (tmp_path, "is a folder"),
        (tmp_path / "missing" / "x.pdf", "does not exist"),
        (Path("bad\x00name.pdf"), "not a usable file name"),
    ):
        with pytest.raises(InvalidInputError, match=message):
            export_annotated_pdf(library, pid, bad)
    (tmp_path / "taken.pdf").write_bytes(b"mine")
    with pytest.raises(InvalidInputError, match="exists"):
        export_annotated_pdf(library, pid, tmp_path / "taken.pdf", overwrite=False)
    assert (tmp_path / "taken.pdf").read_bytes() == b"mine"
    bare = library.import_drafts([make_draft(3)]).paper_ids[0]
    with pytest.raises(NotFoundError, match="no PDF"):
        export_annotated_pdf(library, bare, tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()


def library_files(lib: Library, paper_id: int) -> list:  # type: ignore[type-arg]
    from papershelf.library.attachments import attachments

    return attachments(lib, paper_id)

"""Highlights on pages whose crop box does not start at 0,0, or that are turned (/Rotate).

QtPdf gives the reader the page as shown (cut to its crop box, turned); annotations are kept
in the PDF's user space, as `read-annotations` reads them and `export-pdf` writes them. The
reader stored QtPdf's points flipped by the shown height only: with /CropBox [40 300 500 760]
a highlight was exported 40 pt left and 300 pt low, on a turned page inverted, and a
highlight read from the file was drawn as far off in the reader. Now both ways go through
the page's crop box and rotation; a plain page's highlight is stored exactly as before.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

import pytest
from papershelf.gui.mainwindow import MainWindow
from papershelf.gui.reader import layout
from papershelf.gui.reader.selection import TextSelection
from papershelf.library import Library
from papershelf.library.attachments import attach, attachment_path, attachments
from papershelf.library.pdf_annotations import export_annotated_pdf, read_pdf_annotations
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, FloatObject, NameObject, NumberObject
from PySide6.QtCore import QRectF, Qt
from PySide6.QtWidgets import QFileDialog, QListWidgetItem
from pytestqt.qtbot import QtBot

from tests.conftest import make_draft
from tests.gui.conftest import close_window, open_window
from tests.gui.reader.conftest import Reading
from tests.pdf.annotated_pdf import highlight
from tests.pdf.make_pdf import make_pdf

Rect = tuple[float, float, float, float]

CONTENT = b"BT /F1 12 Tf 128 720 Td (Hello quick fox) Tj ET"
""""quick" in Helvetica 12 on the baseline y = 720, after "Hello " from x = 128."""
QUICK: Rect = (158.672, 717.5, 186.68, 728.6)
"""The word's box in user space: x from the glyph widths (Hello + space = 30.672 pt, quick
= 28.008 pt), y from the descender of q to the ascender of k."""
SLACK = 1.5
"""QtPdf gives whole points, so a stored box may be up to a point wider or narrower."""

PAGES = {
    "crop": ([40, 300, 500, 760], 0),
    "rotate-90": (None, 90),
    "crop-rotate-90": ([40, 300, 500, 760], 90),
    "crop-rotate-180": ([40, 300, 500, 760], 180),
    "crop-rotate-270": ([40, 300, 500, 760], 270),
}


def crop_pdf(crop: list[int] | None, rotate: int, annots: Sequence[object] = ()) -> bytes:
    """Page 0 plain, page 1 the same text with `crop` and `rotate` (and `annots`)."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf(contents=[CONTENT, CONTENT]))))
    page = writer.pages[1]
    if crop is not None:
        page[NameObject("/CropBox")] = ArrayObject(FloatObject(v) for v in crop)
    if rotate:
        page[NameObject("/Rotate")] = NumberObject(rotate)
    for annot in annots:
        writer.add_annotation(1, annot)  # type: ignore[arg-type]
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def assert_covers_quick(rect: Rect) -> None:
    """`rect` (user space) is the word's box, give or take QtPdf's rounding."""
    x1, y1, x2, y2 = rect
    assert (min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2)) == pytest.approx(QUICK, abs=SLACK)


def quad_rects(annot: object) -> list[Rect]:
    values = [float(v) for v in annot["/QuadPoints"]]  # type: ignore[index]
    out = []
    for i in range(0, len(values), 8):
        xs, ys = values[i : i + 8 : 2], values[i + 1 : i + 8 : 2]
        out.append((min(xs), min(ys), max(xs), max(ys)))
    return out


def open_paper(qtbot: QtBot, lib_path: Path, tmp_path: Path, data: bytes) -> Reading:
    pdf = tmp_path / "cropped.pdf"
    pdf.write_bytes(data)
    with Library.open(lib_path) as lib:
        paper_id = lib.import_drafts([make_draft(1)]).paper_ids[0]
        attach(lib, paper_id, pdf)
    r = Reading(open_window(qtbot, lib_path), paper_id)
    open_in_reader(qtbot, r)
    return r


def open_in_reader(qtbot: QtBot, r: Reading) -> None:
    """Select the paper and open it in the reader; wait until a page is drawn."""
    r.window.lists.select([r.paper_id])
    with qtbot.waitSignal(r.window.reader_page.view.sig_drawn, timeout=10_000):
        r.window.registry.trigger("reader.open")
    assert r.window.pages.currentWidget() is r.window.reader_page


def highlight_quick(w: MainWindow, page: int) -> None:
    """Select "quick" on `page` as `v` does and highlight it as h does."""
    view = w.reader_page.view
    assert view.doc is not None
    start = view.doc.text(page).index("quick")
    view.set_selection(TextSelection(page, start, start + len("quick")))
    assert view.selection_span is not None
    assert view.selection_span.text == "quick"
    w.registry.trigger("reader.highlight")  # what h does


def shown_box(w: MainWindow, page: int) -> QRectF:
    """Where QtPdf shows "quick" on `page` (points, origin top-left)."""
    doc = w.reader_page.view.doc
    assert doc is not None
    start = doc.text(page).index("quick")
    sel = doc.pdf.getSelectionAtIndex(page, start, len("quick"))
    return sel.bounds()[0].boundingRect()


@pytest.mark.parametrize("case", list(PAGES))
def test_a_reader_highlight_is_exported_on_its_word(
    qtbot: QtBot, lib_path: Path, tmp_path: Path, case: str
) -> None:
    crop, rotate = PAGES[case]
    r = open_paper(qtbot, lib_path, tmp_path, crop_pdf(crop, rotate))
    w = r.window
    try:
        highlight_quick(w, 0)
        highlight_quick(w, 1)
        plain, cropped = sorted(
            (a for a in w.lib.get(r.paper_id).annotations if a.kind == "highlight"),
            key=lambda a: a.page_index or 0,
        )
        # The plain page's highlight is stored as it always was: QtPdf's box flipped.
        assert plain.rects == (layout.to_pdf_rect(shown_box(w, 0), 792.0),)
        assert_covers_quick(plain.rects[0])
        [stored] = cropped.rects
        assert_covers_quick(stored)

        out = tmp_path / "exported.pdf"
        copy = export_annotated_pdf(w.lib, r.paper_id, out)
        assert copy.written == 2
        for index in (0, 1):
            [annot] = [a.get_object() for a in PdfReader(out).pages[index].get("/Annots", [])]
            assert annot["/Subtype"] == "/Highlight"
            [quad] = quad_rects(annot)
            assert_covers_quick(quad)
    finally:
        close_window(w)


@pytest.mark.parametrize("case", list(PAGES))
def test_a_highlight_read_from_the_file_is_drawn_on_its_word(
    qtbot: QtBot, lib_path: Path, tmp_path: Path, case: str
) -> None:
    """Another reader's /Highlight over "quick" (quads in user space), read in with
    read-annotations, is drawn over the word as QtPdf shows it, and the detail pane's
    click on it shows that place."""
    crop, rotate = PAGES[case]
    data = crop_pdf(crop, rotate, [highlight([QUICK], name="other-reader-1")])
    pdf = tmp_path / "cropped.pdf"
    pdf.write_bytes(data)
    with Library.open(lib_path) as lib:
        paper_id = lib.import_drafts([make_draft(1)]).paper_ids[0]
        attach(lib, paper_id, pdf)  # reads the file's annotations in, as read-annotations
        assert read_pdf_annotations(lib, paper_id) == []  # would: none is read twice
        [read] = [a for a in lib.get(paper_id).annotations if a.external]
        annotation_id = read.id
    assert read.quote == "quick"  # PDFium found the word under the quads: they are right
    r = Reading(open_window(qtbot, lib_path), paper_id)
    w = r.window
    try:
        open_in_reader(qtbot, r)
        view = w.reader_page.view
        [mark] = [m for m in view.marks if m.annotation_id == annotation_id]
        assert mark.page == 1
        [box] = mark.boxes
        want = shown_box(w, 1)
        for got, exp in zip(
            (box.left(), box.top(), box.right(), box.bottom()),
            (want.left(), want.top(), want.right(), want.bottom()),
            strict=True,
        ):
            assert got == pytest.approx(exp, abs=SLACK)
    finally:
        close_window(w)


def test_a_highlight_of_the_second_pdf_opens_that_pdf(
    qtbot: QtBot, lib_path: Path, tmp_path: Path
) -> None:
    """Clicking a highlight in the detail pane opens the PDF it was made in; before, the
    reader opened the first PDF (or the one last read) and showed the place there."""
    first, second = tmp_path / "first.pdf", tmp_path / "second.pdf"
    first.write_bytes(make_pdf(["First file only"]))
    second.write_bytes(crop_pdf(None, 0))
    with Library.open(lib_path) as lib:
        paper_id = lib.import_drafts([make_draft(1)]).paper_ids[0]
        attach(lib, paper_id, first)
        attach(lib, paper_id, second)
        second_id = attachments(lib, paper_id)[1].id
    r = Reading(open_window(qtbot, lib_path), paper_id)
    w = r.window
    try:
        assert w.reader.open_paper(paper_id, 0, second_id)
        highlight_quick(w, 0)
        [made] = [a for a in w.lib.get(paper_id).annotations if a.kind == "highlight"]
        assert made.attachment_id == second_id
        first_id = attachments(w.lib, paper_id)[0].id
        assert w.reader.open_paper(paper_id, 0, first_id)
        assert w.reader.attachment_id == first_id
        w.reader.save_position()  # the first PDF is now the one last read

        item = QListWidgetItem("quick")
        item.setData(Qt.ItemDataRole.UserRole, made.id)
        w.reader.highlights._on_annotation_item(item)
        assert w.reader.attachment_id == second_id
    finally:
        close_window(w)


def test_export_while_reading_the_second_pdf_exports_that_pdf(
    qtbot: QtBot, lib_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Export from the reader writes the PDF being read; before, the paper's first PDF was
    exported (without the highlights made in the second)."""
    first, second = tmp_path / "first.pdf", tmp_path / "second.pdf"
    first.write_bytes(make_pdf(["First file only"]))
    second.write_bytes(crop_pdf([40, 300, 500, 760], 0))
    with Library.open(lib_path) as lib:
        paper_id = lib.import_drafts([make_draft(1)]).paper_ids[0]
        attach(lib, paper_id, first)
        attach(lib, paper_id, second)
        second_id = attachments(lib, paper_id)[1].id
    w = open_window(qtbot, lib_path)
    try:
        assert w.reader.open_paper(paper_id, 1, second_id)
        highlight_quick(w, 1)
        out = tmp_path / "exported.pdf"
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(out), ""))
        w.registry.trigger("reader.export_pdf")
        qtbot.waitUntil(lambda: "Exported" in w.status_label.text(), timeout=30_000)
        assert "Exported 1 highlight into" in w.status_label.text()
        [annot] = [a.get_object() for a in PdfReader(out).pages[1].get("/Annots", [])]
        [quad] = quad_rects(annot)
        assert_covers_quick(quad)
    finally:
        close_window(w)


def test_export_names_a_missing_file(qtbot: QtBot, lib_path: Path, tmp_path: Path) -> None:
    """Export with the attached file gone said "This paper has no PDF attached"."""
    pdf = tmp_path / "gone.pdf"
    pdf.write_bytes(make_pdf(["A page"]))
    with Library.open(lib_path) as lib:
        paper_id = lib.import_drafts([make_draft(1)]).paper_ids[0]
        attach(lib, paper_id, pdf)
        stored = attachment_path(lib, attachments(lib, paper_id)[0])
    stored.unlink()
    w = open_window(qtbot, lib_path)
    try:
        w.lists.select([paper_id])
        w.registry.trigger("reader.export_pdf")
        message = w.statusBar().currentMessage()
        assert str(stored) in message
        assert "missing" in message
    finally:
        close_window(w)

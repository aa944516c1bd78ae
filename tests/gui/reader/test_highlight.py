"""Done when (issue 20): text selected by a mouse drag and by keys alone becomes a highlight
whose stored text, page and rectangles are those QtPdf's `getSelection` gives; exported, it
is a standard /Highlight with those quads and its comment."""

from __future__ import annotations

from pathlib import Path

import pytest
from papershelf.core.models import Annotation
from papershelf.gui.reader.view import PageView, Position
from pypdf import PdfReader
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtPdf import QPdfSelection
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from tests.gui.reader.conftest import Reading, open_in_reader

PAGE_HEIGHT = 792.0  # make_pdf's pages are US Letter


def highlights(r: Reading) -> list[Annotation]:
    return [a for a in r.window.lib.get(r.paper_id).annotations if a.kind == "highlight"]


def expected_rects(sel: QPdfSelection) -> list[tuple[float, float, float, float]]:
    """QtPdf's boxes (points, top-left) as PDF rects (origin bottom-left)."""
    out = []
    for polygon in sel.bounds():
        box: QRectF = polygon.boundingRect()
        out.append((box.left(), PAGE_HEIGHT - box.bottom(), box.right(), PAGE_HEIGHT - box.top()))
    return out


def assert_rects(stored: tuple[tuple[float, float, float, float], ...], sel: QPdfSelection) -> None:
    want = expected_rects(sel)
    assert len(stored) == len(want) > 0
    for got, exp in zip(stored, want, strict=True):
        assert got == pytest.approx(exp, abs=0.01)


def word_box(view: PageView, page: int, word: str) -> QRectF:
    """Where a word is on the page (points, top-left), from QtPdf."""
    assert view.doc is not None
    start = view.doc.text(page).index(word)
    sel = view.doc.pdf.getSelectionAtIndex(page, start, len(word))
    return sel.boundingRectangle()


def drag(qtbot: QtBot, view: PageView, page: int, a: QPointF, b: QPointF) -> None:
    vp = view.viewport()
    qtbot.mousePress(vp, Qt.MouseButton.LeftButton, pos=view.point_of(page, a).toPoint())
    qtbot.mouseMove(vp, pos=view.point_of(page, QPointF((a.x() + b.x()) / 2, a.y())).toPoint())
    qtbot.mouseMove(vp, pos=view.point_of(page, b).toPoint())
    qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, pos=view.point_of(page, b).toPoint())


def test_a_mouse_drag_highlights_what_getselection_gives(qtbot: QtBot, reading: Reading) -> None:
    open_in_reader(qtbot, reading)
    view = reading.window.reader_page.view
    assert view.doc is not None
    first, last = word_box(view, 0, "quick"), word_box(view, 0, "brown")
    # From the q's left edge to past the middle of the n (points rounded to pixels on the way).
    a = QPointF(first.left() + 1, first.center().y())
    b = QPointF(last.right() - 1, last.center().y())
    drag(qtbot, view, 0, a, b)
    assert view.selection_span is not None
    assert view.selection_span.text == "quick brown"

    qtbot.keyClick(view, Qt.Key.Key_H)

    [made] = highlights(reading)
    # QtPdf's own answer for the words: from the q to the space after "brown".
    expected = view.doc.pdf.getSelection(0, a, QPointF(last.right() + 1, last.center().y()))
    assert made.quote == expected.text() == "quick brown"
    assert (made.page_index, made.page_label, made.color) == (0, "1", "#ffd400")
    assert made.attachment_id is not None
    assert_rects(made.rects, expected)
    # It is on the page at once, and in the detail pane's list.
    assert [m.annotation_id for m in view.marks] == [made.id]
    items = reading.window.details.annotations
    assert any("quick brown" in items.item(i).text() for i in range(items.count()))
    # One undo step takes it back, off the page too.
    qtbot.keyClick(view, Qt.Key.Key_U)
    assert highlights(reading) == []
    assert view.marks == []


def test_a_drag_that_starts_in_the_margin_is_clamped_to_the_text(
    qtbot: QtBot, reading: Reading
) -> None:
    open_in_reader(qtbot, reading)
    view = reading.window.reader_page.view
    fox = word_box(view, 0, "fox")
    # From the left margin (no glyph there) to the middle of "fox".
    drag(qtbot, view, 0, QPointF(20, fox.center().y()), QPointF(fox.right() - 1, fox.center().y()))
    assert view.selection_span is not None
    assert view.selection_span.text == "The quick brown fox"


def test_keys_alone_find_select_extend_and_highlight(qtbot: QtBot, reading: Reading) -> None:
    open_in_reader(qtbot, reading)
    page = reading.window.reader_page
    view = page.view
    assert view.doc is not None
    qtbot.keyClick(view, Qt.Key.Key_Slash)
    assert page.find_field.hasFocus()
    qtbot.keyClicks(page.find_field, "selection starts")
    qtbot.keyClick(page.find_field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.current_hit is not None)
    assert view.hasFocus()
    qtbot.keyClick(view, Qt.Key.Key_V)  # select the match
    qtbot.keyClick(view, Qt.Key.Key_W)  # … and the next word
    qtbot.keyClick(view, Qt.Key.Key_3)  # colour 3 (green) highlights it at once

    [made] = highlights(reading)
    start = view.doc.text(0).index("selection starts at")
    expected = view.doc.pdf.getSelectionAtIndex(0, start, len("selection starts at"))
    assert made.quote == expected.text() == "selection starts at"
    assert (made.page_index, made.color) == (0, "#5fb236")
    assert_rects(made.rects, expected)


def test_keys_extend_a_selection_over_a_line_break(qtbot: QtBot, reading: Reading) -> None:
    open_in_reader(qtbot, reading)
    page = reading.window.reader_page
    view = page.view
    assert view.doc is not None
    qtbot.keyClick(view, Qt.Key.Key_Slash)
    qtbot.keyClicks(page.find_field, "lazy dog")
    qtbot.keyClick(page.find_field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.current_hit is not None)
    qtbot.keyClicks(view, "vj")  # the match, then down a line
    qtbot.keyClick(view, "$")  # to the end of that line
    qtbot.keyClick(view, Qt.Key.Key_H)

    [made] = highlights(reading)
    text = view.doc.text(0)
    start = text.index("lazy dog")
    end = text.index("search match") + len("search match")
    expected = view.doc.pdf.getSelectionAtIndex(0, start, end - start)
    assert made.quote == "lazy dog Keyboard selection starts at a search match"
    assert_rects(made.rects, expected)
    assert len(made.rects) == 2  # one rectangle per line


def test_a_commented_highlight_is_exported_as_a_standard_pdf_highlight(
    qtbot: QtBot, reading: Reading, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    open_in_reader(qtbot, reading)
    w = reading.window
    view = w.reader_page.view
    assert view.doc is not None
    first, last = word_box(view, 1, "Highlights"), word_box(view, 1, "annotations")
    a = QPointF(first.left() + 1, first.center().y())
    b = QPointF(last.right() - 1, last.center().y())
    view.go_to(Position(1, 0.0))
    drag(qtbot, view, 1, a, b)
    qtbot.keyClick(view, Qt.Key.Key_C)  # comment: the selection becomes a highlight with it
    prompt = w.reader_page.prompt
    assert prompt.edit.hasFocus()
    qtbot.keyClicks(prompt.edit, "where the quads go")
    qtbot.keyClick(prompt.edit, Qt.Key.Key_Return)
    [made] = highlights(reading)
    expected = view.doc.pdf.getSelection(1, a, QPointF(last.right() + 1, last.center().y()))
    assert made.quote == expected.text() == "Highlights become annotations"
    assert made.comment == "where the quads go"
    assert_rects(made.rects, expected)

    out = tmp_path / "exported.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(out), ""))
    w.registry.trigger("reader.export_pdf")
    qtbot.waitUntil(lambda: "Exported 1 highlight" in w.status_label.text(), timeout=30_000)

    annots = [x.get_object() for x in PdfReader(out).pages[1].get("/Annots", [])]
    [high] = [x for x in annots if x["/Subtype"] == "/Highlight"]
    assert high["/Contents"] == "where the quads go"
    quads = [float(v) for v in high["/QuadPoints"]]
    want = []
    for x1, y1, x2, y2 in expected_rects(expected):  # UL, UR, LL, LR per line
        want += [x1, y2, x2, y2, x1, y1, x2, y1]
    assert quads == pytest.approx(want, abs=0.01)


def test_y_copies_the_selection_as_a_quote_with_page_and_key(
    qtbot: QtBot, reading: Reading
) -> None:
    open_in_reader(qtbot, reading)
    w = reading.window
    view = w.reader_page.view
    first, last = word_box(view, 0, "lazy"), word_box(view, 0, "dog")
    drag(
        qtbot,
        view,
        0,
        QPointF(first.left() - 0.5, first.center().y()),  # the l is one point wide
        QPointF(last.right() - 1, last.center().y()),
    )
    qtbot.keyClick(view, Qt.Key.Key_Y)
    key = w.lib.citation_keys([reading.paper_id])[reading.paper_id]
    clipboard = QGuiApplication.clipboard()
    try:
        assert clipboard.text() == f"“lazy dog” [@{key}, p. 1]"
    finally:
        clipboard.clear()  # offscreen Qt crashes at exit with data left on the clipboard

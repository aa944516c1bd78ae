"""Highlights are edited where they are seen: from the page and from the detail pane's list."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from papershelf.core.models import Annotation
from papershelf.gui.reader.view import Position
from papershelf.library.attachments import attach
from papershelf.library.pdf_annotations import read_pdf_annotations
from PySide6.QtCore import QPoint, QPointF, Qt, QTimer
from PySide6.QtGui import QAction, QContextMenuEvent
from PySide6.QtWidgets import QApplication, QMenu, QWidget
from pytestqt.qtbot import QtBot

from tests.gui.reader.conftest import PAGES, Reading, open_in_reader
from tests.pdf.annotated_pdf import annotated_pdf, highlight, line_rect

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")  # offscreen: popup menus


def highlight_by_keys(qtbot: QtBot, r: Reading, text: str) -> Annotation:
    """/text Enter v h: the match becomes a highlight."""
    page = r.window.reader_page
    qtbot.keyClick(page.view, Qt.Key.Key_Slash)
    qtbot.keyClicks(page.find_field, text)
    qtbot.keyClick(page.find_field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.view.current_hit is not None)
    qtbot.keyClicks(page.view, "vh")
    qtbot.keyClick(page.view, Qt.Key.Key_Escape)  # drop the matches
    [made] = [a for a in r.window.lib.get(r.paper_id).annotations if a.quote == text]
    return made


def in_menu(command_id: str, then: Callable[[], None] | None = None) -> None:
    """Once the context menu is open, trigger the command's entry in it (or a submenu)."""

    def pick() -> None:
        menu = QApplication.activePopupWidget()
        assert isinstance(menu, QMenu)
        actions = [a for m in [menu, *menu.findChildren(QMenu)] for a in m.actions()]
        [action] = [a for a in actions if a.objectName() == command_id]
        assert isinstance(action, QAction)
        menu.close()
        action.trigger()
        if then is not None:
            then()

    QTimer.singleShot(0, pick)


def right_click(widget: QWidget, at: QPoint) -> None:
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, at, widget.mapToGlobal(at))
    QApplication.sendEvent(widget, event)


def test_recolour_comment_and_delete_from_the_page(qtbot: QtBot, reading: Reading) -> None:
    w = reading.window
    open_in_reader(qtbot, reading)
    view = w.reader_page.view
    made = highlight_by_keys(qtbot, reading, "brown fox")
    [mark] = view.marks
    box = mark.boxes[0]
    on_it = view.point_of(0, QPointF(box.center())).toPoint()
    assert view.mark_at(QPointF(on_it)) == made.id

    in_menu("reader.color_4")
    right_click(view.viewport(), on_it)
    qtbot.waitUntil(lambda: w.lib.annotation(made.id).color == "#2ea8e5")
    assert view.marks[0].color == "#2ea8e5"  # redrawn in blue

    prompt = w.reader_page.prompt
    in_menu("reader.comment")
    right_click(view.viewport(), on_it)
    qtbot.waitUntil(prompt.isVisible)
    qtbot.keyClicks(prompt.edit, "a classic pangram")
    qtbot.keyClick(prompt.edit, Qt.Key.Key_Return)
    assert w.lib.annotation(made.id).comment == "a classic pangram"
    assert w.focusWidget() is view  # keys go back to the pages (the menu took the window's focus)

    in_menu("reader.delete_highlight")
    right_click(view.viewport(), on_it)
    qtbot.waitUntil(lambda: view.marks == [])
    assert w.lib.get(reading.paper_id).annotations == []
    w.activateWindow()  # as the window manager does when a popup closes (offscreen: nobody)
    qtbot.waitUntil(view.hasFocus)
    qtbot.keyClick(view, Qt.Key.Key_U)  # undo brings it back, comment and colour too
    back = w.lib.get(reading.paper_id).annotations
    assert [(a.quote, a.comment, a.color) for a in back] == [
        ("brown fox", "a classic pangram", "#2ea8e5")
    ]
    assert len(view.marks) == 1


def test_the_detail_panes_list_jumps_and_edits(qtbot: QtBot, reading: Reading) -> None:
    w = reading.window
    open_in_reader(qtbot, reading)
    view = w.reader_page.view
    view.go_to(Position(1, 0.0))
    made = highlight_by_keys(qtbot, reading, "Undo takes a highlight back")
    assert made.page_index == 1
    view.go_to(Position(0, 0.0))
    qtbot.keyClick(view, Qt.Key.Key_Escape)  # back to the list
    assert w.pages.currentWidget() is w.stack
    notes = w.details.annotations
    [row] = [i for i in range(notes.count()) if "Undo takes" in notes.item(i).text()]
    rect = notes.visualItemRect(notes.item(row))
    qtbot.mouseClick(notes.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert w.pages.currentWidget() is w.reader_page
    assert view.current_page() == 1

    in_menu("reader.color_2")
    right_click(notes.viewport(), rect.center())
    qtbot.waitUntil(lambda: w.lib.annotation(made.id).color == "#ff6666")


def test_a_highlight_made_in_another_reader_is_drawn_once_and_editable(
    qtbot: QtBot, reading: Reading, tmp_path: Path
) -> None:
    w = reading.window
    path = tmp_path / "annotated.pdf"
    made_elsewhere = highlight([line_rect(1, x2=300.0)], comment="from Zotero", color="5fb236")
    path.write_bytes(annotated_pdf(PAGES, {0: [made_elsewhere]}))
    other = next(pid for pid in w.model.ids() if pid != reading.paper_id)
    attach(w.lib, other, path)  # reads the file's own highlights too
    assert read_pdf_annotations(w.lib, other) == []  # (already read: not again)
    [aid] = [a.id for a in w.lib.get(other).annotations if a.external]
    with qtbot.waitSignal(w.reader_page.view.sig_drawn, timeout=10_000):
        assert w.reader.open_paper(other)
    view = w.reader_page.view
    [mark] = view.marks
    assert (mark.annotation_id, mark.in_file) == (aid, True)  # PDFium draws it: no overlay
    on_it = view.point_of(0, QPointF(mark.boxes[0].center())).toPoint()
    in_menu("reader.color_4")
    right_click(view.viewport(), on_it)
    qtbot.waitUntil(lambda: w.lib.annotation(aid).color == "#2ea8e5")

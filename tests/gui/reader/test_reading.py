"""Reading in the window: the place is kept per paper, reading state follows reading, and
the keys move, zoom and find as the reader mode says."""

from __future__ import annotations

from pathlib import Path

import pytest
from papershelf.config.user_settings import update_user_settings
from papershelf.core.models import ReadingStatus
from papershelf.gui.models.paper_table import COLUMNS, Roles
from papershelf.gui.reader.view import HIT_BOXES_PER_FRAME, PageView
from papershelf.library import ops
from PySide6.QtCore import QObject, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices, QPalette
from pytestqt.qtbot import QtBot

from tests.gui.reader.conftest import Reading, open_in_reader


def set_status(r: Reading, status: ReadingStatus) -> None:
    r.window.session.run(ops.SetStatus((r.paper_id,), status))


def fit_of(view: PageView) -> str | None:
    """The view's fit mode (read through a call: each key press may change it)."""
    return view.fit


def status(r: Reading) -> ReadingStatus:
    return r.window.lib.get(r.paper_id).status


def test_opening_a_to_read_paper_marks_it_reading_and_u_undoes(
    qtbot: QtBot, reading: Reading
) -> None:
    set_status(reading, ReadingStatus.TO_READ)
    open_in_reader(qtbot, reading)
    assert status(reading) is ReadingStatus.READING
    qtbot.keyClick(reading.window.reader_page.view, Qt.Key.Key_U)
    assert status(reading) is ReadingStatus.TO_READ


def test_the_setting_keeps_the_status(qtbot: QtBot, reading: Reading) -> None:
    update_user_settings(lambda s: setattr(s.ui, "reader_sets_reading", False))
    set_status(reading, ReadingStatus.TO_READ)
    open_in_reader(qtbot, reading)
    assert status(reading) is ReadingStatus.TO_READ


def test_the_place_is_kept_and_progress_recorded(qtbot: QtBot, reading: Reading) -> None:
    w = reading.window
    open_in_reader(qtbot, reading)
    view = w.reader_page.view
    assert view.current_page() == 0
    qtbot.keyClick(view, Qt.Key.Key_BracketRight)
    assert view.current_page() == 1
    assert w.reader_page.page_field.text() == "2"
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    assert w.pages.currentWidget() is w.stack
    assert w.table.hasFocus()
    assert w.lists.selected_ids() == [reading.paper_id]
    assert w.lib.reading_progress([reading.paper_id]) == {reading.paper_id: (2, 3)}
    # The list shows it (the status column: text, tooltip, and a role for delegates).
    row = w.model.row_of(reading.paper_id)
    assert row is not None
    cell = w.model.index(row, [c.key for c in COLUMNS].index("status"))
    assert cell.data(Roles.PROGRESS) == (2, 3)
    assert "page 2 of 3" in cell.data(Qt.ItemDataRole.ToolTipRole)
    # Another paper's PDF would replace it; opening this one again starts where it was.
    view.close_document()
    w.reader.paper_id = None
    open_in_reader(qtbot, reading)
    assert view.current_page() == 1


def test_closing_on_the_last_page_offers_to_mark_it_read(qtbot: QtBot, reading: Reading) -> None:
    w = reading.window
    set_status(reading, ReadingStatus.READING)
    open_in_reader(qtbot, reading)
    view = w.reader_page.view
    qtbot.keyClick(view, Qt.Key.Key_G, Qt.KeyboardModifier.ShiftModifier)
    assert view.at_end()
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    offer = w.reader_page.offer
    assert offer.isVisible()
    assert offer.yes.hasFocus()
    assert w.pages.currentWidget() is w.reader_page  # not a dialog: the page stays
    qtbot.keyClick(offer.yes, Qt.Key.Key_Return)
    assert status(reading) is ReadingStatus.READ
    assert w.pages.currentWidget() is w.stack


def test_esc_on_the_offer_leaves_the_status(qtbot: QtBot, reading: Reading) -> None:
    w = reading.window
    set_status(reading, ReadingStatus.READING)
    open_in_reader(qtbot, reading)
    view = w.reader_page.view
    qtbot.keyClick(view, Qt.Key.Key_G, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    qtbot.keyClick(w.reader_page.offer.yes, Qt.Key.Key_Escape)
    assert status(reading) is ReadingStatus.READING
    assert w.pages.currentWidget() is w.stack


def test_keys_move_zoom_and_switch_modes(qtbot: QtBot, reading: Reading) -> None:
    open_in_reader(qtbot, reading)
    view = reading.window.reader_page.view
    fit = view.zoom
    qtbot.keyClick(view, Qt.Key.Key_Plus)
    assert view.zoom > fit
    assert fit_of(view) is None
    qtbot.keyClick(view, Qt.Key.Key_Minus)
    qtbot.keyClick(view, Qt.Key.Key_Minus)
    assert view.zoom < fit
    qtbot.keyClick(view, Qt.Key.Key_0)
    assert view.zoom == fit
    assert fit_of(view) == "width"
    qtbot.keyClick(view, Qt.Key.Key_Z)
    assert fit_of(view) == "page"
    assert view.zoom < fit
    top = view.verticalScrollBar().value()
    qtbot.keyClick(view, Qt.Key.Key_J)
    assert view.verticalScrollBar().value() > top
    qtbot.keyClick(view, Qt.Key.Key_K)
    assert view.verticalScrollBar().value() == top
    qtbot.keyClicks(view, "gg")
    assert view.current_page() == 0
    qtbot.keyClick(view, Qt.Key.Key_S)  # single pages
    assert [i for i, r in enumerate(view.layout_.rects) if r is not None] == [0]
    qtbot.keyClick(view, Qt.Key.Key_BracketRight)
    assert [i for i, r in enumerate(view.layout_.rects) if r is not None] == [1]
    qtbot.keyClick(view, Qt.Key.Key_S)
    assert all(r is not None for r in view.layout_.rects)
    assert view.current_page() == 1


def test_find_steps_through_matches_on_every_page(qtbot: QtBot, reading: Reading) -> None:
    page = reading.window.reader_page
    open_in_reader(qtbot, reading)
    view = page.view
    qtbot.keyClick(view, Qt.Key.Key_Slash)
    qtbot.keyClicks(page.find_field, "PAGE")  # case does not matter
    qtbot.keyClick(page.find_field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.search.done and view.current_hit is not None)
    pages = [h.page for h in view.search.hits]
    assert pages == [1, 2]  # "Second page", "Third page"
    seen = []
    for _ in range(len(pages)):
        assert view.current_hit is not None
        seen.append(view.current_hit.page)
        qtbot.keyClick(view, Qt.Key.Key_N)
    assert sorted(seen) == pages
    qtbot.keyClick(view, Qt.Key.Key_N, Qt.KeyboardModifier.ShiftModifier)
    assert page.hits_label.text().strip().endswith(f"of {len(pages)}")
    qtbot.keyClick(view, Qt.Key.Key_Escape)  # Esc clears the matches first …
    assert view.search.hits == []
    assert reading.window.pages.currentWidget() is page
    qtbot.keyClicks(view, "gg")  # (not on the last page, where Esc would offer to mark it read)
    qtbot.keyClick(view, Qt.Key.Key_Escape)  # … then goes back to the list
    assert reading.window.pages.currentWidget() is reading.window.stack


def test_the_page_field_takes_a_page_label(qtbot: QtBot, reading: Reading) -> None:
    page = reading.window.reader_page
    open_in_reader(qtbot, reading)
    qtbot.keyClick(page.view, Qt.Key.Key_P)
    assert page.page_field.hasFocus()
    page.page_field.clear()
    qtbot.keyClicks(page.page_field, "3")
    qtbot.keyClick(page.page_field, Qt.Key.Key_Return)
    assert page.view.current_page() == 2
    assert page.view.hasFocus()


def test_space_pages_through_and_single_pages_turn_at_their_edge(
    qtbot: QtBot, reading: Reading
) -> None:
    open_in_reader(qtbot, reading)
    view = reading.window.reader_page.view
    bar = view.verticalScrollBar()
    top = bar.value()
    qtbot.keyClick(view, Qt.Key.Key_Space)
    assert bar.value() > top
    qtbot.keyClick(view, Qt.Key.Key_Space, Qt.KeyboardModifier.ShiftModifier)
    assert bar.value() == top
    qtbot.keyClick(view, Qt.Key.Key_S)  # single pages: Space at a page's end turns it
    while bar.value() < bar.maximum():
        qtbot.keyClick(view, Qt.Key.Key_Space)
    assert view.current_page() == 0
    qtbot.keyClick(view, Qt.Key.Key_Space)
    assert view.current_page() == 1
    assert bar.value() == bar.minimum()
    qtbot.keyClick(view, Qt.Key.Key_Space, Qt.KeyboardModifier.ShiftModifier)
    assert view.current_page() == 0  # back to the end of the page before


def test_the_zoom_is_kept_with_the_place(qtbot: QtBot, reading: Reading) -> None:
    w = reading.window
    open_in_reader(qtbot, reading)
    view = w.reader_page.view
    qtbot.keyClicks(view, "++")
    zoom = view.zoom
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    saved = w.lib.reading_position(reading.paper_id)
    assert saved is not None
    assert saved.zoom == pytest.approx(zoom, abs=0.001)
    view.close_document()
    w.reader.paper_id = None
    open_in_reader(qtbot, reading)
    assert view.zoom == pytest.approx(zoom, abs=0.001)
    assert fit_of(view) is None


def test_the_place_is_kept_while_reading(qtbot: QtBot, reading: Reading) -> None:
    w = reading.window
    open_in_reader(qtbot, reading)
    w.reader._save_timer.setInterval(10)  # seconds in use: a crash loses little
    qtbot.keyClick(w.reader_page.view, Qt.Key.Key_BracketRight)
    qtbot.waitUntil(
        lambda: w.lib.reading_progress([reading.paper_id]) == {reading.paper_id: (2, 3)}
    )
    assert w.pages.currentWidget() is w.reader_page


def test_many_matches_are_measured_a_few_per_frame(qtbot: QtBot, reading: Reading) -> None:
    page = reading.window.reader_page
    open_in_reader(qtbot, reading)
    view = page.view
    view.search.start(view.doc, "e")  # type: ignore[arg-type]  # the document is open
    assert view.search.done  # three pages: searched at once, nothing painted yet
    shown = [h for h in view.search.hits if h.page == 0]
    assert len(shown) > HIT_BOXES_PER_FRAME
    view.viewport().repaint()  # one frame
    measured = [h for h in shown if view.search.known_boxes(h) is not None]
    assert len(measured) <= HIT_BOXES_PER_FRAME
    # The next frames measure the rest, without another event from the user.
    qtbot.waitUntil(lambda: all(view.search.known_boxes(h) is not None for h in shown))


class _UrlRecorder(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url)


def test_o_on_a_paper_without_a_pdf_opens_its_link(qtbot: QtBot, reading: Reading) -> None:
    w = reading.window
    other = next(p for p in w.lib.get_many(w.model.ids()) if p.id != reading.paper_id)
    assert other.arxiv_id or other.doi or other.url
    w.lists.select([other.id])
    w.table.setFocus()
    recorder = _UrlRecorder()
    QDesktopServices.setUrlHandler("https", recorder, "open")  # type: ignore[arg-type]
    try:
        qtbot.keyClick(w.table, Qt.Key.Key_O)
    finally:
        QDesktopServices.unsetUrlHandler("https")
    assert len(recorder.urls) == 1
    assert w.pages.currentWidget() is w.stack  # the reader did not open


def test_the_list_draws_progress_under_the_status(qtbot: QtBot, reading: Reading) -> None:
    w = reading.window
    open_in_reader(qtbot, reading)
    qtbot.keyClick(w.reader_page.view, Qt.Key.Key_BracketRight)  # page 2 of 3
    qtbot.keyClick(w.reader_page.view, Qt.Key.Key_Escape)
    column = [c.key for c in COLUMNS].index("status")
    w.table.clearSelection()  # the bar is drawn in the highlight colour
    other = next(pid for pid in w.model.ids() if pid != reading.paper_id)

    def bar_pixels(paper_id: int) -> int:
        row = w.model.row_of(paper_id)
        assert row is not None
        cell = w.table.visualRect(w.model.index(row, column))
        image = w.table.viewport().grab().toImage()
        highlight = w.table.palette().color(QPalette.ColorRole.Highlight).rgb()
        y = cell.bottom() - 2
        return sum(image.pixel(x, y) == highlight for x in range(cell.left(), cell.right()))

    w.table.scrollTo(w.model.index(w.model.row_of(reading.paper_id) or 0, 0))
    assert bar_pixels(reading.paper_id) >= 8  # two thirds of the cell
    assert bar_pixels(other) == 0


def test_the_setting_is_in_the_preferences(qtbot: QtBot, lib_path: Path) -> None:
    from papershelf.config.user_settings import load_user_settings
    from papershelf.gui.dialogs.preferences import Preferences, PreferencesDialog

    dialog = PreferencesDialog(Preferences(), lib_path)
    qtbot.addWidget(dialog)
    assert dialog.reader_sets_reading.isChecked()  # on by default
    dialog.reader_sets_reading.setChecked(False)
    dialog.apply_to(Preferences())
    assert load_user_settings().ui.reader_sets_reading is False

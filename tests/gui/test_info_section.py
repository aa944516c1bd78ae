"""The detail pane's Info section: fields edited in place, by keyboard, saved and undoable."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path
from typing import Any

from papershelf.core.models import PaperDraft
from papershelf.gui.mainwindow import MainWindow
from papershelf.library import Library, ops
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from tests.gui.conftest import close_window, open_window

ARTICLE = PaperDraft(
    title="Problems on the TeX/PostScript/Graphics Interface",
    authors=["Rahtz, Sebastian", "Goossens, Michel"],
    year=1988,
    venue="TUGboat",
    entry_type="article",
)


def _open(qtbot: QtBot, lib_path: Path) -> tuple[MainWindow, int]:
    with Library.open(lib_path) as lib:
        (pid,) = lib.import_drafts([ARTICLE]).added_ids
    window = open_window(qtbot, lib_path)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    window.lists.select([pid])
    qtbot.waitUntil(lambda: window.details.paper_id() == pid, timeout=5000)
    window.table.setFocus()
    return window, pid


def _line(window: MainWindow, name: str) -> QLineEdit:
    editor = window.details.info.editor(name)
    assert isinstance(editor, QLineEdit)
    return editor


def test_volume_and_pages_typed_with_keys_only_survive_a_restart(
    qtbot: QtBot, lib_path: Path
) -> None:
    window, pid = _open(qtbot, lib_path)
    info = window.details.info
    try:
        # The journal is labelled as one for an article, and its empty usual fields are shown.
        assert info.value_label("venue").isVisible()
        assert window.details.info._rows["venue"].label.text() == "Journal"
        assert {"volume", "issue", "pages"} <= set(info.shown_fields())
        # "e" in the list edits the title; Tab moves on field by field to the volume.
        qtbot.keyClick(window.table, "e")
        assert info.editing() == "title"
        assert _line(window, "title").hasFocus()
        for _ in range(3):  # title → authors → journal → volume
            focused = QApplication.focusWidget()
            assert focused is not None
            qtbot.keyClick(focused, Qt.Key.Key_Tab)
        assert info.editing() == "volume"
        volume = _line(window, "volume")
        assert volume.hasFocus()
        qtbot.keyClicks(volume, "9")
        qtbot.keyClick(volume, Qt.Key.Key_Tab)  # saves the volume, edits the issue
        assert info.editing() == "issue"
        qtbot.keyClick(_line(window, "issue"), Qt.Key.Key_Tab)  # nothing typed: no change
        pages = _line(window, "pages")
        assert pages.hasFocus()
        qtbot.keyClicks(pages, "263--264")
        qtbot.keyClick(pages, Qt.Key.Key_Return)
        assert info.editing() is None
        assert info.value_label("pages").hasFocus()
        assert info.value_label("pages").text() == "263-264"
        assert info.value_label("volume").text() == "9"
        # Esc on a field that is not being edited goes back to the list.
        qtbot.keyClick(info.value_label("pages"), Qt.Key.Key_Escape)
        assert window.table.hasFocus()
    finally:
        close_window(window)
    with Library.open(lib_path) as lib:
        paper = lib.get(pid)
        assert (paper.volume, paper.issue, paper.pages) == ("9", None, "263-264")
    window = open_window(qtbot, lib_path)
    try:
        window.lists.select([pid])
        qtbot.waitUntil(lambda: window.details.paper_id() == pid, timeout=5000)
        assert window.details.info.value_label("volume").text() == "9"
        assert window.details.info.value_label("pages").text() == "263-264"
    finally:
        close_window(window)


def test_a_refused_month_stays_in_the_field_with_the_reason(qtbot: QtBot, lib_path: Path) -> None:
    window, pid = _open(qtbot, lib_path)
    info = window.details.info
    try:
        info.start_edit("month")
        month = _line(window, "month")
        qtbot.keyClicks(month, "Smarch")
        qtbot.keyClick(month, Qt.Key.Key_Return)
        assert info.editing() == "month"
        assert month.isVisible()
        assert month.text() == "Smarch"
        assert window.statusBar().currentMessage().startswith("Not saved: month must be")
        assert window.lib.get(pid).month is None
        # Tab does not move on either; a month the library takes is shown by its name.
        qtbot.keyClick(month, Qt.Key.Key_Tab)
        assert info.editing() == "month"
        month.selectAll()
        qtbot.keyClicks(month, "sep")
        qtbot.keyClick(month, Qt.Key.Key_Return)
        assert info.editing() is None
        assert info.value_label("month").text() == "September"
        assert window.lib.get(pid).month == 9
    finally:
        close_window(window)


def test_ctrl_z_undoes_a_field_edit(qtbot: QtBot, lib_path: Path) -> None:
    window, pid = _open(qtbot, lib_path)
    info = window.details.info
    try:
        info.value_label("year").setFocus()  # as Tab or a click would
        qtbot.keyClick(info.value_label("year"), Qt.Key.Key_F2)
        year = _line(window, "year")
        assert year.hasFocus()
        assert year.text() == "1988"
        year.selectAll()
        qtbot.keyClicks(year, "1989")
        qtbot.keyClick(year, Qt.Key.Key_Return)
        assert window.lib.get(pid).year == 1989
        assert info.value_label("year").hasFocus()
        qtbot.keyClick(info.value_label("year"), Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
        assert window.lib.get(pid).year == 1988
        assert info.value_label("year").text() == "1988"
        # Esc while editing cancels: nothing saved, the old value shown.
        qtbot.keyClick(info.value_label("year"), Qt.Key.Key_Return)
        qtbot.keyClicks(year, "2001")
        qtbot.keyClick(year, Qt.Key.Key_Escape)
        assert info.editing() is None
        assert window.lib.get(pid).year == 1988
        assert info.value_label("year").text() == "1988"
    finally:
        close_window(window)


def test_an_edit_from_another_process_shows_up(qtbot: QtBot, lib_path: Path) -> None:
    window, pid = _open(qtbot, lib_path)
    try:
        with Library.open(lib_path) as other:  # as `papershelf set` would
            ops.run(other, ops.SetPaperFields.of(pid, {"publisher": "TeX Users Group"}))
        qtbot.waitUntil(
            lambda: window.details.info.value_label("publisher").text() == "TeX Users Group",
            timeout=10_000,
        )
        assert "publisher" in window.details.info.shown_fields()
    finally:
        close_window(window)


def test_a_field_gets_its_editor_when_first_edited(qtbot: QtBot, lib_path: Path) -> None:
    # The window shows 22 values and no editor: each is made for its first edit (issue 21).
    window, _pid = _open(qtbot, lib_path)
    info = window.details.info
    try:
        assert [r.made_editor() for r in info._rows.values()] == [None] * len(info._rows)
        qtbot.keyClick(window.table, "e")
        title = _line(window, "title")
        assert title.isVisible()
        assert title.hasFocus()
        assert title.text() == ARTICLE.title
        assert [n for n, r in info._rows.items() if r.made_editor() is not None] == ["title"]
        qtbot.keyClick(title, Qt.Key.Key_Escape)
        assert info.editing() is None
        assert not title.isVisible()
        assert info.value_label("title").isVisible()
    finally:
        close_window(window)


def test_the_info_rows_sit_one_under_another_whatever_the_title_length(
    qtbot: QtBot, lib_path: Path
) -> None:
    # A wrapped title made the section as tall as a narrow width would need, and the rows
    # were spread over that height, a few lines apart each.
    long_title = PaperDraft(
        title="Better Training of GFlowNets with Local Credit and Incomplete Trajectories " * 2,
        authors=["Pan, Ling"],
        year=2023,
    )
    with Library.open(lib_path) as lib:
        (pid,) = lib.import_drafts([long_title]).added_ids
    window = open_window(qtbot, lib_path)
    try:
        window.resize(1400, 900)
        window.lists.select([pid])
        qtbot.waitUntil(lambda: window.details.paper_id() == pid, timeout=5000)
        info = window.details.info
        rows = [info._rows[name] for name in info.shown_fields()]
        line = rows[0].label.fontMetrics().height()

        def needed(row: Any) -> int:
            value = row.value
            if value.wordWrap() and value.width() > 0:
                return max(line, int(value.heightForWidth(value.width())))
            return line

        def compact() -> bool:
            # Each row starts right under the one before: no more than its own text apart.
            tops = [row.label.geometry().top() for row in rows]
            return all(
                b - a <= needed(row) + line
                for (a, b), row in zip(pairwise(tops), rows, strict=False)
            )

        qtbot.waitUntil(compact, timeout=3000)
        assert info.value_label("title").height() >= 2 * line  # it does wrap here
    finally:
        close_window(window)

"""Issue 19, item 5: Return adds an annotation from any of its fields; Esc leaves any field."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from papershelf.gui.mainwindow import MainWindow
from papershelf.library import ops
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from tests.gui.conftest import close_window
from tests.gui.keys_helpers import active_window, seed_many


@pytest.fixture
def win(qtbot: QtBot, lib_path: Path, request: pytest.FixtureRequest) -> Iterator[MainWindow]:
    seed_many(lib_path, 3)
    window = active_window(qtbot, lib_path)
    window.table.setFocus()
    qtbot.waitUntil(window.table.hasFocus, timeout=3000)
    pid = window.details.paper_id()
    assert pid is not None
    if request.node.name.startswith("test_esc"):  # a list of annotations to leave
        window.session.run(ops.AddAnnotation(pid, "An earlier quote", 2, None))
    yield window
    close_window(window)


@pytest.mark.parametrize("field", ["quote", "page", "comment"])
def test_return_in_any_annotation_field_adds_it(win: MainWindow, qtbot: QtBot, field: str) -> None:
    d = win.details
    pid = d.paper_id()
    assert pid is not None
    qtbot.keyClick(win.table, "a")
    assert d.quote.hasFocus()
    qtbot.keyClicks(d.quote, "Micro-batches hide the bubble")
    qtbot.keyClick(d.quote, Qt.Key.Key_Tab)
    qtbot.keyClicks(d.page, "7")
    qtbot.keyClick(d.page, Qt.Key.Key_Tab)
    qtbot.keyClicks(d.comment, "key idea")
    target: QWidget = getattr(d, field)
    target.setFocus()
    qtbot.keyClick(target, Qt.Key.Key_Return)
    annotations = win.lib.get(pid).annotations
    assert [(a.quote, a.page, a.comment) for a in annotations] == [
        ("Micro-batches hide the bubble", 7, "key idea")
    ]


FIELDS: dict[str, Callable[[MainWindow], QWidget]] = {
    "status": lambda w: w.details.status,
    "priority": lambda w: w.details.priority,
    "tags": lambda w: w.details.tags,
    "quote": lambda w: w.details.quote,
    "page": lambda w: w.details.page,
    "comment": lambda w: w.details.comment,
    "annotations": lambda w: w.details.annotations,
    "abstract": lambda w: w.details.abstract,
    "related": lambda w: w.details.related,
    "note": lambda w: w.details.note.edit,
}


@pytest.mark.parametrize("field", sorted(FIELDS))
def test_esc_from_any_field_of_the_detail_pane_returns_to_the_list(
    win: MainWindow, qtbot: QtBot, field: str
) -> None:
    widget = FIELDS[field](win)
    widget.setFocus()
    qtbot.waitUntil(widget.hasFocus, timeout=3000)
    qtbot.keyClick(widget, Qt.Key.Key_Escape)
    qtbot.waitUntil(win.table.hasFocus, timeout=3000)

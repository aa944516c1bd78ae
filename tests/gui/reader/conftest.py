"""A window over a library whose first paper has a PDF with known text, for the reader."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from papershelf.gui.mainwindow import MainWindow
from papershelf.library import Library
from papershelf.library.attachments import attach
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from tests.gui.conftest import close_window, open_window
from tests.library.test_search import PAPERS
from tests.pdf.make_pdf import make_pdf

PAGES = [
    "Reading inside Papershelf\nThe quick brown fox jumps over the lazy dog\n"
    "Keyboard selection starts at a search match",
    "Second page of the paper\nHighlights become annotations with their rectangles\n"
    "Undo takes a highlight back",
    "Third page\nThe end of the paper is here",
]


@dataclass
class Reading:
    window: MainWindow
    paper_id: int


@pytest.fixture
def reading(qtbot: QtBot, lib_path: Path, tmp_path: Path) -> Iterator[Reading]:
    pdf = tmp_path / "paper.pdf"
    pdf.write_bytes(make_pdf(PAGES, title="Reading inside Papershelf"))
    with Library.open(lib_path) as lib:
        paper_id = lib.import_drafts(PAPERS).paper_ids[0]
        attach(lib, paper_id, pdf)
    window = open_window(qtbot, lib_path)
    yield Reading(window, paper_id)
    close_window(window)


def activate(qtbot: QtBot, window: MainWindow) -> None:
    """Under a real X server, shortcuts fire only in the active window (offscreen: always)."""
    if QGuiApplication.platformName() != "offscreen":
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)


def open_in_reader(qtbot: QtBot, r: Reading) -> None:
    """Select the paper in the list and press `o`; wait until its first page is drawn."""
    w = r.window
    activate(qtbot, w)
    w.lists.select([r.paper_id])
    w.table.setFocus()
    with qtbot.waitSignal(w.reader_page.view.sig_drawn, timeout=10_000):
        qtbot.keyClick(w.table, Qt.Key.Key_O)
    assert w.pages.currentWidget() is w.reader_page

"""A search with no hits leaves the detail pane empty: no paper, and no papers related to one."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from papershelf.gui.mainwindow import MainWindow
from papershelf.library import Library
from pytestqt.qtbot import QtBot

from tests.gui.conftest import close_window, open_window
from tests.library.test_search import PAPERS


@pytest.fixture
def win(qtbot: QtBot, lib_path: Path) -> Iterator[MainWindow]:
    with Library.open(lib_path) as lib:
        lib.import_drafts(PAPERS)
        assert lib.wait_for_index(30)
    window = open_window(qtbot, lib_path)
    qtbot.waitUntil(lambda: window.rest_built, timeout=10_000)
    yield window
    close_window(window)


def test_a_search_without_hits_shows_no_related_papers(win: MainWindow, qtbot: QtBot) -> None:
    win.lists.select([win.model.paper_id(1)])  # the Related lookup of this paper is due
    assert win.details.paper_id() == win.model.paper_id(1)
    with qtbot.waitSignal(win.discover._related_timer.timeout, timeout=10_000):
        win.search_bar.set_text("zzqqxx")  # nothing has it
        qtbot.waitUntil(lambda: win.model.rowCount() == 0, timeout=10_000)
    qtbot.waitUntil(lambda: not win.session.tasks.busy(), timeout=10_000)
    assert win.details.paper_id() is None
    assert win.details.title.text() == "No paper selected"
    # Before: the papers related to the paper shown before the search filled the section.
    assert win.details.related_titles() == []
    assert win.details.sections["related"].isHidden()
    assert not win.registry.enabled("paper.read")  # commands that need a paper are off

"""One header click, one order: the list and the search results sort alike."""

from __future__ import annotations

from pathlib import Path

import pytest
from papershelf.core.models import PaperDraft, ReadingStatus
from papershelf.gui.models.paper_table import COLUMNS
from papershelf.library import Library
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.gui.conftest import close_window, open_window

YEARS = (2019, None, 2021, None, 2017, 2023)


def _column(key: str) -> int:
    return next(i for i, c in enumerate(COLUMNS) if c.key == key)


@pytest.mark.parametrize("order", [Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder])
@pytest.mark.parametrize("key", ["year", "status"])
def test_search_results_and_the_list_share_the_sort_order(
    qtbot: QtBot, lib_path: Path, key: str, order: Qt.SortOrder
) -> None:
    with Library.open(lib_path) as lib:
        ids = lib.import_drafts(
            [
                PaperDraft(title=f"Diffusion study number {i}", year=year, authors=[f"A{i} B"])
                for i, year in enumerate(YEARS)
            ]
            + [PaperDraft(title="Unrelated graph paper", year=2020)]
        ).paper_ids
        # Statuses and priorities that a status sort must order by status, then priority.
        lib.set_status(ids[0], ReadingStatus.READ)
        lib.set_status(ids[3], ReadingStatus.READ)
        lib.set_priority(ids[0], 1)
        lib.set_priority(ids[3], 3)
    window = open_window(qtbot, lib_path)
    try:
        window.model.sort(_column(key), order)
        listed = [i for i in window.model.ids() if i != ids[-1]]
        window.search_bar.set_text("diffusion")
        qtbot.waitUntil(lambda: len(window.model.ids()) == len(YEARS), timeout=5000)
        window.model.sort(_column(key), order)
        assert window.model.ids() == listed
    finally:
        close_window(window)

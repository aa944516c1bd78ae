"""The detail pane is never narrower than its content (it has no horizontal scrollbar)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from papershelf.gui.theme import apply_font_size
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.gui.conftest import close_window
from tests.gui.keys_helpers import active_window, seed_many

LARGE = 20


@pytest.fixture
def app() -> Iterator[QApplication]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    yield app
    apply_font_size(app, 0)


def test_at_a_large_text_size_the_detail_pane_shows_its_lines_whole(
    qtbot: QtBot, lib_path: Path, app: QApplication
) -> None:
    seed_many(lib_path, 3)
    apply_font_size(app, LARGE)
    window = active_window(qtbot, lib_path)
    try:
        window.resize(1440, 860)
        window.splitter.setSizes([200, 840, 400])  # the pane's share of a first start
        pane = window.details
        body = pane.body_scroll.widget()
        assert body is not None
        view = pane.body_scroll.viewport()
        qtbot.waitUntil(lambda: pane.font().pointSize() == LARGE, timeout=5000)
        # Before: the status row and the values needed more than the pane's 400 px, and
        # their right ends were cut (the body is wider than what the pane shows).
        qtbot.waitUntil(lambda: 0 < body.width() <= view.width(), timeout=5000)
        assert window.table.isVisible()
    finally:
        close_window(window)

"""The window opens its library's search index after the first paint, and search works."""

from __future__ import annotations

from pathlib import Path

import pytest
from papershelf.core.models import PaperDraft
from papershelf.gui.app import GuiSession
from papershelf.library import Library
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot


@pytest.mark.qt_log_ignore("This plugin does not support raise")  # offscreen: no window stack
def test_index_opens_after_the_window_is_shown(
    qtbot: QtBot, qapp: QApplication, lib_path: Path
) -> None:
    with Library.open(lib_path) as lib:
        lib.import_drafts([PaperDraft(title="Diffusion models"), PaperDraft(title="Flows")])
    session = GuiSession(qapp)
    try:
        assert session.open_library(str(lib_path))
        window = session.window
        assert window is not None
        qtbot.addWidget(window)
        indexer = window.lib._indexer
        assert indexer is not None
        assert not indexer.started  # shown, not yet painted: the index waits
        assert window.model.rowCount() == 2  # the first page needs no index
        qtbot.waitUntil(lambda: indexer.started, timeout=5000)
        assert window.lib.wait_for_index(10)
        assert [h.paper_id for h in window.lib.search("flows").hits] == [window.model.ids()[0]]
    finally:
        session.close()

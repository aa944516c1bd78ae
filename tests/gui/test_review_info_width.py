"""Long single-line values (a publisher, a URL) wrap in the Info section; the pane is not cut."""

from __future__ import annotations

from pathlib import Path

import pytest
from papershelf.core.models import PaperDraft
from papershelf.gui.theme import apply_font_size
from papershelf.library import Library
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.gui.conftest import close_window, open_window

REPORT = PaperDraft(
    title="A Stochastic Model of TCP Reno Congestion Avoidance and Control",
    authors=["Padhye, Jitendra", "Firoiu, Victor", "Towsley, Don"],
    year=1999,
    entry_type="techreport",
    publisher="Department of Computer Science, University of Massachusetts Amherst",
    url="https://example.org/technical-reports/1999/networking/tcp-reno-congestion-avoidance.pdf",
)


@pytest.mark.parametrize("points", [0, 14])  # the system's text size, and a larger one
def test_long_values_wrap_and_the_detail_pane_fits_its_width(
    qtbot: QtBot, lib_path: Path, points: int
) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    with Library.open(lib_path) as lib:
        (pid,) = lib.import_drafts([REPORT]).added_ids
    apply_font_size(app, points)
    window = open_window(qtbot, lib_path)
    try:
        window.resize(1400, 900)
        window.splitter.setSizes([200, 760, 440])
        window.lists.select([pid])
        qtbot.waitUntil(lambda: window.details.paper_id() == pid, timeout=5000)
        pane = window.details
        body = pane.body_scroll.widget()
        assert body is not None
        view = pane.body_scroll.viewport()
        publisher = pane.info.value_label("publisher")
        qtbot.waitUntil(lambda: publisher.isVisible() and body.width() > 0, timeout=5000)
        # Before: the publisher and the URL kept one line each, the body grew wider than the
        # pane (no horizontal scrollbar there) and every line of the pane was cut on the right.
        qtbot.waitUntil(lambda: body.width() <= view.width(), timeout=5000)
        assert body.minimumSizeHint().width() <= view.width()
        line = publisher.fontMetrics().height()
        assert publisher.height() >= 2 * line  # wrapped
        assert publisher.geometry().right() <= body.width()
    finally:
        close_window(window)
        apply_font_size(app, 0)

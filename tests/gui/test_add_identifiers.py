"""Add by Identifier in the window: a local server with the real recorded answers, or offline."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from papershelf.gui.dialogs.add_identifiers import AddIdentifiersDialog, split_inputs
from papershelf.gui.mainwindow import MainWindow
from papershelf.gui.widgets.details_pane import PENDING_NOTE
from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication
from pytest_httpserver import HTTPServer
from pytestqt.qtbot import QtBot

from tests.gui.conftest import close_window, open_window
from tests.online.conftest import ATOM, ENV_VARS, arxiv_feed, closed_port_url, write_settings
from tests.online.test_add_cli import ARXIV_ID, DOI, HF_URL, serve_three
from tests.pdf.make_pdf import make_pdf

THREE = f"{HF_URL}\n{ARXIV_ID}\n{DOI}\n"
WAIT = 15_000


def point_services_at(monkeypatch: pytest.MonkeyPatch, url: str) -> None:
    for var in ENV_VARS:
        monkeypatch.setenv(var, url)


@pytest.fixture
def win(qtbot: QtBot, lib_path: Path) -> Iterator[MainWindow]:
    write_settings(lib_path)  # no arXiv wait, no retries
    window = open_window(qtbot, lib_path)
    yield window
    close_window(window)


def add_through_dialog(window: MainWindow, text: str) -> None:
    """Trigger the command, type into the dialog it opens and press Add."""
    seen: list[object] = []

    def fill() -> None:
        dialog = QApplication.activeModalWidget()
        seen.append(dialog)
        if isinstance(dialog, AddIdentifiersDialog):
            dialog.edit.setPlainText(text)
            dialog.add_button.click()
        elif dialog is not None:
            dialog.close()

    QTimer.singleShot(0, fill)
    window.registry.qaction("file.add_ids").trigger()
    assert len(seen) == 1
    assert isinstance(seen[0], AddIdentifiersDialog), "the command opens the dialog"


def titles(window: MainWindow) -> list[str]:
    return [window.model.index(r, 0).data() for r in range(window.model.rowCount())]


def test_dialog_adds_an_hf_url_an_arxiv_id_and_a_doi_as_three_complete_papers(
    win: MainWindow, qtbot: QtBot, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    point_services_at(monkeypatch, httpserver.url_for("/").rstrip("/"))
    serve_three(httpserver)
    add_through_dialog(win, THREE)
    # The change watcher may show rows before the addition is over: wait for its summary.
    qtbot.waitUntil(lambda: "Added 3" in win.status_label.text(), timeout=WAIT)
    qtbot.waitUntil(lambda: win.model.rowCount() == 3, timeout=WAIT)
    shown = titles(win)
    assert any(t.startswith("Breaking the Memory Barrier") for t in shown)
    assert any(t.startswith("Single-molecule FRET studies") for t in shown)
    assert not any(t.startswith(("arXiv:", "doi:")) for t in shown), "no placeholder left"
    assert sorted(win.lists.selected_ids()) == sorted(win.lib.list_ids()), (
        "the new papers are selected"
    )
    win.lists.select(win.lib.list_ids()[:1])
    assert PENDING_NOTE not in win.details.meta.text()
    # The details link lists every input.
    assert win.adding.last_report is not None
    assert [i.status for i in win.adding.last_report.items] == ["added"] * 3


def test_offline_adds_three_pending_papers_filled_in_when_the_server_is_up(
    win: MainWindow, qtbot: QtBot, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    point_services_at(monkeypatch, closed_port_url())
    add_through_dialog(win, THREE)
    qtbot.waitUntil(
        lambda: "3 pending (filled in when online)" in win.status_label.text(), timeout=WAIT
    )
    qtbot.waitUntil(lambda: win.model.rowCount() == 3, timeout=WAIT)
    assert sorted(titles(win)) == sorted(
        [f"arXiv:{HF_URL.rsplit('/', 1)[1]}", f"arXiv:{ARXIV_ID}", f"doi:{DOI}"]
    )
    doi_paper = win.lib.resolve(DOI)
    win.lists.select([doi_paper])
    assert PENDING_NOTE in win.details.meta.text()

    point_services_at(monkeypatch, httpserver.url_for("/").rstrip("/"))
    serve_three(httpserver)
    win.adding.fill_pending()  # what the 10-minute timer runs
    qtbot.waitUntil(
        lambda: win.details.title.text().startswith("Single-molecule FRET"), timeout=WAIT
    )
    assert PENDING_NOTE not in win.details.meta.text()
    qtbot.waitUntil(lambda: not any(t.startswith(("arXiv:", "doi:")) for t in titles(win)))
    assert win.model.rowCount() == 3, "filled in, not duplicated"


def test_undo_after_add_by_identifier_removes_the_added_papers(
    window: MainWindow, qtbot: QtBot, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_settings(window.lib.path)  # read by the worker's own connection
    point_services_at(monkeypatch, httpserver.url_for("/").rstrip("/"))
    serve_three(httpserver)
    before = window.model.rowCount()
    add_through_dialog(window, f"{ARXIV_ID}\n{DOI}")
    # Undo needs the addition's command, pushed when it is over (rows may show earlier).
    qtbot.waitUntil(
        lambda: (window.session.history.undo_label() or "").startswith("Add "), timeout=WAIT
    )
    qtbot.waitUntil(lambda: window.model.rowCount() == before + 2, timeout=WAIT)
    window.registry.qaction("edit.undo").trigger()
    assert window.model.rowCount() == before
    assert window.lib.count() == before
    window.registry.qaction("edit.redo").trigger()
    assert window.model.rowCount() == before + 2


def test_pasted_identifiers_are_looked_up_online(
    window: MainWindow, qtbot: QtBot, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_settings(window.lib.path)
    point_services_at(monkeypatch, httpserver.url_for("/").rstrip("/"))
    serve_three(httpserver)
    QGuiApplication.clipboard().setText(f"{DOI}\n")
    window.table.setFocus()
    window.registry.qaction("file.paste").trigger()
    qtbot.waitUntil(lambda: "added" in window.status_label.text(), timeout=WAIT)
    paper = window.lib.get(window.lib.resolve(DOI))
    assert paper.title.startswith("Single-molecule FRET studies"), "complete, not a placeholder"
    assert paper.venue == "Scientific Reports"


def test_split_inputs_reads_lines_words_and_comments() -> None:
    text = f"# my list\n{ARXIV_ID}  # read first\n\n{DOI} {HF_URL}\n"
    assert split_inputs(text) == [ARXIV_ID, DOI, HF_URL]


def test_download_arxiv_pdf_setting_attaches_the_pdf_of_an_added_arxiv_paper(
    qtbot: QtBot, lib_path: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_settings(lib_path, download_arxiv_pdf=True)
    point_services_at(monkeypatch, httpserver.url_for("/").rstrip("/"))
    httpserver.expect_request("/api/query").respond_with_data(
        arxiv_feed("current-2025/arxivpy_id_2104.12255v1_s0_m100.xml"), content_type=ATOM
    )
    httpserver.expect_request(f"/pdf/{ARXIV_ID}v1").respond_with_data(
        make_pdf(["Cryptographic protocols, page one"]), content_type="application/pdf"
    )
    window = open_window(qtbot, lib_path)
    try:
        add_through_dialog(window, ARXIV_ID)
        # The row shows up before the PDF is downloaded: wait for the end of the addition
        # (its summary), then for the attachment itself, which is what is asserted.
        qtbot.waitUntil(lambda: "PDF attached" in window.status_label.text(), timeout=WAIT)
        qtbot.waitUntil(lambda: window.model.rowCount() == 1, timeout=WAIT)
        window.lists.select(window.lib.list_ids())
        qtbot.waitUntil(
            lambda: window.details.files.file_names() == [f"{ARXIV_ID}v1.pdf"], timeout=WAIT
        )
        qtbot.waitUntil(lambda: "1 page indexed" in window.details.files.label.text(), timeout=WAIT)
    finally:
        close_window(window)


def test_refresh_metadata_command_completes_the_selected_pending_paper(
    win: MainWindow, qtbot: QtBot, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    point_services_at(monkeypatch, closed_port_url())
    add_through_dialog(win, DOI)
    qtbot.waitUntil(lambda: "pending — " in win.status_label.text(), timeout=WAIT)
    qtbot.waitUntil(lambda: win.model.rowCount() == 1, timeout=WAIT)
    win.lists.select(win.lib.list_ids())
    assert win.details.title.text() == f"doi:{DOI}"
    assert win.registry.qaction("paper.refresh").isEnabled()
    point_services_at(monkeypatch, httpserver.url_for("/").rstrip("/"))
    serve_three(httpserver)
    win.registry.qaction("paper.refresh").trigger()
    qtbot.waitUntil(
        lambda: win.details.title.text().startswith("Single-molecule FRET"), timeout=WAIT
    )
    assert "1 filled in" in win.status_label.text()

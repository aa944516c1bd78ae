"""PDFs in the window: a dropped PDF becomes a searchable paper; one dropped on a paper attaches."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from papershelf.gui.mainwindow import MainWindow
from papershelf.gui.widgets.details_pane import PENDING_NOTE
from papershelf.library import Library
from papershelf.library.attachments import attach
from PySide6.QtCore import QMimeData, QObject, QPoint, QPointF, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices, QDropEvent
from pytestqt.qtbot import QtBot

from tests.gui.conftest import close_window, open_window
from tests.library.test_search import PAPERS
from tests.online.conftest import ENV_VARS, closed_port_url, write_settings
from tests.pdf.make_pdf import make_pdf

WAIT = 15_000


@pytest.fixture(autouse=True)
def offline(monkeypatch: pytest.MonkeyPatch) -> None:
    """Nothing here may reach a service: a PDF naming an id is looked up "offline"."""
    url = closed_port_url()
    for var in ENV_VARS:
        monkeypatch.setenv(var, url)


@pytest.fixture
def win(qtbot: QtBot, lib_path: Path) -> Iterator[MainWindow]:
    write_settings(lib_path)
    window = open_window(qtbot, lib_path)
    yield window
    close_window(window)


def pdf_file(tmp_path: Path, name: str, pages: list[str], title: str | None = None) -> Path:
    path = tmp_path / name
    path.write_bytes(make_pdf(pages, title=title))
    return path


def drop(window: MainWindow, files: list[Path], at: QPoint) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(f)) for f in files])
    event = QDropEvent(
        QPointF(at),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(event)


def over_list(window: MainWindow) -> QPoint:
    return window.stack.mapTo(window, window.stack.rect().center())


def over_details(window: MainWindow) -> QPoint:
    return window.details.mapTo(window, QPoint(20, 20))


def test_dropped_pdf_becomes_a_paper_found_by_its_text_with_the_page(
    win: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    pdf = pdf_file(
        tmp_path,
        "field-notes.pdf",
        ["Field notes on marsupials", "The quokka smiles at every visitor on Rottnest."],
        title="Field Notes on Marsupials",
    )
    drop(win, [pdf], over_list(win))
    # The change watcher may show the row before the addition is over: wait for its summary.
    qtbot.waitUntil(lambda: "added: " in win.status_label.text(), timeout=WAIT)
    qtbot.waitUntil(lambda: win.model.rowCount() == 1, timeout=WAIT)
    assert win.model.index(0, 0).data() == "Field Notes on Marsupials"
    assert win.details.files.file_names() == ["field-notes.pdf"]
    assert "2 pages indexed" in win.details.files.label.text()
    assert win.lib.wait_for_index(10)
    win.search_bar.set_text("quokka")
    qtbot.waitUntil(lambda: "1 result" in win.search_bar.status.text(), timeout=WAIT)
    snippet = win.model.snippet(0)
    assert snippet is not None
    assert snippet.text.startswith("p. 2: "), snippet.text
    assert "quokka" in snippet.text.casefold()


def test_pdf_dropped_on_the_shown_paper_is_attached_and_listed(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    write_settings(window.lib.path)
    window.lists.select([2])
    assert window.details.files.isVisible()
    assert window.details.files.file_names() == []
    assert "drop a PDF here" in window.details.files.label.text()
    before = window.lib.count()
    pdf = pdf_file(tmp_path, "supplement.pdf", ["Appendix: the wombat ablation."])
    drop(window, [pdf], over_details(window))
    qtbot.waitUntil(lambda: window.details.files.file_names() == ["supplement.pdf"], timeout=WAIT)
    assert "1 page indexed" in window.details.files.label.text()
    assert window.lib.count() == before, "attached, not added as a paper"
    assert "attached supplement.pdf to #2" in window.status_label.text()
    assert window.lib.wait_for_index(10)
    window.search_bar.set_text("wombat")
    qtbot.waitUntil(lambda: window.model.ids() == [2], timeout=WAIT)
    # Undo takes the attachment off again (file and text); redo puts it back.
    assert (window.session.history.undo_label() or "") == "Attach PDF"
    window.session.undo()
    assert window.details.files.file_names() == []
    assert not list((window.lib.files_path / "2").glob("*.pdf"))
    window.session.redo()
    assert window.details.files.file_names() == ["supplement.pdf"]
    assert (window.lib.files_path / "2" / "supplement.pdf").exists()


def test_pdf_naming_an_arxiv_id_offline_is_pending_with_its_file(
    win: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    pdf = pdf_file(
        tmp_path,
        "stamped.pdf",
        ["arXiv:2104.12255v1 [cs.CR] 25 Apr 2021\nA paper whose metadata is not here yet"],
    )
    drop(win, [pdf], over_list(win))
    qtbot.waitUntil(lambda: "pending" in win.status_label.text(), timeout=WAIT)
    qtbot.waitUntil(lambda: win.model.rowCount() == 1, timeout=WAIT)
    assert PENDING_NOTE in win.details.meta.text()
    assert win.details.files.file_names() == ["stamped.pdf"]


def test_files_of_the_paper_selected_at_start_are_listed(
    qtbot: QtBot, lib_path: Path, tmp_path: Path
) -> None:
    with Library.open(lib_path) as lib:
        lib.import_drafts(PAPERS[:1])
        attach(lib, 1, pdf_file(tmp_path, "reprint.pdf", ["one page"]))
    window = open_window(qtbot, lib_path)
    try:
        assert window.details.paper_id() == 1
        assert window.details.files.file_names() == ["reprint.pdf"]
    finally:
        close_window(window)


class _UrlRecorder(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url)


def test_o_opens_the_attached_pdf_before_the_online_link(
    win: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    pid = win.lib.import_drafts([PAPERS[0]]).paper_ids[0]
    attach(win.lib, pid, pdf_file(tmp_path, "mine.pdf", ["my annotated copy"]))
    win.lists.refresh(keep=[pid])
    qtbot.waitUntil(lambda: win.lists.selected_ids() == [pid], timeout=5000)
    recorder = _UrlRecorder()
    for scheme in ("file", "https"):
        # PySide6's stub says bytes, but at run time only a str is accepted (bytes: ValueError).
        QDesktopServices.setUrlHandler(scheme, recorder, "open")  # type: ignore[arg-type]
    try:
        win.editing.open_link()
    finally:
        for scheme in ("file", "https"):
            QDesktopServices.unsetUrlHandler(scheme)
    assert len(recorder.urls) == 1
    opened = Path(recorder.urls[0].toLocalFile())
    assert opened.parent.parent == win.lib.files_path
    assert opened.name == "mine.pdf"

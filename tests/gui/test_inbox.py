"""The Inbox page: triage today's papers with single keys, undo, feeds and related papers."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from papershelf.config.settings import save_setting
from papershelf.core.models import PaperDraft, ReadingStatus
from papershelf.gui.keymap import conflicts, effective, normalize
from papershelf.gui.mainwindow import MainWindow
from papershelf.gui.views.inbox import InboxView, TagCompleter, item_url
from papershelf.library import Library
from papershelf.library.inbox import add_feed, fetch_all, inbox_ids, inbox_items, list_feeds
from papershelf.storage.inbox import ItemState
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QTableWidget
from pytest_httpserver import HTTPServer
from pytestqt.qtbot import QtBot

from tests.conftest import shared_file
from tests.gui.conftest import close_window, open_window

DAY = date(2024, 10, 25)
DAILY = "fixtures/huggingface/daily_papers_2024-10-25.json"
EDITING_SURVEY = PaperDraft(
    title="Editing Large Language Models: Knowledge Editing Problems, Methods and Hallucinations",
    authors=["Yunzhi Yao", "Peng Wang"],
    year=2023,
    abstract="Knowledge editing changes what a large language model believes about facts, "
    "to correct hallucinations without retraining. We survey knowledge editing methods and "
    "evaluate whether editing really corrects hallucinations in language models.",
    arxiv_id="2305.13172",
)
MEMIT = PaperDraft(
    title="Mass-Editing Memory in a Transformer",
    authors=["Kevin Meng", "David Bau"],
    year=2022,
    abstract="We edit thousands of facts in the memory of a language model at once; knowledge "
    "editing of factual associations in transformer language models.",
    arxiv_id="2210.07229",
)
UNRELATED = PaperDraft(
    title="Ant Colony Optimization for Scheduling",
    authors=["Thomas Stützle", "Marco Dorigo"],
    year=2004,
    abstract="Ant colony algorithms applied to flow shop scheduling problems.",
    doi="10.1007/978-3-540-24777-7",
)


@pytest.fixture
def server() -> Iterator[HTTPServer]:
    srv = HTTPServer(threaded=True)
    srv.start()
    try:
        yield srv
    finally:
        srv.clear()
        srv.stop()


@pytest.fixture
def inbox_path(tmp_path: Path, server: HTTPServer, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A library with three papers, subscribed to Daily Papers and fetched (29 items)."""
    daily = shared_file(DAILY).read_bytes()
    base = server.url_for("").rstrip("/")
    monkeypatch.setenv("PAPERSHELF_HF_API", base)
    monkeypatch.setenv("PAPERSHELF_ARXIV_API", base)
    path = tmp_path / "lib"
    path.mkdir()
    save_setting(path, "http_timeout", 0.5)
    save_setting(path, "http_retries", 0)
    server.expect_request("/api/daily_papers").respond_with_data(
        daily, content_type="application/json"
    )
    with Library.open(path) as lib:
        lib.import_drafts([EDITING_SURVEY, MEMIT, UNRELATED])
        add_feed(lib, "daily-papers")
        assert fetch_all(lib, day=DAY).new == 29
    return path


def cell_text(table: QTableWidget, row: int, column: int) -> str:
    item = table.item(row, column)
    assert item is not None, (row, column)
    return item.text()


def _activate(qtbot: QtBot, window: MainWindow) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)


def _wait_written(qtbot: QtBot, view: InboxView) -> None:
    qtbot.waitUntil(lambda: not view._pending, timeout=10_000)


def test_inbox_keys_are_unique_and_never_shadowed_by_window_keys() -> None:
    bindings = effective(None)
    assert not [k for k in conflicts(bindings) if k[0] == "inbox"]
    inbox = {normalize(k) for keys in bindings["inbox"].values() for k in keys}
    for key in ("J", "K", "Space", "A", "R", "T", "X", "S", "O", "Shift+A", "Shift+X", "Esc"):
        assert normalize(key) in inbox, key


def test_triage_ten_items_with_the_keyboard_then_undo(qtbot: QtBot, inbox_path: Path) -> None:
    window = open_window(qtbot, inbox_path)
    view = window.inbox_view
    # The start-up fetch runs in the background and finds nothing new.
    qtbot.waitUntil(lambda: "Fetched" in view.fetch_status.text(), timeout=8000)
    _activate(qtbot, window)
    window.table.setFocus()
    qtbot.keyClick(window.table, "g")
    qtbot.keyClick(window.table, "i")
    assert window.pages.currentWidget() is view
    table = view.table
    assert table.hasFocus()
    assert view.counter.text() == "29 left today"
    assert window.sidebar.count_of("inbox") == 29
    order = view.model.ids()
    items = {i.id: i for i in inbox_items(window.lib, order)}
    arxiv = [items[i].draft.arxiv_id for i in order]
    assert view.current_id() == order[0]

    qtbot.keyClick(table, "a")  # 0 → To read
    assert view.current_id() == order[1]  # the next item is selected at once
    qtbot.keyClick(table, "r")  # 1 → Reading
    qtbot.keyClick(table, "x")  # 2 dismissed
    qtbot.keyClick(table, "s")  # 3 saved for later: stays, marked
    assert view.current_id() == order[4]
    qtbot.keyClick(table, "t")  # 4 → To read, with tags typed inline
    assert view.tag_editor.hasFocus()
    qtbot.keyClicks(view.tag_editor, "llm, editing")
    qtbot.keyClick(view.tag_editor, Qt.Key.Key_Return)
    assert table.hasFocus()
    assert view.current_id() == order[5]
    qtbot.keyClick(table, "j")
    assert view.current_id() == order[6]
    qtbot.keyClick(table, "k")
    assert view.current_id() == order[5]
    assert "Space shows all" in view.abstract.toPlainText()
    qtbot.keyClick(table, Qt.Key.Key_Space)  # expand the abstract
    assert view.abstract_expanded()
    assert "Space shows all" not in view.abstract.toPlainText()
    assert view.abstract.toPlainText().strip() == items[order[5]].draft.abstract
    qtbot.keyClick(table, "x")  # 5 dismissed
    assert view.current_id() == order[6]
    # 6, 7, 8 selected with Shift+Down, added together; 9 dismissed with Shift+X.
    qtbot.keyClick(table, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(table, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    assert view.selected_ids() == order[6:9]
    qtbot.keyClick(table, "A", Qt.KeyboardModifier.ShiftModifier)
    assert view.current_id() == order[9]
    qtbot.keyClick(table, "X", Qt.KeyboardModifier.ShiftModifier)
    _wait_written(qtbot, view)

    lib = window.lib
    to_read = lib.get_many(lib.list_ids(status=ReadingStatus.TO_READ))
    added = {p.arxiv_id: p for p in to_read if p.arxiv_id in arxiv}
    assert set(added) == {arxiv[0], arxiv[4], arxiv[6], arxiv[7], arxiv[8]}
    assert added[arxiv[4]].tags == ["editing", "llm"]
    assert added[arxiv[0]].tags == []
    reading = lib.get_many(lib.list_ids(status=ReadingStatus.READING))
    assert [p.arxiv_id for p in reading] == [arxiv[1]]
    remaining = inbox_ids(lib)
    assert [i for i in order[:10] if i in remaining] == [order[3]]
    later = inbox_items(lib, [order[3]])[0]
    assert later.state is ItemState.LATER
    later_title = view.model.data(view.model.index(view.model.row_of(order[3]) or 0, 0))
    assert later_title == f"★ {later.draft.title}"
    qtbot.waitUntil(lambda: view.counter.text() == "19 left today · 1 saved for later")
    assert window.sidebar.count_of("inbox") == 19
    # The library list shows the added papers (it was refreshed behind the Inbox).
    assert len(window.model.ids()) == 3 + 6

    # Ctrl+Z takes back the last triage (the dismissal of 9), `u` the one before (6–8).
    qtbot.keyClick(table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert order[9] in inbox_ids(lib)
    assert view.current_id() == order[9]
    qtbot.keyClick(table, "u")
    assert set(order[6:9]) <= set(inbox_ids(lib))
    still = {p.arxiv_id for p in lib.get_many(lib.list_ids(status=ReadingStatus.TO_READ))}
    assert still & set(arxiv) == {arxiv[0], arxiv[4]}
    assert view.counter.text() == "23 left today · 1 saved for later"

    # Esc goes back to the library.
    qtbot.keyClick(table, Qt.Key.Key_Escape)
    assert window.pages.currentWidget() is window.stack
    close_window(window)

    # Dismissed items are gone after reopening; the undone one is back.
    again = open_window(qtbot, inbox_path)
    try:
        again.pages_ctl.show_page("inbox")
        ids = again.inbox_view.model.ids()
        assert order[2] not in ids
        assert order[5] not in ids
        assert order[9] in ids
        assert again.inbox_view.counter.text() == "23 left today · 1 saved for later"
    finally:
        close_window(again)


@pytest.mark.qt_log_ignore("This plugin does not support")  # offscreen: no window manager
def test_a_failing_feed_shows_its_error_and_leaves_the_inbox(
    qtbot: QtBot, inbox_path: Path, server: HTTPServer
) -> None:
    server.clear()
    server.expect_request("/api/daily_papers").respond_with_data("oops", status=500)
    window = open_window(qtbot, inbox_path)
    try:
        view = window.inbox_view
        qtbot.waitUntil(lambda: "failed" in view.fetch_status.text(), timeout=8000)
        assert QApplication.activeModalWidget() is None  # never a modal for a background fetch
        assert "500" in window.statusBar().currentMessage()
        window.pages_ctl.show_page("inbox")
        assert view.model.rowCount() == 29
        assert view.counter.text() == "29 left today"
        window.discover.show_feeds()
        dialog = window.discover.feeds_dialog
        assert dialog is not None
        errors = dialog.feed_errors()
        assert list(errors) == ["Hugging Face Daily Papers"]
        assert "500" in errors["Hugging Face Daily Papers"]
    finally:
        close_window(window)


@pytest.mark.qt_log_ignore("This plugin does not support")  # offscreen: no window manager
def test_feeds_dialog_adds_checks_and_removes_feeds(qtbot: QtBot, inbox_path: Path) -> None:
    window = open_window(qtbot, inbox_path)
    try:
        window.discover.show_feeds()
        dialog = window.discover.feeds_dialog
        assert dialog is not None
        dialog.kind.setCurrentIndex(1)  # arXiv category
        dialog.arg.setText("cs.LG")
        dialog.include.setText('title:"unclosed')
        dialog.add()
        assert "include" in dialog.error.text()
        assert dialog.table.rowCount() == 1  # nothing was added
        dialog.include.setText("diffusion")
        dialog.add()
        assert dialog.table.rowCount() == 2
        assert cell_text(dialog.table, 1, 1) == "arxiv:cs.LG"
        assert cell_text(dialog.table, 1, 2) == "include: diffusion"
        dialog.table.selectRow(1)
        dialog.remove_selected()
        assert dialog.table.rowCount() == 1
    finally:
        close_window(window)


def test_related_papers_for_an_inbox_item_and_in_the_detail_pane(
    qtbot: QtBot, inbox_path: Path
) -> None:
    window = open_window(qtbot, inbox_path)
    try:
        view = window.inbox_view
        window.pages_ctl.show_page("inbox")
        target = next(
            i.id
            for i in inbox_items(window.lib, view.model.ids())
            if i.draft.arxiv_id == "2410.16251"  # Can Knowledge Editing Really Correct ...
        )
        view.select([target])
        qtbot.waitUntil(lambda: bool(view.related_titles()), timeout=5000)
        assert view.related_titles()[0].startswith(EDITING_SURVEY.title)
        assert not any("Ant Colony" in t for t in view.related_titles())

        # Clicking a related paper shows it in the library, whose detail pane lists its own
        # nearest papers.
        view.related.itemClicked.emit(view.related.item(0))
        assert window.pages.currentWidget() is window.stack
        survey = window.lists.selected_ids()
        assert window.lib.get(survey[0]).title == EDITING_SURVEY.title
        qtbot.waitUntil(lambda: bool(window.details.related_titles()), timeout=5000)
        assert window.details.related_titles()[0] == MEMIT.title
        window.details.related.itemClicked.emit(window.details.related.item(0))
        assert window.lib.get(window.lists.selected_ids()[0]).title == MEMIT.title
    finally:
        close_window(window)


def test_open_goes_to_the_hugging_face_page_of_a_daily_papers_item(inbox_path: Path) -> None:
    with Library.open(inbox_path) as lib:
        item = inbox_items(lib, inbox_ids(lib)[:1])[0]
    assert item_url(item) == f"https://huggingface.co/papers/{item.draft.arxiv_id}"


def test_the_tag_line_completes_the_tag_after_the_last_comma(qtbot: QtBot) -> None:
    edit = QLineEdit()
    qtbot.addWidget(edit)
    completer = TagCompleter(edit)
    completer.set_names(["editing", "llm", "vision"])
    edit.setText("llm, edi")
    assert completer.splitPath(edit.text()) == ["edi"]
    completer.setCompletionPrefix("edi")
    # Choosing the completion keeps the tags typed before it.
    assert completer.currentCompletion() == "llm, editing"


def test_one_click_from_an_empty_library_to_todays_daily_papers(
    qtbot: QtBot, tmp_path: Path, server: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    daily = shared_file(DAILY).read_bytes()
    base = server.url_for("").rstrip("/")
    monkeypatch.setenv("PAPERSHELF_HF_API", base)
    server.expect_request("/api/daily_papers").respond_with_data(
        daily, content_type="application/json"
    )
    window = open_window(qtbot, tmp_path / "lib")
    try:
        labels = [b.text() for b in window.welcome.buttons]
        assert "Add by arXiv id, link or DOI…" in labels
        window.welcome.buttons[labels.index("Subscribe to Hugging Face Daily Papers")].click()
        view = window.inbox_view
        assert window.pages.currentWidget() is view
        qtbot.waitUntil(lambda: view.model.rowCount() == 29, timeout=10_000)
        with Library.open(tmp_path / "lib") as lib:
            assert [f.kind.value for f in list_feeds(lib)] == ["daily-papers"]
    finally:
        close_window(window)


def test_an_empty_inbox_without_feeds_offers_to_subscribe(
    qtbot: QtBot, tmp_path: Path, server: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PAPERSHELF_HF_API", server.url_for("").rstrip("/"))
    server.expect_request("/api/daily_papers").respond_with_data(
        shared_file(DAILY).read_bytes(), content_type="application/json"
    )
    with Library.open(tmp_path / "lib") as lib:
        lib.import_drafts([MEMIT])
    window = open_window(qtbot, tmp_path / "lib")
    try:
        window.pages_ctl.show_page("inbox")
        view = window.inbox_view
        qtbot.waitUntil(view.subscribe.isVisible, timeout=3000)
        view.subscribe.click()
        qtbot.waitUntil(lambda: view.model.rowCount() == 29, timeout=10_000)
        assert not view.subscribe.isVisible()
    finally:
        close_window(window)


def test_only_web_links_from_a_feed_are_opened() -> None:
    from papershelf.storage.inbox import InboxItem

    def item(url: str, doi: str | None = None) -> InboxItem:
        return InboxItem(
            id=1,
            key="title:t",
            draft=PaperDraft(title="T", url=url, doi=doi),
            first_seen="2024-10-25T00:00:00Z",
            published="2024-10-25T00:00:00Z",
            seen=False,
            state=ItemState.NEW,
            hf_upvotes=None,
            paper_id=None,
        )

    assert item_url(item("https://example.org/paper")) == "https://example.org/paper"
    assert item_url(item("file:///etc/passwd")) is None
    assert item_url(item("\\\\host\\share\\x.exe", doi="10.1/x")) == "https://doi.org/10.1/x"


def test_a_dismiss_from_the_command_line_leaves_the_open_inbox_within_2_s(
    qtbot: QtBot, inbox_path: Path
) -> None:
    import subprocess
    import sys

    window = open_window(qtbot, inbox_path)
    try:
        window.pages_ctl.show_page("inbox")
        view = window.inbox_view
        qtbot.waitUntil(lambda: view.model.rowCount() == 29, timeout=5000)
        victim = view.model.ids()[5]
        cmd = [sys.executable, "-m", "papershelf", "--library", str(inbox_path)]
        subprocess.run([*cmd, "triage", str(victim), "dismiss"], check=True, capture_output=True)
        qtbot.waitUntil(lambda: victim not in view.model.ids(), timeout=2000)
        assert view.model.rowCount() == 28
        assert "28 left today" in view.counter.text()
    finally:
        close_window(window)

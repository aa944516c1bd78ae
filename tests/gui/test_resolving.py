"""The window resolves pasted titles in the background and lets the user pick among ties."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from papershelf.gui.dialogs.resolve import ResolveDialog
from papershelf.gui.mainwindow import MainWindow
from papershelf.library import Library
from PySide6.QtCore import QMimeData, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication
from pytest_httpserver import HTTPServer
from pytestqt.qtbot import QtBot
from werkzeug import Request, Response

from tests.gui.conftest import close_window, open_window
from tests.online.conftest import ATOM, arxiv_feed, write_settings

WAIT = 20_000

RECORDS = [
    ("Sparse Attention for Long Documents", "2401.00001", "Ada Lovelace"),
    ("Rectified Flow Matching at Scale", "2401.00002", "Alan Turing"),
]
ABSTRACT = (
    "We present {}, a method that we evaluate on standard benchmarks and analyse in depth. "
    "Experiments show consistent gains over strong baselines across tasks, datasets and "
    "model sizes, and ablations explain where the gains come from. We release code and "
    "models to support further research on this topic."
)
LISTING = "\n\n".join(f"{title}\n\n{ABSTRACT.format(title.lower())}" for title, _, _ in RECORDS)
ONE_PAPER = f"{RECORDS[0][0]}\n\n{ABSTRACT.format(RECORDS[0][0].lower())}"


def item(title: str, arxiv_id: str, author: str) -> dict[str, Any]:
    """A Hugging Face search result, in the shape of a `daily_papers` item."""
    paper = {
        "id": arxiv_id,
        "title": title,
        "authors": [{"name": author}],
        "publishedAt": "2024-01-02T00:00:00.000Z",
        "summary": "",
        "upvotes": 4,
    }
    return {"paper": paper, "title": title}


def serve(server: HTTPServer, *, rival: bool = False) -> None:
    def search(request: Request) -> Response:
        query = request.args["q"].lower()
        found = [item(*r) for r in RECORDS if r[0].lower() == query]
        if rival and found:
            found.append(item(found[0]["title"], "2402.00009", "Grace Hopper"))
        return Response(json.dumps(found), content_type="application/json")

    server.expect_request("/api/papers/search").respond_with_handler(search)
    server.expect_request("/api/query").respond_with_data(
        arxiv_feed("current-2025/rsxiv_query_empty.xml"), content_type=ATOM
    )


@pytest.fixture
def online_window(
    qtbot: QtBot, lib_path: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> Iterator[MainWindow]:
    base = httpserver.url_for("/").rstrip("/")
    for var in ("PAPERSHELF_ARXIV_API", "PAPERSHELF_HF_API", "PAPERSHELF_CROSSREF_API"):
        monkeypatch.setenv(var, base)
    write_settings(lib_path)
    Library.open(lib_path).close()
    win = open_window(qtbot, lib_path)
    yield win
    close_window(win)


def arxiv_ids(window: MainWindow) -> set[str | None]:
    return {p.arxiv_id for p in window.lib.get_many(window.lib.list_ids())}


def test_a_pasted_listing_is_resolved_in_the_background(
    online_window: MainWindow, httpserver: HTTPServer, qtbot: QtBot
) -> None:
    serve(httpserver)
    QGuiApplication.clipboard().setText(LISTING)
    online_window.table.setFocus()
    online_window.registry.qaction("file.paste").trigger()
    qtbot.waitUntil(lambda: arxiv_ids(online_window) == {"2401.00001", "2401.00002"}, timeout=WAIT)
    # The rows show the authors the answers brought.
    model = online_window.model
    qtbot.waitUntil(
        lambda: any(
            "Lovelace" in str(model.data(model.index(r, c)))
            for r in range(model.rowCount())
            for c in range(model.columnCount())
        ),
        timeout=WAIT,
    )


def test_a_pasted_page_gives_ids_without_any_search(
    online_window: MainWindow, httpserver: HTTPServer, qtbot: QtBot
) -> None:
    serve(httpserver)
    mime = QMimeData()
    mime.setText("Sparse Attention for Long Documents")
    mime.setHtml(
        '<ul><li><a href="https://huggingface.co/papers/2401.00001">Sparse Attention for Long '
        'Documents</a></li><li><a href="https://arxiv.org/abs/2401.00002">Rectified Flow '
        "Matching at Scale</a></li></ul>"
    )
    clipboard = QGuiApplication.clipboard()
    clipboard.setMimeData(mime)
    try:
        online_window.table.setFocus()
        online_window.registry.qaction("file.paste").trigger()
        qtbot.waitUntil(lambda: online_window.lib.count() == 2, timeout=WAIT)
    finally:
        # Mime data we put on the offscreen clipboard crashes Qt at exit unless cleared.
        clipboard.clear()
    assert arxiv_ids(online_window) == {"2401.00001", "2401.00002"}
    qtbot.waitUntil(lambda: not online_window.session.busy(), timeout=WAIT)
    assert not [r for r, _ in httpserver.log if r.path == "/api/papers/search"]


def test_resolve_by_title_lets_the_user_pick_among_ties(
    online_window: MainWindow, httpserver: HTTPServer, qtbot: QtBot
) -> None:
    serve(httpserver, rival=True)
    online_window.importing.import_text(ONE_PAPER)
    qtbot.waitUntil(lambda: online_window.lib.count() == 1, timeout=WAIT)
    qtbot.waitUntil(lambda: not online_window.session.busy(), timeout=WAIT)
    (pid,) = online_window.lib.list_ids()
    assert online_window.lib.get(pid).arxiv_id is None  # a tie: nothing taken on its own
    online_window.lists.select([pid])

    def pick_first() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, ResolveDialog)
        assert dialog.list.count() == 2
        # As a window manager would: the dialog is the active window, so its keys are its own
        # (offscreen, the main window stays active and its list's "1" shortcut would hear it).
        dialog.activateWindow()
        qtbot.waitUntil(dialog.isActiveWindow, timeout=WAIT)
        qtbot.keyClick(dialog, Qt.Key.Key_1)

    QTimer.singleShot(0, pick_first)
    online_window.registry.qaction("paper.resolve").trigger()
    qtbot.waitUntil(lambda: online_window.lib.get(pid).arxiv_id is not None, timeout=WAIT)
    assert online_window.lib.get(pid).arxiv_id in {"2401.00001", "2402.00009"}


def test_a_big_paste_is_resolved_in_batches(
    qtbot: QtBot, lib_path: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each automatic run takes a batch, and the next follows while the services answer."""
    from papershelf.gui.controllers import resolving

    monkeypatch.setattr(resolving, "BATCH", 4)
    monkeypatch.setattr(resolving, "NEXT_BATCH_MS", 10)
    titles = [f"Sparse Attention Variant Number {n} for Long Documents" for n in range(11)]
    records = {t: (t, f"2401.{n + 10:05d}", "Ada Lovelace") for n, t in enumerate(titles)}

    def search(request: Request) -> Response:
        found = records.get(request.args["q"])
        return Response(
            json.dumps([item(*found)] if found else []), content_type="application/json"
        )

    httpserver.expect_request("/api/papers/search").respond_with_handler(search)
    httpserver.expect_request("/api/query").respond_with_data(
        arxiv_feed("current-2025/rsxiv_query_empty.xml"), content_type=ATOM
    )
    base = httpserver.url_for("/").rstrip("/")
    for var in ("PAPERSHELF_ARXIV_API", "PAPERSHELF_HF_API", "PAPERSHELF_CROSSREF_API"):
        monkeypatch.setenv(var, base)
    write_settings(lib_path)
    Library.open(lib_path).close()
    window = open_window(qtbot, lib_path)
    try:
        listing = "\n\n".join(f"{t}\n\n{ABSTRACT.format(t.lower())}" for t in titles)
        window.importing.import_text(listing)
        qtbot.waitUntil(
            lambda: None not in arxiv_ids(window) and window.lib.count() == 11, timeout=WAIT
        )
        searches = [r for r, _ in httpserver.log if r.path == "/api/papers/search"]
        assert len(searches) == 11  # every title searched once, batch after batch
    finally:
        close_window(window)

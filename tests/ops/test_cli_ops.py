"""The ops added for the command line: appending to a note, one attachment, feeds."""

from __future__ import annotations

from pathlib import Path

import pytest
from papershelf.core.changes import PaperField
from papershelf.core.errors import InvalidInputError, NotFoundError
from papershelf.library import Library
from papershelf.library.attachments import attachment_path, attachments
from papershelf.library.inbox import inbox_ids, inbox_items, list_feeds
from papershelf.library.ops import (
    AddFeed,
    AppendNote,
    AttachFile,
    FetchFeeds,
    ImportDrafts,
    RemoveFeed,
    TrashPapers,
)
from papershelf.library.undo import UndoHistory, run
from papershelf.pdf.run import PdfError
from pytest_httpserver import HTTPServer

from tests.conftest import make_draft
from tests.online.conftest import write_settings
from tests.ops.helpers import add_papers, round_trip
from tests.pdf.make_pdf import make_pdf

RSS = """<?xml version='1.0' encoding='UTF-8'?>
<rss version="2.0"><channel><title>Test feed</title>
  <item><title>Sparse Mixtures for Tiny Models</title>
    <link>https://arxiv.org/abs/2410.12345</link></item>
  <item><title>Dense Mixtures for Huge Models</title>
    <link>https://arxiv.org/abs/2410.54321</link></item>
</channel></rss>"""


def test_append_note_round_trip(library: Library) -> None:
    (a,) = add_papers(library, 1)
    library.set_note(a, "first thoughts\n")

    def state() -> object:
        return library.get(a).note

    result, before, after = round_trip(library, AppendNote(a, "second thoughts"), state)
    assert (before, after) == ("first thoughts\n", "first thoughts\n\nsecond thoughts")
    assert result.changes.fields == {PaperField.NOTE}
    # On an empty note the text is the note.
    (b,) = add_papers(library, 1, start=2)
    run(library, AppendNote(b, "only"))
    assert library.get(b).note == "only"
    with pytest.raises(NotFoundError):
        run(library, AppendNote(999, "x"))


def test_attach_file_under_a_name_undo_takes_it_off(library: Library, tmp_path: Path) -> None:
    (pid,) = add_papers(library, 1)
    source = tmp_path / "download.pdf"
    source.write_bytes(make_pdf(["Attached Under Another Name"]))

    def state() -> object:
        files = attachments(library, pid)
        return [(a.file_name, attachment_path(library, a).is_file()) for a in files]

    result, before, after = round_trip(library, AttachFile(pid, str(source), "paper.pdf"), state)
    assert (before, after) == ([], [(f"{pid}/paper.pdf", True)])
    assert result.value.paper_id == pid
    assert result.changes.fields == {PaperField.FILES}
    # The same file again only retries its text: no undo step.
    assert run(library, AttachFile(pid, str(source))).undo is None
    # Unlike AttachFiles, a file that cannot be attached raises and changes nothing.
    with pytest.raises(PdfError, match="no such file"):
        run(library, AttachFile(pid, str(tmp_path / "missing.pdf")))
    with pytest.raises(NotFoundError):
        run(library, AttachFile(999, str(source)))
    assert state() == after


def test_feeds_subscribe_fetch_and_unsubscribe(httpserver: HTTPServer, lib_path: Path) -> None:
    httpserver.expect_request("/feed.xml").respond_with_data(
        RSS, content_type="application/rss+xml"
    )
    url = httpserver.url_for("/feed.xml")
    write_settings(lib_path)
    history = UndoHistory()
    with Library.open(lib_path) as lib:
        added = run(lib, AddFeed(url, name="Test feed"), history)
        feed = added.value
        assert added.label == "Subscribe to Test feed"
        assert added.changes.inbox
        assert [f.name for f in list_feeds(lib)] == ["Test feed"]
        with pytest.raises(InvalidInputError):
            run(lib, AddFeed("gopher://nowhere"))

        fetched = run(lib, FetchFeeds((feed.id,)), history)
        assert fetched.value.new == 2
        assert fetched.changes.inbox
        titles = sorted(i.draft.title for i in inbox_items(lib, inbox_ids(lib)))
        assert titles == ["Dense Mixtures for Huge Models", "Sparse Mixtures for Tiny Models"]

        removed = run(lib, RemoveFeed(feed.id), history)
        assert removed.value.id == feed.id
        assert list_feeds(lib) == []
        assert inbox_ids(lib) == [], "its untriaged items leave with it"
        assert not history.can_undo(), "feeds are not undo steps"
        with pytest.raises(NotFoundError):
            run(lib, RemoveFeed(feed.id))
        assert not run(lib, FetchFeeds()).changes, "no feeds, nothing to purge"


def test_an_unreadable_paper_in_the_trash_does_not_stop_an_import(library: Library) -> None:
    _, b = add_papers(library, 2)
    run(library, TrashPapers((b,)))
    library._db.execute("UPDATE papers SET title = CAST(X'ff' AS TEXT) WHERE id = ?", [b])
    result = run(library, ImportDrafts((make_draft(3),)))
    assert result.value.imported == 1
    assert result.undo is not None

"""Feeds fetched from a local server serving the recorded responses end up in the Inbox."""

from __future__ import annotations

import json
import time
from datetime import UTC, date, datetime, timedelta

from papershelf.core.models import PaperDraft
from papershelf.library import Library
from papershelf.library.inbox import (
    TriageAction,
    add_feed,
    fetch_all,
    inbox_ids,
    inbox_items,
    list_feeds,
    store,
    triage,
)
from papershelf.storage.inbox import ItemState
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

DAY = date(2024, 10, 25)


def serve_daily(server: HTTPServer, body: bytes) -> None:
    server.expect_request(
        "/api/daily_papers", query_string={"date": "2024-10-25"}
    ).respond_with_data(body, content_type="application/json")


def arxiv_ids(lib: Library, ids: list[int] | None = None) -> list[str | None]:
    return [i.draft.arxiv_id for i in inbox_items(lib, inbox_ids(lib) if ids is None else ids)]


def test_daily_papers_give_their_29_papers_newest_first(
    online_lib: Library, server: HTTPServer, daily_json: bytes
) -> None:
    serve_daily(server, daily_json)
    add_feed(online_lib, "daily-papers")

    report = fetch_all(online_lib, day=DAY)

    assert report.ok
    assert report.new == 29
    listed = json.loads(daily_json)
    newest_first = sorted(listed, key=lambda x: x["publishedAt"], reverse=True)
    assert arxiv_ids(online_lib) == [x["paper"]["id"] for x in newest_first]
    top = next(i for i in inbox_items(online_lib, inbox_ids(online_lib)) if i.hf_upvotes == 64)
    assert top.draft.arxiv_id == "2410.17243"
    assert top.draft.title.startswith("Breaking the Memory Barrier")
    assert [s.name for s in top.sources] == ["Hugging Face Daily Papers"]
    assert not top.seen
    assert top.state is ItemState.NEW
    assert len(top.draft.authors) > 3
    assert top.draft.abstract


def test_a_paper_already_in_the_library_is_not_a_candidate(
    online_lib: Library, server: HTTPServer, daily_json: bytes
) -> None:
    serve_daily(server, daily_json)
    online_lib.import_drafts(
        [
            PaperDraft(title="Contrastive loss at scale (preprint)", arxiv_id="2410.17243"),
            # Same title, no identifier: still the same paper.
            PaperDraft(title="Can knowledge editing really correct hallucinations"),
        ]
    )
    online_lib.trash([online_lib.resolve("2410.17243")])  # the trash counts as the library
    add_feed(online_lib, "daily-papers")

    assert fetch_all(online_lib, day=DAY).new == 27
    ids = arxiv_ids(online_lib)
    assert "2410.17243" not in ids
    assert "2410.16251" not in ids
    assert len(ids) == 27


def test_a_paper_added_elsewhere_leaves_the_inbox(
    online_lib: Library, server: HTTPServer, daily_json: bytes
) -> None:
    serve_daily(server, daily_json)
    add_feed(online_lib, "daily-papers")
    fetch_all(online_lib, day=DAY)
    online_lib.import_drafts([PaperDraft(title="Framer", arxiv_id="2410.18978v2")])
    assert "2410.18978" not in arxiv_ids(online_lib)
    assert len(inbox_ids(online_lib)) == 28


def test_the_same_arxiv_id_from_two_sources_is_one_item(
    online_lib: Library, server: HTTPServer, arxiv_xml: bytes
) -> None:
    server.expect_request("/api/query").respond_with_data(
        arxiv_xml, content_type="application/atom+xml"
    )
    server.expect_request("/mirror.atom").respond_with_data(
        arxiv_xml, content_type="application/atom+xml"
    )
    add_feed(online_lib, "arxiv:physics.acc-ph")
    add_feed(online_lib, server.url_for("/mirror.atom"), name="Mirror")

    report = fetch_all(online_lib)

    assert [f.new for f in report.feeds] == [10, 0]
    items = inbox_items(online_lib, inbox_ids(online_lib))
    assert len(items) == 10
    assert all([s.name for s in i.sources] == ["arXiv physics.acc-ph", "Mirror"] for i in items)
    request = server.log[0][0]
    assert request.args["search_query"] == "cat:physics.acc-ph"
    assert request.args["sortBy"] == "submittedDate"
    # Newest submitted first, whatever the feed's own order.
    published = [i.published for i in items]
    assert published == sorted(published, reverse=True)


def test_dismissed_items_survive_a_restart_and_a_refetch(
    online_lib: Library, server: HTTPServer, daily_json: bytes
) -> None:
    serve_daily(server, daily_json)
    add_feed(online_lib, "daily-papers")
    fetch_all(online_lib, day=DAY)
    first = inbox_ids(online_lib)[0]
    gone = inbox_items(online_lib, [first])[0].draft.arxiv_id
    triage(online_lib, [first], TriageAction.DISMISS)
    path = online_lib.path
    online_lib.close()

    with Library.open(path) as lib:
        assert gone not in arxiv_ids(lib)
        assert fetch_all(lib, day=DAY).new == 0
        assert gone not in arxiv_ids(lib)
        assert len(inbox_ids(lib)) == 28
        # Even once the dismissed row itself is purged, the paper does not come back.
        store(lib).purge(0)
        assert inbox_ids(lib) == []
        assert fetch_all(lib, day=DAY).new == 0


def test_keyword_filters_keep_and_drop_candidates(
    online_lib: Library, server: HTTPServer, daily_json: bytes
) -> None:
    serve_daily(server, daily_json)
    add_feed(online_lib, "daily-papers", include="title:edit", exclude="hallucination")

    report = fetch_all(online_lib, day=DAY)

    # "title:edit" matches Editing/Edited/Edit in four titles (stemmed); the knowledge
    # editing paper is about hallucinations and is excluded.
    assert report.feeds[0].new == 3
    assert sorted(a or "" for a in arxiv_ids(online_lib)) == [
        "2410.18775",
        "2410.18785",
        "2410.18977",
    ]


def test_failing_sources_report_errors_and_leave_the_inbox_intact(
    online_lib: Library, server: HTTPServer, daily_json: bytes
) -> None:
    serve_daily(server, daily_json)
    add_feed(online_lib, "daily-papers")
    fetch_all(online_lib, day=DAY)
    before = inbox_ids(online_lib)
    assert len(before) == 29

    def slow(_request: Request) -> Response:
        time.sleep(1.5)  # past the 0.5 s http_timeout of the test library
        return Response("<rss/>", content_type="application/rss+xml")

    server.clear()
    server.expect_request("/api/daily_papers").respond_with_data(
        b'{"error": "Invalid date"}', content_type="application/json"
    )
    server.expect_request("/broken.xml").respond_with_data("oops", status=500)
    server.expect_request("/slow.xml").respond_with_handler(slow)
    server.expect_request("/garbage.xml").respond_with_data(
        "<html><body>Not a feed</body>", content_type="text/html"
    )
    for name in ("broken", "slow", "garbage"):
        add_feed(online_lib, server.url_for(f"/{name}.xml"), name=name)

    report = fetch_all(online_lib, day=DAY)

    errors = {f.name: f.error for f in report.feeds}
    assert not report.ok
    assert report.new == 0
    assert "daily papers" in (errors["Hugging Face Daily Papers"] or "")
    assert "HTTP 500" in (errors["broken"] or "")
    assert "no answer within 0.5 s" in (errors["slow"] or "")
    assert "not a readable feed" in (errors["garbage"] or "")
    assert inbox_ids(online_lib) == before
    assert {f.name: f.last_error for f in list_feeds(online_lib)} == errors


def test_not_modified_is_honoured_with_the_etag(
    online_lib: Library, server: HTTPServer, daily_json: bytes
) -> None:
    seen: list[str | None] = []

    def conditional(request: Request) -> Response:
        seen.append(request.headers.get("If-None-Match"))
        if request.headers.get("If-None-Match") == '"v1"':
            return Response(status=304, headers={"ETag": '"v1"'})
        return Response(daily_json, content_type="application/json", headers={"ETag": '"v1"'})

    server.expect_request("/api/daily_papers").respond_with_handler(conditional)
    add_feed(online_lib, "daily-papers")

    assert fetch_all(online_lib, day=DAY).new == 29
    second = fetch_all(online_lib, day=DAY)

    assert seen == [None, '"v1"']
    assert second.feeds[0].not_modified
    assert second.new == 0
    assert second.ok
    assert len(inbox_ids(online_lib)) == 29
    # Another day's list is another URL: no validator from yesterday is sent.
    fetch_all(online_lib, day=date(2024, 10, 26))
    assert seen[-1] is None


def test_an_empty_list_today_falls_back_to_the_latest_day_with_papers(
    online_lib: Library, server: HTTPServer, daily_json: bytes
) -> None:
    asked: list[str] = []

    def by_date(request: Request) -> Response:
        asked.append(request.args["date"])
        body = daily_json if len(asked) == 3 else b"[]"  # today and yesterday are empty
        return Response(body, content_type="application/json")

    server.expect_request("/api/daily_papers").respond_with_handler(by_date)
    add_feed(online_lib, "daily-papers")
    assert fetch_all(online_lib).new == 29
    today = datetime.now(UTC).date()
    assert asked == [(today - timedelta(days=n)).isoformat() for n in range(3)]


def test_a_feed_unsubscribed_while_it_was_fetched_drops_only_its_own_answer(
    online_lib: Library,
) -> None:
    from papershelf.library.inbox import remove_feed, store_result
    from papershelf.online.feeds import FetchResult
    from papershelf.storage.inbox import Candidate

    gone = add_feed(online_lib, "https://example.org/gone.xml")
    kept = add_feed(online_lib, "https://example.org/kept.xml")

    def answer(feed_id: int, title: str) -> FetchResult:
        result = FetchResult(feed_id, title, f"https://example.org/{feed_id}")
        result.candidates = [Candidate(PaperDraft(title=title, arxiv_id=f"2401.0000{feed_id}"))]
        return result

    downloaded = answer(gone.id, "From the removed feed")
    remove_feed(online_lib, gone.id)  # the user unsubscribes while the download runs
    dropped = store_result(online_lib, gone, downloaded)
    assert dropped.error == "unsubscribed while it was fetched"
    stored = store_result(online_lib, kept, answer(kept.id, "From the kept feed"))
    assert stored.new == 1
    assert [i.draft.title for i in inbox_items(online_lib, inbox_ids(online_lib))] == [
        "From the kept feed"
    ]


def test_papers_sharing_a_title_but_not_a_doi_stay_apart_and_are_dismissed_apart(
    online_lib: Library,
) -> None:
    from papershelf.library.inbox import store_result
    from papershelf.online.feeds import FetchResult
    from papershelf.storage.inbox import Candidate

    feed = add_feed(online_lib, "https://example.org/journal.xml")

    def offer(*dois: str) -> int:
        result = FetchResult(feed.id, feed.name, "https://example.org/journal.xml")
        result.candidates = [Candidate(PaperDraft(title="Editorial", doi=d)) for d in dois]
        return store_result(online_lib, feed, result).new

    assert offer("10.1000/ed.1", "10.1000/ed.2") == 2
    first = inbox_ids(online_lib)[-1]
    triage(online_lib, [first], TriageAction.DISMISS)
    assert offer("10.1000/ed.3") == 1  # next month's editorial is still offered


def test_a_latin_1_feed_keeps_its_accents(online_lib: Library, server: HTTPServer) -> None:
    rss = (
        '<?xml version="1.0" encoding="ISO-8859-1"?><rss version="2.0"><channel><title>K</title>'
        "<item><title>Schrödinger bridges für Diffusion</title>"
        "<link>https://example.org/p/1</link></item></channel></rss>"
    ).encode("latin-1")
    server.expect_request("/latin.xml").respond_with_data(rss, content_type="application/rss+xml")
    add_feed(online_lib, server.url_for("/latin.xml"), name="Latin")
    assert fetch_all(online_lib).new == 1
    (item,) = inbox_items(online_lib, inbox_ids(online_lib))
    assert item.draft.title == "Schrödinger bridges für Diffusion"

"""Pasted, title-only papers get their real records; a false match is worse than none."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from papershelf.library import Library
from papershelf.library.resolve import candidates, choose, due, resolve, unresolved
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from tests.online.conftest import ATOM, HF_DAILY, Cli, arxiv_feed, fixture_text, write_settings

EMPTY_FEED = "current-2025/rsxiv_query_empty.xml"


def daily_items() -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = json.loads(fixture_text(HF_DAILY))
    return items


def listing(items: list[dict[str, Any]]) -> str:
    """The Daily Papers page as a user copies its text: title, abstract, title, abstract…"""
    parts = ["Daily Papers", "by AK and the research community"]
    for item in items:
        # A browser shows each title on one line (the API's titles may wrap).
        parts += [
            " ".join(item["paper"]["title"].split()),
            " ".join(item["paper"]["summary"].split()),
        ]
    return "\n\n".join(parts) + "\n"


def hugging_face_search(items: list[dict[str, Any]], *, rival: bool = False) -> Any:
    """A stand-in for /api/papers/search: the items whose title shares the query's words."""

    def answer(request: Request) -> Response:
        query = set(request.args["q"].lower().split())
        found = [i for i in items if len(query & set(i["paper"]["title"].lower().split())) >= 3]
        if rival and found:
            twin = json.loads(json.dumps(found[0]))
            twin["paper"]["id"] = "2412.99999"
            found.append(twin)
        return Response(json.dumps(found), content_type="application/json")

    return answer


def serve_lookups(server: HTTPServer, items: list[dict[str, Any]]) -> None:
    """The id lookups after a match: Hugging Face's paper pages, arXiv (knowing none)."""
    papers = {item["paper"]["id"]: item["paper"] for item in items}

    def paper_page(request: Request) -> Response:
        found = papers.get(request.path.rsplit("/", 1)[-1])
        if found is None:
            return Response("not found", status=404)
        return Response(json.dumps(found), content_type="application/json")

    server.expect_request(re.compile(r"^/api/papers/[0-9.]+$")).respond_with_handler(paper_page)
    server.expect_request("/api/query").respond_with_data(arxiv_feed(EMPTY_FEED), content_type=ATOM)


def open_lib(path: Path) -> Library:
    write_settings(path)
    return Library.open(path, indexing="none")


def test_a_pasted_listing_resolves_every_title(services: HTTPServer, lib_path: Path) -> None:
    items = daily_items()[:20]
    services.expect_request("/api/papers/search").respond_with_handler(hugging_face_search(items))
    serve_lookups(services, items)
    with open_lib(lib_path) as lib:
        report = lib.import_text(listing(items), source="paste")
        assert report.imported == 20
        assert len(unresolved(lib)) == 20
        outcome = resolve(lib)
        assert len(outcome.resolved) == 20
        assert outcome.ambiguous == outcome.retry == []
        assert unresolved(lib) == []
        by_title = {p.title: p for p in lib.get_many(lib.list_ids())}
        for item in items:
            paper = by_title[" ".join(item["paper"]["title"].split())]
            assert paper.arxiv_id == item["paper"]["id"]
            assert paper.authors[0] == item["paper"]["authors"][0]["name"]
            assert paper.year is not None
            assert paper.url


def test_a_match_fills_only_what_the_user_left_empty(services: HTTPServer, lib_path: Path) -> None:
    item = daily_items()[0]
    services.expect_request("/api/papers/search").respond_with_handler(hugging_face_search([item]))
    serve_lookups(services, [item])
    first_author = item["paper"]["authors"][0]["name"]
    with open_lib(lib_path) as lib:
        (pid,) = lib.import_text(listing([item]), source="paste").paper_ids
        # The user typed the authors themselves (one shared with the record, one not).
        lib.set_fields(pid, {"authors": [first_author, "My Own Spelling"]})
        resolve(lib)
        paper = lib.get(pid)
        assert paper.arxiv_id == item["paper"]["id"]
        assert paper.authors == [first_author, "My Own Spelling"]


def test_equally_good_records_wait_for_the_user(services: HTTPServer, lib_path: Path) -> None:
    item = daily_items()[0]
    services.expect_request("/api/papers/search").respond_with_handler(
        hugging_face_search([item], rival=True)
    )
    serve_lookups(services, [item])
    with open_lib(lib_path) as lib:
        (pid,) = lib.import_text(listing([item]), source="paste").paper_ids
        report = resolve(lib)
        assert [p for p, _ in report.ambiguous] == [pid]
        assert lib.get(pid).arxiv_id is None
        kept = candidates(lib, pid)
        assert {c["arxiv_id"] for c in kept} == {item["paper"]["id"], "2412.99999"}
        # Still unresolved, but not asked about again on its own: the user chooses.
        assert pid in unresolved(lib)
        assert pid not in due(lib)
        choice = next(i for i, c in enumerate(kept) if c["arxiv_id"] == item["paper"]["id"])
        assert choose(lib, pid, choice) == pid
        assert lib.get(pid).arxiv_id == item["paper"]["id"]
        assert unresolved(lib) == []


def test_every_service_down_loses_nothing_and_tries_later(
    services: HTTPServer, lib_path: Path
) -> None:
    items = daily_items()[:3]
    for path in ("/api/papers/search", "/api/query", "/works"):
        services.expect_request(path).respond_with_data("down", status=503)
    with open_lib(lib_path) as lib:
        ids = lib.import_text(listing(items), source="paste").paper_ids
        before = [p.to_json() for p in lib.get_many(ids)]
        report = resolve(lib)
        assert sorted(p for p, _ in report.retry) == sorted(ids)
        assert [p.to_json() for p in lib.get_many(ids)] == before
        assert sorted(unresolved(lib)) == sorted(ids)
        assert due(lib) == []  # not hammered again at once: each waits for its retry time


def test_a_paper_whose_id_the_library_has_is_merged_keeping_user_data(
    services: HTTPServer, lib_path: Path
) -> None:
    item = daily_items()[0]
    services.expect_request("/api/papers/search").respond_with_handler(hugging_face_search([item]))
    serve_lookups(services, [item])
    with open_lib(lib_path) as lib:
        known = lib.import_text(f"arXiv:{item['paper']['id']}\n", fmt="ids").paper_ids[0]
        (pasted,) = lib.import_text(listing([item]), source="paste").paper_ids
        lib.change_tags([pasted], add=["to-present"])
        report = resolve(lib)
        assert report.merged == [(pasted, known)]
        assert "to-present" in lib.get(known).tags
        assert lib.count() == 1


def test_an_html_paste_needs_no_search_at_all(services: HTTPServer, lib_path: Path) -> None:
    page = (
        '<html><body><h3><a href="/papers/2410.17243">Breaking the Memory Barrier: Near '
        "Infinite Batch Size Scaling for Contrastive Loss</a></h3></body></html>"
    )
    with open_lib(lib_path) as lib:
        (pid,) = lib.import_text(page, source="clipboard.html").paper_ids
        assert lib.get(pid).arxiv_id == "2410.17243"
        assert unresolved(lib) == []
        assert resolve(lib).tried == 0
    assert not [r for r, _ in services.log if r.path.startswith("/api/papers/search")]


def test_with_online_lookups_off_nothing_is_asked_and_nothing_counted(
    services: HTTPServer, lib_path: Path
) -> None:
    item = daily_items()[0]
    write_settings(lib_path, online=False)
    with Library.open(lib_path, indexing="none") as lib:
        (pid,) = lib.import_text(listing([item]), source="paste").paper_ids
        report = resolve(lib)
        assert report.offline
        assert due(lib) == [pid]  # tried as soon as lookups are back on
    assert services.log == []


def test_the_command_line_resolves_and_lets_the_user_choose(
    services: HTTPServer, lib_path: Path, cli: Cli
) -> None:
    items = daily_items()[:2]
    services.expect_request("/api/papers/search").respond_with_handler(
        hugging_face_search(items, rival=True)
    )
    serve_lookups(services, items)
    listing_file = lib_path.parent / "listing.txt"
    listing_file.write_text(listing(items), "utf-8")
    code, out, _ = cli("import", str(listing_file))
    assert code == 0
    code, out, _ = cli("resolve")
    assert code == 2  # both tied with a rival: the user chooses
    assert sum(line.startswith("choose") for line in out.splitlines()) == 2
    code, out, _ = cli("--json", "resolve", "--list")
    waiting = json.loads(out)
    assert len(waiting) == 2
    pid = waiting[0]["id"]
    code, out, _ = cli("resolve", "--choose", str(pid))
    assert "1. " in out
    assert "2. " in out
    right = next(
        n for n, c in enumerate(waiting[0]["candidates"], start=1) if c["arxiv_id"] != "2412.99999"
    )
    code, out, _ = cli("--json", "resolve", "--choose", str(pid), "--pick", str(right))
    assert code == 0
    assert json.loads(out)["arxiv_id"] in {i["paper"]["id"] for i in items}
    code, out, _ = cli("resolve", "--choose", str(waiting[1]["id"]), "--pick", "0")
    assert "none of these" in out
    code, out, _ = cli("--json", "resolve", "--list")
    assert json.loads(out) == []


def test_import_resolve_fills_a_pasted_listing_at_once(
    services: HTTPServer, lib_path: Path, cli: Cli
) -> None:
    items = daily_items()[:3]
    services.expect_request("/api/papers/search").respond_with_handler(hugging_face_search(items))
    serve_lookups(services, items)
    listing_file = lib_path.parent / "listing.txt"
    listing_file.write_text(listing(items), "utf-8")
    code, out, _ = cli("import", "--resolve", str(listing_file))
    assert code == 0
    assert "3 of 3 resolved" in out
    code, out, _ = cli("--json", "list")
    assert {p["arxiv_id"] for p in json.loads(out)} == {i["paper"]["id"] for i in items}

"""Finding the record of a title-only paper, against a loopback server serving real formats.

A false match is worse than none: near-title decoys, ties and conflicting years leave the
paper unresolved; a service that is down falls through to the next.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from typing import Any

import pytest
from papershelf.config.settings import Settings
from papershelf.core.models import PaperDraft
from papershelf.online.http import HttpClient
from papershelf.online.title_search import resolve_title
from pytest_httpserver import HTTPServer

from tests.online.conftest import ATOM, HF_DAILY, arxiv_feed, fixture_text

HF_SEARCH = "/api/papers/search"
ARXIV_QUERY = "/api/query"
CROSSREF_WORKS = "/works"


def daily_items() -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = json.loads(fixture_text(HF_DAILY))
    return items


def with_title(item: dict[str, Any], title: str, arxiv_id: str) -> dict[str, Any]:
    """A daily-papers item (real shape) with another title and id: a decoy or a rival."""
    other = copy.deepcopy(item)
    other["paper"]["title"] = title
    other["paper"]["id"] = arxiv_id
    other["title"] = title
    return other


@pytest.fixture
def client(httpserver: HTTPServer) -> Iterator[HttpClient]:
    base = httpserver.url_for("/").rstrip("/")
    settings = Settings(
        arxiv_api=base,
        hf_api=base,
        crossref_api=base,
        arxiv_interval=0,
        http_retries=0,
        http_timeout=5,
    )
    http = HttpClient(settings)
    yield http
    http.close()


def wanted_from(item: dict[str, Any], **changes: Any) -> PaperDraft:
    """The user's title-only paper, as a text paste gives it."""
    return PaperDraft(title=item["paper"]["title"], **changes)


def test_an_exact_title_on_hugging_face_gives_authors_year_and_arxiv_id(
    httpserver: HTTPServer, client: HttpClient
) -> None:
    items = daily_items()
    target = items[3]
    httpserver.expect_request(HF_SEARCH).respond_with_json([target, items[4]])
    result = resolve_title(wanted_from(target), client)
    accepted = result.verdict.accepted
    assert accepted is not None
    assert accepted.draft.arxiv_id == target["paper"]["id"]
    assert accepted.draft.authors[0] == target["paper"]["authors"][0]["name"]
    assert accepted.draft.year is not None
    assert not result.retry
    # Accepted on the first service: arXiv and Crossref were never asked.
    assert [r.path for r, _ in httpserver.log] == [HF_SEARCH]


def test_a_longer_title_that_starts_the_same_is_not_accepted(
    httpserver: HTTPServer, client: HttpClient
) -> None:
    item = daily_items()[0]
    decoy = with_title(
        item,
        "Denoising Diffusion Probabilistic Models for Robust Image Super-Resolution",
        "2401.00001",
    )
    few_words = with_title(item, "Probabilistic Models of Text", "2401.00002")
    httpserver.expect_request(HF_SEARCH).respond_with_json([decoy, few_words])
    httpserver.expect_request(ARXIV_QUERY).respond_with_data(
        arxiv_feed("current-2025/rsxiv_query_empty.xml"), content_type=ATOM
    )
    httpserver.expect_request(CROSSREF_WORKS).respond_with_json(
        {"status": "ok", "message-type": "work-list", "message": {"items": []}}
    )
    wanted = PaperDraft(title="Denoising Diffusion Probabilistic Models")
    result = resolve_title(wanted, client)
    assert result.verdict.accepted is None
    assert "differs" in result.verdict.reason
    # The decoy is kept as a candidate for the user to look at; nothing is retried.
    assert [c.draft.arxiv_id for c in result.verdict.candidates][:1] == ["2401.00001"]
    assert not result.retry


def test_two_records_with_the_same_title_leave_the_paper_unresolved(
    httpserver: HTTPServer, client: HttpClient
) -> None:
    item = daily_items()[0]
    rival = with_title(item, item["paper"]["title"], "2402.99999")
    httpserver.expect_request(HF_SEARCH).respond_with_json([item, rival])
    httpserver.expect_request(ARXIV_QUERY).respond_with_data(
        arxiv_feed("current-2025/rsxiv_query_empty.xml"), content_type=ATOM
    )
    result = resolve_title(wanted_from(item), client)
    assert result.verdict.accepted is None
    assert "equally well" in result.verdict.reason
    assert {c.draft.arxiv_id for c in result.verdict.candidates} == {
        item["paper"]["id"],
        "2402.99999",
    }


def test_a_conflicting_year_or_no_shared_author_is_not_a_match(
    httpserver: HTTPServer, client: HttpClient
) -> None:
    item = daily_items()[0]
    httpserver.expect_request(HF_SEARCH).respond_with_json([item])
    httpserver.expect_request(ARXIV_QUERY).respond_with_data(
        arxiv_feed("current-2025/rsxiv_query_empty.xml"), content_type=ATOM
    )
    httpserver.expect_request(CROSSREF_WORKS).respond_with_json(
        {"status": "ok", "message-type": "work-list", "message": {"items": []}}
    )
    assert resolve_title(wanted_from(item, year=2011), client).verdict.accepted is None
    stranger = wanted_from(item, authors=["Ada Lovelace"])
    verdict = resolve_title(stranger, client).verdict
    assert verdict.accepted is None
    assert "no author in common" in verdict.reason


def test_a_title_no_service_knows_stays_unresolved_without_error(
    httpserver: HTTPServer, client: HttpClient
) -> None:
    httpserver.expect_request(HF_SEARCH).respond_with_json([])
    httpserver.expect_request(ARXIV_QUERY).respond_with_data(
        arxiv_feed("current-2025/rsxiv_query_empty.xml"), content_type=ATOM
    )
    httpserver.expect_request(CROSSREF_WORKS).respond_with_json(
        {"status": "ok", "message-type": "work-list", "message": {"items": []}}
    )
    result = resolve_title(PaperDraft(title="A Paper Nobody Wrote About Nothing"), client)
    assert result.verdict.accepted is None
    assert result.verdict.reason == "no service knows this title"
    assert not result.retry
    assert [r.path for r, _ in httpserver.log] == [HF_SEARCH, ARXIV_QUERY, CROSSREF_WORKS]


def test_hugging_face_down_and_arxiv_answering(httpserver: HTTPServer, client: HttpClient) -> None:
    feed = arxiv_feed("current-2025/arxivpy_id_1605.08386_s0_m100.xml")
    title = feed.split("<entry>")[1].split("<title>")[1].split("</title>")[0]
    httpserver.expect_request(HF_SEARCH).respond_with_data("busy", status=503)
    httpserver.expect_request(ARXIV_QUERY).respond_with_data(feed, content_type=ATOM)
    result = resolve_title(PaperDraft(title=" ".join(title.split())), client)
    accepted = result.verdict.accepted
    assert accepted is not None
    assert accepted.service == "arXiv"
    assert accepted.draft.arxiv_id == "1605.08386"
    assert len(result.failures) == 1
    assert not result.retry  # resolved, even though one service failed
    query = next(r for r, _ in httpserver.log if r.path == ARXIV_QUERY)
    assert query.args["search_query"].startswith('ti:"')


def test_every_service_down_keeps_the_paper_for_a_later_try(
    httpserver: HTTPServer, client: HttpClient
) -> None:
    for path in (HF_SEARCH, ARXIV_QUERY, CROSSREF_WORKS):
        httpserver.expect_request(path).respond_with_data("down", status=500)
    result = resolve_title(PaperDraft(title="Attention Is All You Need"), client)
    assert result.verdict.accepted is None
    assert result.retry
    assert len(result.failures) == 3


def test_a_paper_not_on_arxiv_is_found_on_crossref(
    httpserver: HTTPServer, client: HttpClient
) -> None:
    works = json.loads(fixture_text("fixtures/crossref/works-list_query_ecology_rows_2.json"))
    title = works["message"]["items"][1]["title"][0]
    httpserver.expect_request(HF_SEARCH).respond_with_json([])
    httpserver.expect_request(ARXIV_QUERY).respond_with_data(
        arxiv_feed("current-2025/rsxiv_query_empty.xml"), content_type=ATOM
    )
    httpserver.expect_request(CROSSREF_WORKS).respond_with_json(works)
    result = resolve_title(PaperDraft(title=title), client)
    accepted = result.verdict.accepted
    assert accepted is not None
    assert accepted.service == "Crossref"
    assert accepted.draft.doi == works["message"]["items"][1]["DOI"].lower()
    query = next(r for r, _ in httpserver.log if r.path == CROSSREF_WORKS)
    assert query.args["query.bibliographic"] == title

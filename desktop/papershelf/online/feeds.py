"""Download one subscribed feed politely and turn its answer into inbox candidates.

Nothing here touches the library: `download` is safe on any worker thread, and the caller
stores the result (`library.inbox`). Requests are conditional (ETag / Last-Modified kept
per feed and per URL), so an unchanged feed costs a 304 and nothing else; arXiv calls keep
the `arxiv_interval` between them; every failure becomes the feed's error message instead
of an exception, so one broken source never stops the others.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from papershelf.core.errors import PapershelfError
from papershelf.storage.inbox import Candidate, Feed, FeedKind, format_timestamp

if TYPE_CHECKING:
    from papershelf.config.settings import Settings
    from papershelf.online.http import HttpClient

# The parsers and httpx are imported when a feed is fetched or read: the window and the
# `feed` commands import this module (through library.inbox) on every start.

NOT_MODIFIED = 304
FEED_MAX_BYTES = 16 * 1024 * 1024
"""The largest feed answer read: a day of Daily Papers or 100 arXiv entries is under 1 MB."""


@dataclass
class FetchResult:
    """What one feed gave: candidates, or "nothing new" (304), or an error message."""

    feed_id: int
    name: str
    url: str = ""
    candidates: list[Candidate] = field(default_factory=list)
    not_modified: bool = False
    error: str | None = None
    etag: str | None = None
    last_modified: str | None = None


def feed_url(feed: Feed, settings: Settings, *, day: date | None = None) -> str:
    """The URL a feed is fetched from (daily papers: the list of `day`, default today UTC)."""
    if feed.kind is FeedKind.DAILY_PAPERS:
        when = day or datetime.now(UTC).date()
        return f"{settings.hf_api}/api/daily_papers?" + urlencode({"date": when.isoformat()})
    if feed.kind is FeedKind.ARXIV:
        query = {
            "search_query": f"cat:{feed.arg}",
            "sortBy": "submittedDate",
            "sortOrder": "descending",
            "max_results": settings.feeds_arxiv_max_results,
        }
        return f"{settings.arxiv_api}/api/query?" + urlencode(query)
    return feed.arg


DAILY_LOOKBACK_DAYS = 3
"""Days before today tried when today's Daily Papers list is still empty (mornings, weekends)."""


def download(client: HttpClient, feed: Feed, *, day: date | None = None) -> FetchResult:
    """Fetch and parse one feed; never raises for network or content problems.

    Args:
        client: the shared polite client (its settings give the base URLs and timeouts).
        feed: the subscription, with the validators of its last successful fetch.
        day: which Hugging Face daily list to ask for (default: today, UTC — and when that
            list is still empty, as on weekends and early mornings, the latest of the
            previous `DAILY_LOOKBACK_DAYS` days that has papers).
    """
    if feed.kind is not FeedKind.DAILY_PAPERS or day is not None:
        return _download(client, feed, day=day)
    today = datetime.now(UTC).date()
    result = _download(client, feed, day=today)
    for back in range(1, DAILY_LOOKBACK_DAYS + 1):
        if result.error is not None or result.not_modified or result.candidates:
            break
        result = _download(client, feed, day=today - timedelta(days=back))
    return result


def _download(client: HttpClient, feed: Feed, *, day: date | None) -> FetchResult:
    settings = client.settings
    url = feed_url(feed, settings, day=day)
    result = FetchResult(feed.id, feed.name, url)
    if feed.kind is FeedKind.ARXIV:
        client.set_interval(settings.arxiv_api, settings.arxiv_interval)
    headers = {}
    if feed.validators_url == url:
        if feed.etag:
            headers["If-None-Match"] = feed.etag
        if feed.last_modified:
            headers["If-Modified-Since"] = feed.last_modified
    import httpx  # the request below loads it anyway; its InvalidURL is caught here

    try:
        response = client.get(
            feed.name,
            url,
            headers=headers,
            ok_statuses=frozenset({200, NOT_MODIFIED}),
            max_bytes=FEED_MAX_BYTES,
        )
        result.etag = response.headers.get("ETag")
        result.last_modified = response.headers.get("Last-Modified")
        if response.status_code == NOT_MODIFIED:
            result.not_modified = True
            result.etag = result.etag or feed.etag
            result.last_modified = result.last_modified or feed.last_modified
            return result
        # Any other feed without a charset in its Content-Type: the bytes, so the XML
        # declaration (`encoding="ISO-8859-1"`) decides, not httpx's UTF-8 guess.
        body: str | bytes = response.text
        if feed.kind is FeedKind.URL and not response.charset_encoding:
            body = response.content
        result.candidates = parse_answer(feed.kind, body, source=url)
    except PapershelfError as exc:
        result.error = str(exc)
    except httpx.InvalidURL as exc:
        result.error = f"{feed.name}: not a usable URL ({exc})"
    except (ValueError, TypeError, KeyError, AttributeError, RecursionError) as exc:
        # An answer shaped unlike anything the parsers expect: this feed's problem only.
        result.error = f"{feed.name}: could not read the answer ({type(exc).__name__}: {exc})"
    return result


def parse_answer(kind: FeedKind, text: str | bytes, *, source: str) -> list[Candidate]:
    """The candidates in a feed's answer.

    Raises:
        ImportFormatError: the answer is not what this kind of feed serves.
        PapershelfError: the service answered with an error document.
    """
    if isinstance(text, bytes) and kind is not FeedKind.URL:
        text = text.decode("utf-8", errors="replace")
    if kind is FeedKind.DAILY_PAPERS:
        assert isinstance(text, str)
        return _daily_papers(text, source)
    if kind is FeedKind.ARXIV:
        assert isinstance(text, str)
        return _arxiv(text, source)
    from papershelf.importers.feed_xml import parse_feed

    return [
        Candidate(e.draft, format_timestamp(e.published) if e.published else None)
        for e in parse_feed(text, source=source)
    ]


def _daily_papers(text: str, source: str) -> list[Candidate]:
    try:
        data = json.loads(text)
    except ValueError:
        data = None
    if not isinstance(data, list):
        raise PapershelfError(f"{source}: not a Hugging Face daily papers list (expected JSON [])")
    listed: dict[str, str] = {}
    for item in data:
        paper = item.get("paper") if isinstance(item, dict) else None
        if isinstance(paper, dict) and isinstance(paper.get("id"), str):
            when = item.get("publishedAt") or paper.get("publishedAt")
            if isinstance(when, str):
                listed[paper["id"].strip()] = when
    from papershelf.importers.hf_json import HuggingFaceJsonImporter

    parsed = HuggingFaceJsonImporter().parse(text, source=source)
    out = []
    for draft in parsed.drafts:
        upvotes = draft.extra.get("upvotes")
        published = _iso(listed.get(draft.arxiv_id or ""))
        out.append(
            Candidate(
                draft,
                published,
                upvotes if isinstance(upvotes, int) and not isinstance(upvotes, bool) else None,
            )
        )
    return out


def _arxiv(text: str, source: str) -> list[Candidate]:
    from papershelf.importers.arxiv_atom import ArxivAtomImporter
    from papershelf.importers.feed_xml import parse_feed

    parsed = ArxivAtomImporter().parse(text, source=source)
    if not parsed.drafts and parsed.skipped:
        raise PapershelfError(f"{source}: {parsed.skipped[0].reason}")
    dates = {
        e.draft.arxiv_id: format_timestamp(e.published)
        for e in parse_feed(text, source=source)
        if e.draft.arxiv_id and e.published
    }
    return [Candidate(d, dates.get(d.arxiv_id or "")) for d in parsed.drafts]


def _iso(value: str | None) -> str | None:
    if not value:
        return None
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        return None
    return format_timestamp(when if when.tzinfo else when.replace(tzinfo=UTC))

"""Read any RSS 2.0 or Atom feed into drafts with their publication times.

Feeds are much thinner than the arXiv API: a title, a link, a description and a date. The
arXiv identifier is recovered from the link or guid (arXiv's own RSS, and most blogs linking
papers), a DOI from `dc:identifier`/`prism:doi` or a doi.org link. arXiv's RSS descriptions
start with "arXiv:2410.12345v1 Announce Type: new Abstract:", which is cut off. Parsed with
defusedxml: entity expansion and external references are refused.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import defusedxml
import defusedxml.ElementTree

from papershelf.core.errors import ImportFormatError
from papershelf.core.identifiers import normalize_doi, parse_arxiv_id
from papershelf.core.models import PaperDraft

_ATOM = "{http://www.w3.org/2005/Atom}"
_DC = "{http://purl.org/dc/elements/1.1/}"
_PRISM = "{http://prismstandard.org/namespaces/basic/2.0/}"
_CONTENT = "{http://purl.org/rss/1.0/modules/content/}"
_RDF_ITEM = "{http://purl.org/rss/1.0/}item"
_TAG_RE = re.compile(r"<[^>]+>")
_ARXIV_PREFIX_RE = re.compile(
    r"^\s*arXiv:\S+\s+Announce Type:\s*\S+\s*(?:Abstract:\s*)?", re.IGNORECASE
)
_ARXIV_IN_TEXT_RE = re.compile(
    r"arxiv\.org/(?:abs|pdf)/(\S+?)(?:\.pdf)?(?:[\s\"'<>]|$)|arXiv:(\S+)"
)
_YEAR_RE = re.compile(r"(\d{4})-")


@dataclass(frozen=True)
class FeedEntry:
    """One feed item as a draft, and when it was published (None when the feed does not say)."""

    draft: PaperDraft
    published: datetime | None


def parse_feed(text: str | bytes, *, source: str | None = None) -> list[FeedEntry]:
    """Every item of an RSS 2.0, RSS 1.0 (RDF) or Atom feed, in feed order.

    Items without a title are left out.

    Raises:
        ImportFormatError: the text is not well-formed XML, is refused for safety, or is not
            an RSS or Atom feed.
    """
    root = _parse(text, source)
    if root.tag == f"{_ATOM}feed":
        entries = [_atom_entry(e) for e in root.findall(f"{_ATOM}entry")]
    elif root.tag == "rss":
        channel = root.find("channel")
        items = channel.findall("item") if channel is not None else []
        entries = [_rss_item(i, source) for i in items]
    elif _local(root.tag) == "RDF":
        entries = [_rss_item(i, source) for i in root.iter(_RDF_ITEM)]
    else:
        raise ImportFormatError(
            f"not an RSS or Atom feed: the document is a <{_local(root.tag)}>",
            path=source,
            line=1,
        )
    return [e for e in entries if e is not None]


def _parse(text: str | bytes, source: str | None) -> ET.Element:
    """Bytes are decoded by the parser as their XML declaration (or BOM) says."""
    if isinstance(text, str):
        text = text.removeprefix("\ufeff")
    try:
        root: ET.Element = defusedxml.ElementTree.fromstring(text)
    except ET.ParseError as exc:
        raise ImportFormatError(
            f"not a readable feed: {exc}", path=source, line=exc.position[0]
        ) from exc
    except defusedxml.DefusedXmlException as exc:
        raise ImportFormatError(
            f"not a readable feed: refused for safety ({exc})", path=source
        ) from exc
    return root


def _atom_entry(entry: ET.Element) -> FeedEntry | None:
    title = _text(entry.find(f"{_ATOM}title"))
    if not title:
        return None
    links = [link.get("href") or "" for link in entry.findall(f"{_ATOM}link")]
    alternate = next(
        (
            link.get("href")
            for link in entry.findall(f"{_ATOM}link")
            if link.get("rel") in (None, "alternate") and link.get("href")
        ),
        None,
    )
    entry_id = _text(entry.find(f"{_ATOM}id")) or ""
    summary = _text(entry.find(f"{_ATOM}summary")) or _text(entry.find(f"{_ATOM}content"))
    authors = [
        name
        for author in entry.findall(f"{_ATOM}author")
        if (name := _text(author.find(f"{_ATOM}name")))
    ]
    when = _iso(_text(entry.find(f"{_ATOM}published")) or _text(entry.find(f"{_ATOM}updated")))
    return _entry(title, authors, summary, [entry_id, *links], alternate, when, entry)


def _rss_item(item: ET.Element, source: str | None) -> FeedEntry | None:
    title = _text(item.find("title")) or _text(item.find(f"{_DC}title"))
    if title is None:
        # RSS 1.0 items live in the RSS 1.0 namespace.
        title = _text(item.find("{http://purl.org/rss/1.0/}title"))
    if not title:
        return None
    link = _text(item.find("link")) or _text(item.find("{http://purl.org/rss/1.0/}link"))
    guid = _text(item.find("guid")) or ""
    summary = (
        _text(item.find("description"))
        or _text(item.find("{http://purl.org/rss/1.0/}description"))
        or _text(item.find(f"{_CONTENT}encoded"))
    )
    if summary:
        summary = " ".join(_TAG_RE.sub(" ", summary).split())
        summary = _ARXIV_PREFIX_RE.sub("", summary) or None
    creators = [t for c in item.findall(f"{_DC}creator") if (t := _text(c))]
    if len(creators) == 1 and "," in creators[0]:
        creators = [a.strip() for a in creators[0].split(",") if a.strip()]
    if not creators and (author := _text(item.find("author"))):
        creators = [author]
    when = _rfc822(_text(item.find("pubDate"))) or _iso(_text(item.find(f"{_DC}date")))
    return _entry(title, creators, summary, [link or "", guid], link, when, item)


def _entry(
    title: str,
    authors: list[str],
    summary: str | None,
    refs: list[str],
    url: str | None,
    when: datetime | None,
    element: ET.Element,
) -> FeedEntry:
    arxiv = _arxiv(refs)
    doi = None
    for path in (f"{_PRISM}doi", f"{_DC}identifier"):
        value = _text(element.find(path))
        if value and (doi := normalize_doi(value)):
            break
    if doi is None:
        doi = next((d for r in refs if r and (d := normalize_doi(r))), None)
    draft = PaperDraft(
        title=title,
        authors=authors,
        year=when.year if when else None,
        abstract=summary,
        arxiv_id=arxiv[0] if arxiv else None,
        arxiv_version=arxiv[1] if arxiv else None,
        doi=doi,
        url=url or None,
        source="feed",
    )
    return FeedEntry(draft, when)


def _arxiv(refs: list[str]) -> tuple[str, int | None] | None:
    for ref in refs:
        ref = ref.strip()
        if not ref:
            continue
        # arXiv's RSS guid: "oai:arXiv.org:2410.12345v1".
        parsed = parse_arxiv_id(ref.removeprefix("oai:arXiv.org:"))
        if parsed is not None:
            return parsed
        for match in _ARXIV_IN_TEXT_RE.finditer(ref + " "):
            parsed = parse_arxiv_id(match.group(1) or match.group(2))
            if parsed is not None:
                return parsed
    return None


def _text(element: ET.Element | None) -> str | None:
    if element is None:
        return None
    collapsed = " ".join("".join(element.itertext()).split())
    return collapsed or None


def _iso(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        when = datetime.fromisoformat(value.strip())
    except ValueError:
        match = _YEAR_RE.match(value.strip())
        if match is None or int(match.group(1)) < 1:
            return None
        return datetime(int(match.group(1)), 1, 1, tzinfo=UTC)
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def _rfc822(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]

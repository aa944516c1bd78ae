"""Papers from a web page's links: the Daily Papers page, arXiv listings, Scholar, a lab's page.

A browser copy of a page puts its HTML on the clipboard beside the text, and a saved page is
the same HTML. Its anchors already name each paper: `huggingface.co/papers/<arXiv id>`,
`arxiv.org/abs|pdf/<id>`, `doi.org/<doi>`, `openreview.net/forum?id=<id>`. Each such link
gives a paper its identifier, with the title the page shows for it: the link's own text when
it reads like a title (the Daily Papers page, Scholar, most publication lists), otherwise the
first title-like text after it (arXiv's listings put "Title: …" below the `arXiv:2401.00001`
link). No network is needed: the identifiers make the later lookup exact.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import parse_qs, unquote, urlsplit

from papershelf.core.identifiers import normalize_doi, parse_arxiv_id
from papershelf.core.models import PaperDraft
from papershelf.importers.base import ParseResult, Skipped

_SNIFF_CHARS = 64 * 1024
_HTML_START_RE = re.compile(r"^\s*(?:<!doctype html|<html|<meta|<body|<div|<a\s)", re.IGNORECASE)
_ANCHOR_RE = re.compile(r"<a\s[^>]*href\s*=", re.IGNORECASE)
_BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "br",
        "dd",
        "div",
        "dl",
        "dt",
        "figcaption",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "tbody",
        "td",
        "th",
        "tr",
        "ul",
    ]
)
_SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "svg"})
_HF_PATH_RE = re.compile(r"^/papers/([^/?#]+)/?$")
_ARXIV_PATH_RE = re.compile(r"^/(?:abs|pdf|html)/(.+?)(?:\.pdf)?/?$")
_GENERIC_TEXT_RE = re.compile(
    r"^(?:\[?(?:pdf|abs|abstract|html|other|ps|arxiv|bib|bibtex|code|project|paper|slides|"
    r"video|doi|link|view|download|comments?|discussion|cite|cited by \d+|related articles|"
    r"all \d+ versions|\d+ authors?|arxiv:\S+)\]?|[\W\d]*)$",
    re.IGNORECASE,
)
_TITLE_PREFIX_RE = re.compile(r"^\s*title\s*:\s*", re.IGNORECASE)


@dataclass
class _Link:
    kind: str  # "arxiv" | "doi" | "openreview"
    value: str
    text: str
    position: int  # index among the page's text blocks when the link started


class _Page(HTMLParser):
    """The page as text blocks and paper links, in document order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.links: list[_Link] = []
        self._current: list[str] = []
        self._skip = 0
        self._anchor: _Link | None = None
        self._anchor_text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            self._skip += 1
        elif tag in _BLOCK_TAGS:
            self._end_block()
        if tag == "a":
            href = dict(attrs).get("href") or ""
            found = paper_link(href)
            self._anchor = _Link(found[0], found[1], "", len(self.blocks)) if found else None
            self._anchor_text = []

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self._skip = max(0, self._skip - 1)
        elif tag in _BLOCK_TAGS:
            self._end_block()
        if tag == "a" and self._anchor is not None:
            self._anchor.text = " ".join("".join(self._anchor_text).split())
            self.links.append(self._anchor)
            self._anchor = None

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        self._current.append(data)
        if self._anchor is not None:
            self._anchor_text.append(data)

    def _end_block(self) -> None:
        text = " ".join("".join(self._current).split())
        if text:
            self.blocks.append(text)
        self._current = []

    def finish(self) -> None:
        self.close()
        self._end_block()


def paper_link(href: str) -> tuple[str, str] | None:
    """("arxiv" | "doi" | "openreview", identifier) for a link to a paper, else None."""
    parts = urlsplit(href.strip())
    host = (parts.hostname or "").lower().removeprefix("www.")
    path = unquote(parts.path)
    if host in ("huggingface.co", "hf.co") or (not host and _HF_PATH_RE.match(path)):
        m = _HF_PATH_RE.match(path)
        parsed = parse_arxiv_id(m.group(1)) if m else None
        return ("arxiv", parsed[0]) if parsed else None
    if host in ("arxiv.org", "export.arxiv.org") or (not host and _ARXIV_PATH_RE.match(path)):
        m = _ARXIV_PATH_RE.match(path)
        parsed = parse_arxiv_id(m.group(1)) if m else None
        return ("arxiv", parsed[0]) if parsed else None
    if host in ("doi.org", "dx.doi.org"):
        doi = normalize_doi(path.lstrip("/"))
        return ("doi", doi) if doi else None
    if host == "openreview.net" and path.rstrip("/") in ("/forum", "/pdf"):
        ids = parse_qs(parts.query).get("id")
        return ("openreview", ids[0]) if ids and ids[0] else None
    return None


def _title_like(text: str) -> bool:
    text = text.strip()
    return len(text.split()) >= 2 and len(text) >= 8 and not _GENERIC_TEXT_RE.match(text)


class HtmlPageImporter:
    """Importer for HTML pages whose links name papers (copied or saved from a browser)."""

    name = "html"

    def sniff(self, text: str) -> float:
        """High for HTML with at least one link to a paper; low for HTML without one."""
        head = text[:_SNIFF_CHARS]
        if not _HTML_START_RE.match(head) and not _ANCHOR_RE.search(head):
            return 0.0
        page = _parse(text)
        return 0.9 if page.links else 0.1

    def parse(self, text: str, *, source: str | None = None) -> ParseResult:
        """One draft per paper linked from the page, in page order.

        Args:
            text: the page's HTML.
            source: the input's display name; unused.

        Returns:
            Drafts with their identifiers and the title the page shows. A paper linked
            several times (thumbnail, title, PDF, comments; a DOI and its arXiv preprint in
            one entry) is one draft. Links without a title nearby are skipped, each reported.
        """
        del source
        page = _parse(text)
        result = ParseResult()
        for group in _papers(page):
            ids = {link.kind: link.value for link in reversed(group)}  # first of each kind
            title = _best_title(page, group)
            if not title:
                named = ", ".join(f"{k}:{v}" for k, v in ids.items())
                result.skipped.append(Skipped(None, f"a link to {named} has no title near it"))
                continue
            draft = PaperDraft(
                title=title,
                arxiv_id=ids.get("arxiv"),
                doi=ids.get("doi"),
                source="html",
            )
            if "openreview" in ids:
                draft.url = f"https://openreview.net/forum?id={ids['openreview']}"
                draft.extra = {"openreview_id": ids["openreview"]}
            result.drafts.append(draft)
        return result


def _papers(page: _Page) -> list[list[_Link]]:
    """The page's links grouped by paper, in order of first appearance.

    Links sharing an identifier are one paper, and so are the links of one block (an entry
    with its DOI, PDF and code links) unless the block shows two titles.
    """
    parent: dict[int, int] = {}

    def find(i: int) -> int:
        while parent.setdefault(i, i) != i:
            i = parent[i]
        return i

    first_of: dict[tuple[str, str], int] = {}
    by_block: dict[int, list[int]] = {}
    for i, link in enumerate(page.links):
        find(i)
        key = (link.kind, link.value)
        if key in first_of:
            parent[find(i)] = find(first_of[key])
        else:
            first_of[key] = i
        by_block.setdefault(link.position, []).append(i)
    for members in by_block.values():
        if sum(_title_like(page.links[i].text) for i in members) <= 1:
            for i in members[1:]:
                parent[find(i)] = find(members[0])
    groups: dict[int, list[_Link]] = {}
    for i, link in enumerate(page.links):
        groups.setdefault(find(i), []).append(link)
    return list(groups.values())


def _best_title(page: _Page, group: list[_Link]) -> str:
    """A title-like link text, else the entry's own text, else the text after the link."""
    for link in group:
        if _title_like(link.text):
            return _clean_title(link.text)
    for link in group:
        rest = _block_without_links(page, link.position)
        if _title_like(rest):
            return _clean_title(rest)
    for link in group:
        following = [other.position for other in page.links if other.position > link.position]
        stop = min(following) if following else None
        for block in page.blocks[link.position + 1 : stop]:
            if _title_like(_clean_title(block)):
                return _clean_title(block)
    return ""


def _block_without_links(page: _Page, position: int) -> str:
    if position >= len(page.blocks):
        return ""
    text = page.blocks[position]
    for link in page.links:
        if link.position == position and link.text:
            text = text.replace(link.text, " ")
    return " ".join(text.split())


def _clean_title(text: str) -> str:
    text = _TITLE_PREFIX_RE.sub("", text)
    return text.strip(" \t.,;:[]()|·-—").strip()


def _parse(text: str) -> _Page:
    page = _Page()
    page.feed(text)
    page.finish()
    return page

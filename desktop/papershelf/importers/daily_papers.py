"""Read a Hugging Face Daily Papers page as a user copies it: titles, abstracts and page chrome."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import Enum

from papershelf.core.identifiers import parse_arxiv_id
from papershelf.core.models import PaperDraft
from papershelf.importers.base import ParseResult, Skipped

SOURCE = "hf-daily-papers"
HF_PAPER_URL = "https://huggingface.co/papers/{}"

_MIN_TITLE_CHARS = 3
_MAX_TITLE_CHARS = 300
_MAX_TITLE_LINES = 3
_MAX_USERNAME_CHARS = 40
_SNIFF_CHARS = 256 * 1024

# Page chrome of huggingface.co/papers, compared case-insensitively with spaces collapsed.
_CHROME_LINES = frozenset(
    {
        "new",
        "get trending papers in your email inbox!",
        "get trending papers in your email inbox once a day!",
        "get trending papers in your email inbox",
        "subscribe",
        "byak and the research community",
        "by ak and the research community",
        "by ak",
        "byak",
        "by",
        "ak",
        "and the research community",
        "daily",
        "weekly",
        "monthly",
        "daily papers",
        "daily papers - hugging face",
        "trending papers",
        "hugging face",
        "models",
        "datasets",
        "spaces",
        "buckets",
        "buckets new",
        "docs",
        "enterprise",
        "pricing",
        "log in",
        "login",
        "sign up",
        "papers",
        "trending",
        "community",
        "collections",
        "search",
        "previous",
        "next",
        "submit",
        "submit paper",
        "submitted by",
        "upvote",
        "view arxiv page",
        "view pdf",
        "add to collection",
        "search papers",
    }
)
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_CHROME_RES = tuple(
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        # Dates: "Mar 11", "Oct 7, 2024", "11 Mar", "March 2025", "2024-10-25", "Published on …".
        rf"(?:published on\s+)?{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?",
        rf"(?:published on\s+)?\d{{1,2}}\s+{_MONTH}(?:,?\s+\d{{4}})?",
        rf"{_MONTH}\s+\d{{4}}",
        r"\d{4}-\d{2}-\d{2}",
        r"week\s+\d{1,2}(?:,?\s+\d{4})?",
        # Upvote counts and other bare numbers: "64", "1.2k".
        r"[-+]?\d+(?:[.,]\d+)?\s*[km]?",
        # The upvote widget as text: "[-] 1", "[-] -".
        r"\[[-+]\]\s*(?:\d+|-)?",
        # "9 authors", "· 3 comments", and the tail of a link split over lines: "2 authors](…)".
        r"[·•]?\s*\d+\s+(?:authors?|comments?|upvotes?|likes?)(?:\]\(\S*\))?",
        r"[^\[\]]*\]\(\S*\)",
        # "Submitted by akhaliq", markdown images.
        r"submitted by\b.*",
        r"!\[[^\]]*\]\(\S*\)",
    )
)
_ARXIV_ABS_URL = "https://arxiv.org/abs/{}"
_YAML_LINE_RE = re.compile(r"\s|-\s|[\w.-]+\s*:")
_URL_RE = re.compile(r"<?(?:https?://|www\.)\S+?>?")
_MD_LINK_RE = re.compile(r"\[(?P<text>[^\]]*)\]\((?P<url>\S+?)\)")
_HEADING_RE = re.compile(r"#{1,6}\s+(?P<text>.*?)\s*#*")
# Tables, lists, quotes and code fences: document structure, never a title or an abstract.
_MARKDOWN_BLOCK_RE = re.compile(r"\||```|~~~|[*+-]\s|>")
_SENTENCE_END_RE = re.compile(r"[.!?][\"')\]]*(?=\s|$)")
_ALNUM_RE = re.compile(r"[^\W_]")

# Strong signs that a text is a Daily Papers capture (used by `sniff`).
_HF_MARKERS = (
    "huggingface.co/papers",
    "get trending papers in your email inbox",
    "and the research community",
    "daily papers",
)
_BIBTEX_RE = re.compile(r"^\s*@[A-Za-z]+\s*[{(]", re.MULTILINE)
_RIS_RE = re.compile(r"^TY  - ", re.MULTILINE)
_JSON_START_RE = re.compile(r"[\[{]\s*(?:[\"\[{\]}]|$)")


class _Kind(Enum):
    CHROME = "chrome"
    URL = "url"
    TITLE = "title"
    ABSTRACT = "abstract"
    NOISE = "noise"


@dataclass
class _Item:
    """One paragraph of the input, classified."""

    kind: _Kind
    line: int
    text: str = ""
    arxiv: tuple[str, int | None] | None = None
    weak: bool = False  # a markdown heading: a title if an abstract follows, else chrome


@dataclass
class _Candidate:
    """A title waiting for its abstract."""

    item: _Item
    adjacent: tuple[str, int | None] | None  # a paper link in or right after the title
    linked: tuple[str, int | None] | None = None  # a paper link anywhere before the abstract


@dataclass
class _Paper:
    draft: PaperDraft
    own_link: bool
    after_links: list[tuple[str, int | None]] = field(default_factory=list)


_MARKDOWN_RE = re.compile(r"^(?:#{1,6} |\||```|[-*] |\d+\. )|\]\(|`[^`\n]+`|\*\*", re.MULTILINE)


class DailyPapersImporter:
    """Importer for text copied from a Hugging Face Daily Papers (or papers search) page.

    The page reads as paragraphs: navigation and widgets ("chrome"), then per paper a title
    paragraph and an abstract paragraph, possibly with `huggingface.co/papers/<id>` links.
    """

    name = "daily-papers"

    def sniff(self, text: str) -> float:
        """Score how likely `text` is a Daily Papers listing (0..1)."""
        sample = text[:_SNIFF_CHARS]
        head = sample.lstrip("\ufeff \t\r\n")
        if not head:
            return 0.0
        if _BIBTEX_RE.search(sample) or _RIS_RE.search(sample) or _looks_like_json(head):
            return 0.05
        if _is_id_list(sample):
            return 0.05
        sample = sample.replace("\r\n", "\n").replace("\r", "\n")
        if len(text) > _SNIFF_CHARS:
            cut = sample.rfind("\n\n")
            if cut > 0:
                sample = sample[:cut]
        items = _classify(sample)
        pairs = _count_pairs(items)
        # The share of the text's titles and prose that pairs up as title + abstract: a listing
        # is almost nothing else, a markdown document or a letter has much else.
        content = sum(item.kind not in (_Kind.CHROME, _Kind.URL) for item in items)
        explained = 2 * pairs / content if content else 0.0
        lowered = sample.casefold()
        marked = any(marker in lowered for marker in _HF_MARKERS)
        if explained < 0.8 and (not marked or _MARKDOWN_RE.search(sample)):
            # Without the page's own chrome, only text that is almost nothing but title +
            # abstract pairs (a trending-papers email) counts: a README or notes file has
            # such pairs too, and importing it as papers would be wrong.
            return 0.2 if pairs else 0.0
        if pairs >= 2:
            score = 0.45 + 0.5 * explained + (0.05 if marked else 0.0)
        elif pairs == 1:
            score = 0.3 + 0.4 * explained + (0.1 if marked else 0.0)
        else:
            score = 0.2 if marked else 0.0
        return min(score, 0.97)

    def parse(self, text: str, *, source: str | None = None) -> ParseResult:
        """Read every paper (title + abstract, arXiv id when linked) from a copied page.

        Args:
            text: the copied page.
            source: the input's display name; unused, since skips carry only line numbers.

        Returns:
            Drafts in page order. Skipped: titles with neither an abstract nor a paper link,
            abstracts without a title, and repeats of a paper already read.
        """
        del source
        papers: list[_Paper] = []
        orphans: list[_Candidate] = []
        skipped: list[Skipped] = []
        pending: _Candidate | None = None
        previous: _Item | None = None
        last: _Paper | None = None  # the last paper, until the next title
        for item in _classify(text):
            if item.kind is _Kind.TITLE:
                if pending is not None:
                    orphans.append(pending)
                pending = _Candidate(item, adjacent=item.arxiv, linked=item.arxiv)
                last = None
            elif item.kind is _Kind.URL and item.arxiv is not None:
                if pending is not None:
                    if pending.adjacent is None and previous is pending.item:
                        pending.adjacent = item.arxiv
                    if pending.linked is None:
                        pending.linked = item.arxiv
                elif last is not None:
                    last.after_links.append(item.arxiv)
            elif item.kind is _Kind.ABSTRACT:
                if pending is not None:
                    link = pending.adjacent or pending.linked
                    last = _Paper(_draft(pending.item, item.text, link), own_link=link is not None)
                    papers.append(last)
                    pending = None
                else:
                    last = None
                    reason = f"abstract without a title: {_preview(item.text)}"
                    skipped.append(Skipped(item.line, reason))
            previous = item
        if pending is not None:
            orphans.append(pending)

        # Where papers carry links, a title is always followed by its link, so an unlinked
        # short line without an abstract is chrome (an org name, the search query).
        link_style = _is_link_style(papers)
        owned = {paper.draft.arxiv_id for paper in papers if paper.own_link}
        for orphan in orphans:
            if orphan.adjacent is not None:
                if orphan.adjacent[0] in owned:
                    continue  # a label next to a paper's own link (an org name): not a paper
                draft = _draft(orphan.item, None, orphan.adjacent)
                papers.append(_Paper(draft, own_link=True))
            elif not (orphan.item.weak or link_style):
                reason = f"title without an abstract: {orphan.item.text!r}"
                skipped.append(Skipped(orphan.item.line, reason))
        _attach_links_after_abstracts(papers)
        papers.sort(key=lambda paper: paper.draft.line or 0)
        return _in_order([paper.draft for paper in papers], skipped)


def _classify(text: str) -> list[_Item]:
    """Split `text` into blank-line separated paragraphs and classify each."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    items: list[_Item] = []
    username_next = False
    for paragraph in _paragraphs(lines, _front_matter_end(lines)):
        item, username_next = _classify_paragraph(paragraph, username_first=username_next)
        items.append(item)
    return items


def _front_matter_end(lines: list[str]) -> int:
    """The index of the first line after a YAML front matter block, or 0 if there is none."""
    if not lines or lines[0].strip() != "---":
        return 0
    for index in range(1, min(len(lines), 200)):
        line = lines[index]
        if line.strip() in ("---", "..."):
            return index + 1
        if line.strip() and not _YAML_LINE_RE.match(line):
            return 0
    return 0


def _paragraphs(lines: list[str], start: int) -> Iterator[list[tuple[int, str]]]:
    """Runs of non-blank lines as (1-based line number, stripped line)."""
    paragraph: list[tuple[int, str]] = []
    for index in range(start, len(lines)):
        stripped = lines[index].strip()
        if stripped:
            paragraph.append((index + 1, stripped))
        elif paragraph:
            yield paragraph
            paragraph = []
    if paragraph:
        yield paragraph


def _classify_paragraph(
    paragraph: list[tuple[int, str]], *, username_first: bool
) -> tuple[_Item, bool]:
    """Classify one paragraph; also say whether it ended in "Submitted by" (a name follows)."""
    first_line = paragraph[0][0]
    joined = " ".join(line for _, line in paragraph)
    if _MARKDOWN_BLOCK_RE.match(paragraph[0][1]) and not _is_chrome(paragraph[0][1]):
        return _Item(_Kind.NOISE, first_line, joined), False  # a table, list or code block
    scan = _scan_lines(paragraph, username_first=username_first)
    content = scan.content
    if content and content[0][0] == first_line and not scan.weak and _is_abstract(joined):
        # Prose from its first line on: keep every line, even one that looks like a URL.
        return _Item(_Kind.ABSTRACT, first_line, joined), False
    if not content:
        kind = _Kind.URL if scan.has_url else _Kind.CHROME
        return _Item(kind, first_line, arxiv=scan.link), scan.username_next
    text = " ".join(line for _, line in content)
    if _is_abstract(text):  # an abstract with widgets ("Submitted by", counts) around it
        return _Item(_Kind.ABSTRACT, content[0][0], text), False
    if len(content) > _MAX_TITLE_LINES or not _MIN_TITLE_CHARS <= len(text) <= _MAX_TITLE_CHARS:
        return _Item(_Kind.NOISE, content[0][0], text), scan.username_next
    item = _Item(_Kind.TITLE, content[0][0], text, arxiv=scan.link, weak=scan.weak)
    return item, scan.username_next


@dataclass
class _Scan:
    """A paragraph's lines with chrome and URLs taken out."""

    content: list[tuple[int, str]] = field(default_factory=list)
    link: tuple[str, int | None] | None = None
    has_url: bool = False
    weak: bool = False
    username_next: bool = False


def _scan_lines(paragraph: list[tuple[int, str]], *, username_first: bool) -> _Scan:
    scan = _Scan(username_next=username_first)
    for number, line in paragraph:
        if scan.username_next:
            scan.username_next = False
            if len(line) <= _MAX_USERNAME_CHARS and not _URL_RE.fullmatch(line):
                continue
        if " ".join(line.split()).casefold() == "submitted by":
            scan.username_next = True
            continue
        if _URL_RE.fullmatch(line):
            scan.has_url = True
            scan.link = scan.link or parse_arxiv_id(line.strip("<>"))
            continue
        markdown = _MD_LINK_RE.fullmatch(line)
        if markdown is not None:
            found = parse_arxiv_id(markdown["url"])
            inner = markdown["text"].strip()
            if found is not None and inner and not _is_chrome(inner):
                scan.content.append((number, inner))  # a title written as a link to its paper
            else:
                scan.has_url = True
            scan.link = scan.link or found
            continue
        heading = _HEADING_RE.fullmatch(line)
        if heading is not None:
            inner = heading["text"]
            if inner and not _is_chrome(inner):
                scan.content.append((number, inner))
                scan.weak = True
            continue
        if not _is_chrome(line):
            scan.content.append((number, line))
    return scan


def _is_chrome(text: str) -> bool:
    """Whether one line is page chrome: navigation, widgets, dates, counts, punctuation."""
    key = " ".join(text.split()).casefold()
    if key in _CHROME_LINES or not _ALNUM_RE.search(key):
        return True
    return any(pattern.fullmatch(key) for pattern in _CHROME_RES)


def _is_abstract(text: str) -> bool:
    """Long prose: at least 200 characters with a sentence, or two sentences."""
    if len(text) >= 300:
        return True
    if len(text) < 80:
        return False
    sentences = len(_SENTENCE_END_RE.findall(text))
    return sentences >= 2 or (sentences >= 1 and len(text) >= 200)


def _count_pairs(items: list[_Item]) -> int:
    """How many titles (not headings) are followed by an abstract."""
    pairs = 0
    pending = False
    for item in items:
        if item.kind is _Kind.TITLE:
            pending = not item.weak
        elif item.kind is _Kind.ABSTRACT:
            pairs += pending
            pending = False
    return pairs


def _draft(item: _Item, abstract: str | None, link: tuple[str, int | None] | None) -> PaperDraft:
    draft = PaperDraft(title=item.text, abstract=abstract, source=SOURCE, line=item.line)
    if link is not None:
        _set_link(draft, link)
    return draft


def _set_link(draft: PaperDraft, link: tuple[str, int | None]) -> None:
    arxiv_id, version = link
    draft.arxiv_id = arxiv_id
    draft.arxiv_version = version
    # Hugging Face has pages only for new-style ids.
    template = _ARXIV_ABS_URL if "/" in arxiv_id else HF_PAPER_URL
    draft.url = template.format(arxiv_id)


def _is_link_style(papers: list[_Paper]) -> bool:
    """Whether most papers on the page are followed by a link to their own paper page."""
    return 2 * sum(paper.own_link for paper in papers) > len(papers)


def _attach_links_after_abstracts(papers: list[_Paper]) -> None:
    """Give an unlinked paper the first paper link after its abstract that no paper owns.

    A link some other paper carries between its title and abstract belongs to that paper, even
    when the page shows it before the title (a thumbnail link).
    """
    claimed = {paper.draft.arxiv_id for paper in papers if paper.own_link}
    for paper in papers:
        if paper.draft.arxiv_id is not None:
            continue
        for link in paper.after_links:
            if link[0] not in claimed:
                _set_link(paper.draft, link)
                claimed.add(link[0])
                break


def _in_order(drafts: list[PaperDraft], skipped: list[Skipped]) -> ParseResult:
    """Order the drafts; a paper listed twice is passed on twice.

    The library merges the repeat into the first copy and counts it as a merged duplicate,
    exactly as it would a paper already in the library, so nothing is reported as lost.
    """
    result = ParseResult(drafts=list(drafts), skipped=skipped)
    result.skipped.sort(key=lambda skip: (skip.line is None, skip.line or 0))
    return result


def _preview(text: str, limit: int = 60) -> str:
    return repr(text if len(text) <= limit else text[:limit].rstrip() + "…")


def _looks_like_json(head: str) -> bool:
    if not _JSON_START_RE.match(head):
        return False
    try:
        json.loads(head)
    except (ValueError, RecursionError):
        return head[0] == "{" or head[:2] in ('["', "[{")
    return True


def _is_id_list(sample: str) -> bool:
    """Whether the text is mostly bare arXiv ids (or their URLs), one per line."""
    lines = [line.strip() for line in sample.splitlines()[:200] if line.strip()]
    if not lines:
        return False
    ids = sum(parse_arxiv_id(line) is not None for line in lines)
    return 5 * ids >= 4 * len(lines)

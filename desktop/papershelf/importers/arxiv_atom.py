"""Read arXiv API responses (Atom feeds) saved from export.arxiv.org/api/query.

The arXiv API answers every query with an Atom feed whose entries carry the full metadata of a
paper (title, authors, abstract, id and version, DOI, journal reference, categories), so a saved
response imports as complete papers rather than placeholders. Both the pre-2025 format (arxiv
namespace declared per element, `<link title="pdf">`) and the 2025 format (namespace on the
feed) read the same way. The XML is parsed with defusedxml, so a file crafted to expand entities
(a "billion laughs") or to fetch external resources is refused instead of read.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import defusedxml
import defusedxml.ElementTree

from papershelf.core.errors import ImportFormatError
from papershelf.core.identifiers import normalize_doi, parse_arxiv_id
from papershelf.core.models import PaperDraft
from papershelf.importers.base import ParseResult, Skipped

SOURCE = "arxiv"
ARXIV_ABS_URL = "https://arxiv.org/abs/{}"

_DATE_RE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_ATOM = "{http://www.w3.org/2005/Atom}"
_ARXIV = "{http://arxiv.org/schemas/atom}"
_ATOM_NS = "http://www.w3.org/2005/Atom"
_SNIFF_CHARS = 8192
_FEED_RE = re.compile(r"<(?:[\w.-]+:)?feed[\s>]")
_ENTRY_RE = re.compile(r"<(?:[\w.-]+:)?entry[\s>]")
_YEAR_RE = re.compile(r"\s*(\d{4})-")


class ArxivAtomImporter:
    """Importer for an arXiv API response: one draft per `<entry>`, API errors as skips."""

    name = "arxiv-atom"

    def sniff(self, text: str) -> float:
        """Score how likely `text` is an arXiv API Atom feed (0..1)."""
        head = text[:_SNIFF_CHARS]
        if not _FEED_RE.search(head) or _ATOM_NS not in head:
            return 0.0
        return 0.95 if "arxiv" in head.casefold() else 0.05

    def parse(self, text: str, *, source: str | None = None) -> ParseResult:
        """Read every paper in an arXiv API response.

        Args:
            text: the feed as text.
            source: the input's display name, used in errors.

        Returns:
            Drafts in feed order. Skipped: the API's error entries (a malformed query) and
            entries without a title.

        Raises:
            ImportFormatError: the text is not well-formed XML, uses entity declarations or
                external references (refused for safety), or is not an Atom feed.
        """
        root = _parse_xml(text, source)
        if root.tag == f"{_ATOM}entry":
            entries = [root]
        elif root.tag == f"{_ATOM}feed":
            entries = root.findall(f"{_ATOM}entry")
        else:
            raise ImportFormatError(
                f"not an Atom feed: the document is a <{_local(root.tag)}>", path=source, line=1
            )
        lines = _entry_lines(text, len(entries))
        result = ParseResult()
        for entry, line in zip(entries, lines, strict=True):
            outcome = _read_entry(entry, line)
            if isinstance(outcome, Skipped):
                result.skipped.append(outcome)
            else:
                result.drafts.append(outcome)
        return result


def _parse_xml(text: str, source: str | None) -> ET.Element:
    text = text.removeprefix("\ufeff")
    try:
        root: ET.Element = defusedxml.ElementTree.fromstring(text)
    except ET.ParseError as exc:
        raise ImportFormatError(
            f"not a readable Atom feed: {exc}", path=source, line=exc.position[0]
        ) from exc
    except defusedxml.DefusedXmlException as exc:
        where = getattr(exc, "line", None)
        raise ImportFormatError(
            f"not a readable Atom feed: refused for safety ({exc})",
            path=source,
            line=where if isinstance(where, int) else None,
        ) from exc
    return root


def _entry_lines(text: str, count: int) -> list[int | None]:
    """The line each `<entry>` starts on, when the start tags can be matched up one to one."""
    starts = [match.start() for match in _ENTRY_RE.finditer(text)]
    if len(starts) != count:
        return [None] * count
    lines: list[int | None] = []
    line, position = 1, 0
    for start in starts:
        line += text.count("\n", position, start)
        position = start
        lines.append(line)
    return lines


def _read_entry(entry: ET.Element, line: int | None) -> PaperDraft | Skipped:
    entry_id = _text(entry, f"{_ATOM}id")
    summary = _text(entry, f"{_ATOM}summary")
    if entry_id is not None and "arxiv.org/api/errors" in entry_id:
        message = summary or entry_id.rpartition("#")[2].replace("_", " ")
        return Skipped(None, f"arXiv API error: {message}")
    title = _text(entry, f"{_ATOM}title")
    if not title:
        return Skipped(line, f"entry without a title: {entry_id or '(no id)'}")
    if "$" in title:
        # TeX math as text (`$k$-means` → k-means, `$\ell_1$` → ℓ₁), as the BibTeX import
        # stores it: the exports escape `$`, so a citation printed the dollar signs.
        from papershelf.importers.bibtex import math_to_text  # the TeX decoder: only when needed

        title = math_to_text(title) or title
    arxiv = parse_arxiv_id(entry_id) if entry_id else None
    draft = PaperDraft(
        title=title,
        authors=[
            name
            for author in entry.findall(f"{_ATOM}author")
            if (name := _text(author, f"{_ATOM}name"))
        ],
        year=_year(_text(entry, f"{_ATOM}published") or _text(entry, f"{_ATOM}updated")),
        venue=_text(entry, f"{_ARXIV}journal_ref"),
        abstract=summary,
        arxiv_id=arxiv[0] if arxiv else None,
        arxiv_version=arxiv[1] if arxiv else None,
        doi=_doi(_text(entry, f"{_ARXIV}doi")),
        url=_abs_url(entry, arxiv, entry_id),
        source=SOURCE,
        line=line,
        extra=_extra(entry),
    )
    # A preprint is `misc` (what BibLaTeX and Zotero's CSL "article" call it); once a journal
    # reference says where it appeared, it is an article in that journal (the venue).
    draft.entry_type = "article" if draft.venue else "misc"
    # The first version's date is the preprint's date, not the journal issue's.
    published = _DATE_RE.match(_text(entry, f"{_ATOM}published") or "")
    if published is not None and int(published[1]) == draft.year and not draft.venue:
        draft.month, draft.day = int(published[2]), int(published[3])
    return draft


def _text(element: ET.Element, path: str) -> str | None:
    """The child's text with whitespace (arXiv's hard line breaks) collapsed; None if empty."""
    child = element.find(path)
    if child is None:
        return None
    collapsed = " ".join("".join(child.itertext()).split())
    return collapsed or None


def _year(timestamp: str | None) -> int | None:
    match = _YEAR_RE.match(timestamp or "")
    return int(match.group(1)) if match else None


def _doi(text: str | None) -> str | None:
    """The first DOI of `arxiv:doi` (it sometimes lists several, separated by spaces)."""
    if not text:
        return None
    for token in text.split():
        doi = normalize_doi(token)
        if doi is not None:
            return doi
    return None


def _abs_url(
    entry: ET.Element, arxiv: tuple[str, int | None] | None, entry_id: str | None
) -> str | None:
    """The abstract page: the `alternate` link, else any /abs/ link, else one built from the id."""
    hrefs = [
        (link.get("rel"), link.get("href") or "")
        for link in entry.findall(f"{_ATOM}link")
        if link.get("href")
    ]
    for rel, href in hrefs:
        if rel == "alternate":
            return href
    for _, href in hrefs:
        if "/abs/" in href:
            return href
    if arxiv is not None:
        version = f"v{arxiv[1]}" if arxiv[1] is not None else ""
        return ARXIV_ABS_URL.format(f"{arxiv[0]}{version}")
    return entry_id


def _extra(entry: ET.Element) -> dict[str, object]:
    extra: dict[str, object] = {}
    primary = entry.find(f"{_ARXIV}primary_category")
    if primary is not None and primary.get("term"):
        extra["primary_category"] = primary.get("term")
    categories = [
        term for category in entry.findall(f"{_ATOM}category") if (term := category.get("term"))
    ]
    if categories:
        extra["categories"] = categories
    comment = _text(entry, f"{_ARXIV}comment")
    if comment:
        extra["comment"] = comment
    return extra


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]

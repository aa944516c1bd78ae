"""Which paper a PDF is: arXiv id, DOI and title from its metadata and first page.

Identifiers come first because a lookup by id gives a complete, correct entry; the title is
a fallback for PDFs with neither (and what the paper is called until a lookup succeeds).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from papershelf.core.identifiers import normalize_doi, parse_arxiv_id
from papershelf.pdf.extract import Extraction

_ARXIV_ID = r"(?:\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Za-z]{2})?/\d{7})(?:v\d+)?"
# The margin stamp arXiv puts on every PDF: "arXiv:1412.6206v1  [hep-lat]  19 Dec 2014".
_ARXIV_STAMP_RE = re.compile(rf"arXiv:\s*({_ARXIV_ID})\s+\[[\w.-]+\]", re.IGNORECASE)
_ARXIV_ANY_RE = re.compile(
    rf"(?:arXiv:\s*|arxiv\.org/(?:abs|pdf)/|10\.48550/arXiv\.)({_ARXIV_ID})", re.IGNORECASE
)
_DOI_LABELLED_RE = re.compile(
    r"(?:\bdoi\s*:?\s*|doi\.org/|<prism:doi>|prism:doi=\")(10\.\d{4,9}/[^\s\"<>]+)",
    re.IGNORECASE,
)
_DOI_BARE_RE = re.compile(r"\b(10\.\d{4,9}/[^\s\"<>]+)")
_JUNK_TITLE_RE = re.compile(
    r"\.(?:dvi|eps|pdf|ps|tex|docx?|rtf|odt|indd|qxd|pptx?|xlsx?)$|^microsoft \w+ - "
    r"|^untitled\b|^title$|^no title|^slide \d",
    re.IGNORECASE,
)
_MAX_TITLE = 300


@dataclass(frozen=True)
class Identity:
    """What a PDF says about itself; `found_in` names the source of each field."""

    arxiv_id: str | None = None
    arxiv_version: int | None = None
    doi: str | None = None
    title: str | None = None
    authors: tuple[str, ...] = ()
    found_in: dict[str, str] = field(default_factory=dict)

    @property
    def identifier(self) -> str | None:
        """The best identifier to look the paper up by (arXiv, else DOI)."""
        if self.arxiv_id:
            version = f"v{self.arxiv_version}" if self.arxiv_version else ""
            return f"{self.arxiv_id}{version}"
        return self.doi


def identify(ex: Extraction) -> Identity:
    """Find the arXiv id, DOI, title and authors of an extracted PDF."""
    first = ex.pages[0] if ex.pages else ""
    meta_texts = [str(ex.xmp.get("identifier") or ""), str(ex.xmp.get("raw") or "")]
    meta_texts += [f"{k}: {v}" for k, v in ex.info.items()]
    found: dict[str, str] = {}

    arxiv = _arxiv_from(meta_texts, stamp_only=False)
    if arxiv:
        found["arxiv"] = "metadata"
    else:
        arxiv = _arxiv_from([first], stamp_only=True) or _arxiv_from([first], stamp_only=False)
        if arxiv:
            found["arxiv"] = "first page"

    doi = _doi_from_metadata(ex)
    if doi:
        found["doi"] = "metadata"
    else:
        doi = _doi_from_text(first)
        if doi:
            found["doi"] = "first page"
    if doi and not arxiv:
        # arXiv's own DOIs (10.48550/arXiv.ID) name an arXiv paper.
        arxiv = _arxiv_from([doi], stamp_only=False)
        if arxiv:
            found["arxiv"] = found["doi"]

    title, authors = _title_from_metadata(ex)
    if title:
        found["title"] = "metadata"
    else:
        title = _title_from_layout(ex) or _title_from_lines(first)
        if title:
            found["title"] = "first page"
    return Identity(
        arxiv_id=arxiv[0] if arxiv else None,
        arxiv_version=arxiv[1] if arxiv else None,
        doi=doi,
        title=title,
        authors=authors,
        found_in=found,
    )


def _arxiv_from(texts: list[str], *, stamp_only: bool) -> tuple[str, int | None] | None:
    pattern = _ARXIV_STAMP_RE if stamp_only else _ARXIV_ANY_RE
    ids: list[tuple[str, int | None]] = []
    for text in texts:
        for m in pattern.finditer(text):
            parsed = parse_arxiv_id(m.group(1))
            if parsed and parsed[0] not in [i for i, _ in ids]:
                ids.append(parsed)
    if stamp_only:
        return ids[0] if ids else None
    # Loose mentions may be citations of other papers: only an unambiguous one counts.
    return ids[0] if len(ids) == 1 else None


def _clean_doi(raw: str) -> str | None:
    doi = raw.rstrip(".,;:'\"")
    # A closing bracket belongs to the DOI only if it opens inside it: "(see 10.1/x)".
    while (
        doi
        and doi[-1] in ")]}"
        and doi.count(doi[-1]) > doi.count({")": "(", "]": "[", "}": "{"}[doi[-1]])
    ):
        doi = doi[:-1].rstrip(".,;:")
    return normalize_doi(doi)


def _doi_from_metadata(ex: Extraction) -> str | None:
    for key, value in ex.info.items():
        upper = key.upper()
        # Custom keys like WPS-ARTICLEDOI; WPS-JOURNALDOI is the journal's, not the paper's.
        if "DOI" in upper and "JOURNAL" not in upper and "ISSN" not in upper:
            m = _DOI_BARE_RE.search(value)
            if m and (doi := _clean_doi(m.group(1))):
                return doi
    for text in (str(ex.xmp.get("identifier") or ""), str(ex.xmp.get("raw") or "")):
        m = _DOI_LABELLED_RE.search(text)
        if m and (doi := _clean_doi(m.group(1))):
            return doi
    return None


def _doi_from_text(text: str) -> str | None:
    for pattern in (_DOI_LABELLED_RE, _DOI_BARE_RE):
        for m in pattern.finditer(text):
            doi = _clean_doi(m.group(1))
            if doi:
                return doi
    return None


def _plausible_title(text: str | None) -> str | None:
    if not text:
        return None
    title = " ".join(text.split())
    if not 4 <= len(title) <= _MAX_TITLE or _JUNK_TITLE_RE.search(title):
        return None
    letters = sum(ch.isalpha() for ch in title)
    if letters < 4 or letters < len(title) / 2:
        return None
    if _ARXIV_ANY_RE.search(title) or _DOI_BARE_RE.search(title):
        return None
    return title


def _title_from_metadata(ex: Extraction) -> tuple[str | None, tuple[str, ...]]:
    title = _plausible_title(ex.xmp.get("title")) or _plausible_title(ex.info.get("Title"))
    if title is None:
        # Whoever left a junk title (a gnuplot figure's name) left a junk author too.
        return None, ()
    creators = [c.strip() for c in ex.xmp.get("creators") or [] if str(c).strip()]
    if not creators and ex.info.get("Author"):
        creators = _split_authors(ex.info["Author"])
    return title, tuple(creators)


def _split_authors(text: str) -> list[str]:
    parts = [p.strip() for p in re.split(r";|\band\b|,", text) if p.strip()]
    if any(len(p.split()) < 2 for p in parts):
        return [" ".join(text.split())]  # "Doe, Jane" or a nickname: keep it whole
    return parts


def _title_from_layout(ex: Extraction) -> str | None:
    """The first page's largest text, skipping margin stamps and identifier lines."""
    by_size: dict[float, list[str]] = {}
    for size, text in ex.first_page_fragments:
        if _ARXIV_ANY_RE.search(text) or _DOI_BARE_RE.fullmatch(text.strip()):
            continue
        by_size.setdefault(round(size * 2) / 2, []).append(text)
    for size in sorted(by_size, reverse=True)[:3]:
        title = _plausible_title(" ".join(by_size[size]))
        if title and len(title.split()) <= 40:
            return title
    return None


def _title_from_lines(text: str) -> str | None:
    """The first line of the first page that reads like a title (no layout information)."""
    for line in text.splitlines()[:30]:
        line = line.strip()
        if "@" in line or line.lower().startswith(("received", "doi", "http", "arxiv")):
            continue
        title = _plausible_title(line)
        if title and len(title.split()) >= 2:
            return title
    return None

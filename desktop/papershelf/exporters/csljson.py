"""CSL-JSON export, the format Zotero, Pandoc and citeproc read."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from papershelf.core.biblio import ENTRY_TO_CSL
from papershelf.core.models import Paper
from papershelf.exporters.common import (
    PaperKind,
    check_key,
    date_parts,
    is_book_part,
    issued_parts,
    literal_authors,
    one_line,
    paper_kind,
    paper_url,
    parse_name,
    stored_entry_type,
)
from papershelf.exporters.keys import assign_keys

_TYPES = {
    PaperKind.PREPRINT: "article",
    PaperKind.CONFERENCE: "paper-conference",
    PaperKind.JOURNAL: "article-journal",
    # No venue and no arXiv id: an "article" makes no claim about a journal it lacks.
    PaperKind.OTHER: "article",
}


def csl_name(author: str, *, literal: bool = False) -> dict[str, str]:
    """A CSL name object: family/given (with a particle if any), or a literal."""
    name = parse_name(author, literal=literal)
    if name.literal:
        return {"literal": name.literal}
    out = {"family": name.family, "given": name.given}
    if name.particle:
        out["non-dropping-particle"] = name.particle
    if name.suffix:
        out["suffix"] = name.suffix
    return out


def csl_type(paper: Paper) -> str:
    """The CSL type: from the stored entry type, else from what the venue suggests."""
    if is_book_part(paper):
        return "chapter"
    stored = stored_entry_type(paper)
    if stored is not None:
        return ENTRY_TO_CSL.get(stored, "article")
    return _TYPES[paper_kind(paper)]


# CSL types whose number is the item's own (a report's or a patent's number): CSL calls it
# `number` (pandoc reads a BibTeX `number` so for these types), and styles print `issue` only
# for periodicals, so a report written with `issue` lost its number in every citation.
OWN_NUMBER_TYPES = frozenset({"report", "patent", "standard"})


def to_csl_item(paper: Paper, key: str) -> dict[str, Any]:
    """One CSL item; only fields the paper has are written (citeproc prints what is there)."""
    kind = paper_kind(paper)
    item: dict[str, Any] = {"id": check_key(key), "type": csl_type(paper)}
    if not paper.extra.get("untitled"):
        item["title"] = one_line(paper.title)
    if paper.authors:
        whole = literal_authors(paper)
        item["author"] = [csl_name(a, literal=a in whole) for a in paper.authors]
    if paper.editors:
        item["editor"] = [csl_name(e) for e in paper.editors]
    issued = issued_parts(paper)
    if issued:
        item["issued"] = {"date-parts": [issued]}
    if paper.venue:
        item["container-title"] = one_line(paper.venue)
    for name, value in (
        ("collection-title", paper.series),
        ("volume", paper.volume),
        (
            "number" if item["type"] in OWN_NUMBER_TYPES and not paper.arxiv_id else "issue",
            paper.issue,
        ),
        ("page", paper.pages),
        ("edition", paper.edition),
        ("publisher", paper.publisher),
        ("publisher-place", paper.place),
        ("ISSN", paper.issn),
        ("ISBN", paper.isbn),
        ("language", paper.language),
    ):
        if value and value.strip():
            item[name] = one_line(value)
    accessed = date_parts(paper.access_date)
    if accessed:
        item["accessed"] = {"date-parts": [accessed]}
    elif paper.access_date and paper.access_date.strip():
        item["accessed"] = {"raw": paper.access_date.strip()}
    if paper.doi:
        item["DOI"] = paper.doi
    url = paper_url(paper)
    if url:
        item["URL"] = url
    if paper.arxiv_id:
        item["number"] = f"arXiv:{paper.arxiv_id}"
        if kind is PaperKind.PREPRINT and "publisher" not in item:
            item["publisher"] = "arXiv"
    if paper.abstract and paper.abstract.strip():
        item["abstract"] = paper.abstract.strip()
    if paper.tags:
        item["keyword"] = ", ".join(paper.tags)
    return item


def to_csl_json(papers: Sequence[Paper], keys: Mapping[int, str] | None = None) -> str:
    """A JSON array of CSL items in the order given; the user's note is left out."""
    keys = keys if keys is not None else assign_keys(papers)
    items = [to_csl_item(p, keys[p.id]) for p in papers]
    return json.dumps(items, indent=2, ensure_ascii=False) + "\n"

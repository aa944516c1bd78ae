"""Turning a Paper into the fields the index stores."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from papershelf.core.models import Paper


def document_for(paper: Paper, pdf_pages: Sequence[str] | None = None) -> dict[str, Any]:
    """The index document of `paper`; text lives in SQLite and is not stored here.

    Args:
        paper: the paper.
        pdf_pages: the indexed text of its attached PDFs, page by page; None when it has no
            PDF (an empty list: a PDF whose text could not be extracted, still `has:pdf`).
    """
    has = []
    if pdf_pages is not None:
        has.append("pdf")
    if paper.note:
        has.append("notes")
    if paper.annotations:
        has.append("annotations")
    if paper.tags:
        has.append("tags")
    if paper.abstract:
        has.append("abstract")
    annotations = "\n".join(
        " ".join(x for x in (a.quote, a.comment or "") if x) for a in paper.annotations
    )
    authors = "\n".join(paper.authors)
    tags = "\n".join(paper.tags)
    body = "\n".join(
        x for x in (paper.title, authors, tags, paper.abstract, paper.note, annotations) if x
    )
    doc: dict[str, Any] = {
        "id": str(paper.id),
        "rev": paper.rev,
        "title": paper.title,
        "body": body,
        "authors": authors,
        "tags": tags,
        "notes": paper.note or "",
        "annotations": annotations,
        "fulltext": "\n".join(pdf_pages or ()),
        "typing": "\n".join([paper.title, *paper.authors, *paper.tags]),
        "status": paper.status.value,
        "has": " ".join(has),
    }
    if paper.year is not None and 0 <= paper.year < 1 << 31:
        doc["year"] = paper.year
    if paper.arxiv_id:
        doc["arxiv"] = paper.arxiv_id.lower()
    if paper.doi:
        doc["doi"] = paper.doi.lower()
    if paper.venue:
        doc["venue"] = paper.venue
    if paper.entry_type:
        doc["type"] = paper.entry_type
    return doc

"""A paper with every bibliographic field filled, shared by the exporter and client tests."""

from __future__ import annotations

from typing import Any

from papershelf.core.models import Paper, ReadingStatus


def full_paper(paper_id: int = 1, **overrides: Any) -> Paper:
    """Knuth's TUGboat article with every stored field, as a user would have it."""
    values: dict[str, Any] = {
        "id": paper_id,
        "title": "Problems on the TeX/PostScript Interface with LaTeX and BibTeX",
        "authors": ["Donald E. Knuth", "Jan van der Berg"],
        "year": 1988,
        "venue": "TUGboat",
        "abstract": None,
        "arxiv_id": None,
        "arxiv_version": None,
        "doi": "10.1000/tug.9.3",
        "url": None,
        "source": "test",
        "added_at": "2026-01-01T00:00:00Z",
        "updated_at": "2026-01-01T00:00:00Z",
        "status": ReadingStatus.TO_READ,
        "priority": 0,
        "entry_type": "article",
        "volume": "9",
        "issue": "3",
        "pages": "263-264",
        "month": 9,
        "day": 12,
        "publisher": "TeX Users Group",
        "place": "Providence, RI",
        "editors": ["Barbara Beeton"],
        "edition": "2",
        "series": "TUG Proceedings",
        "issn": "0896-3207",
        "isbn": "978-0-201-13447-6",
        "language": "english",
        "access_date": "2020-01-02",
        "citation_key": "knuth1988problems",
    }
    values.update(overrides)
    return Paper(**values)

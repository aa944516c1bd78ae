"""RIS export, for EndNote, Mendeley and reference managers that read no BibTeX."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from papershelf.core.biblio import ENTRY_TO_RIS, RIS_TO_ENTRY, page_range
from papershelf.core.models import Paper
from papershelf.exporters.common import (
    PaperKind,
    check_key,
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
    PaperKind.PREPRINT: "GEN",
    PaperKind.CONFERENCE: "CONF",
    PaperKind.JOURNAL: "JOUR",
    PaperKind.OTHER: "GEN",
}


def _line(tag: str, value: str) -> str:
    return f"{tag}  - {one_line(value)}\n"


def ris_type(paper: Paper) -> str:
    """The `TY` tag: from the stored entry type, else from what the venue suggests."""
    stored = stored_entry_type(paper)
    if stored is not None:
        # A RIS record's own type (CONF, not our CPAPER) is written back when it still
        # means the stored type, so a RIS round trip keeps it.
        fields = paper.extra.get("fields")
        kept = fields.get("TY") if isinstance(fields, dict) else None
        kept = kept[0] if isinstance(kept, list) and kept else kept
        if isinstance(kept, str) and RIS_TO_ENTRY.get(kept.upper()) == stored:
            return kept.upper()
        if is_book_part(paper):
            # A BibTeX `@book` that is a chapter of an edited book (see is_book_part): as
            # CHAP, its T2 is the book a reader looks for, and SP/EP its pages in it.
            return "CHAP"
        return ENTRY_TO_RIS.get(stored, "GEN")
    return _TYPES[paper_kind(paper)]


def ris_date(paper: Paper) -> str | None:
    """`DA` as the RIS spec writes it, `YYYY/MM/DD/`, with the parts not known left empty."""
    parts = issued_parts(paper)
    if len(parts) < 2:
        return None
    month, day = f"{parts[1]:02d}", f"{parts[2]:02d}" if len(parts) > 2 else ""
    return f"{parts[0]:04d}/{month}/{day}/"


def to_ris_record(paper: Paper, key: str) -> str:
    """One record from `TY` to `ER`; RIS is line-based, so values are put on one line."""
    out = [_line("TY", ris_type(paper)), _line("ID", check_key(key))]
    if not paper.extra.get("untitled"):
        out.append(_line("TI", paper.title))
    whole = literal_authors(paper)
    out.extend(_line("AU", parse_name(a, literal=a in whole).family_given()) for a in paper.authors)
    out.extend(_line("ED", parse_name(e).family_given()) for e in paper.editors)
    if paper.year is not None:
        out.append(_line("PY", str(paper.year)))
    date = ris_date(paper)
    if date is not None:
        out.append(_line("DA", date))
    if paper.venue:
        out.append(_line("T2", paper.venue))
    first, last = page_range(paper.pages)
    for tag, value in (
        ("T3", paper.series),
        ("VL", paper.volume),
        ("IS", paper.issue),
        ("SP", first),
        ("EP", last),
        ("ET", paper.edition),
        ("PB", paper.publisher),
        ("CY", paper.place),
        # RIS has one tag for both numbers; their shapes tell them apart.
        ("SN", paper.issn),
        ("SN", paper.isbn),
        ("LA", paper.language),
        ("Y2", paper.access_date),
    ):
        if value and value.strip():
            out.append(_line(tag, value))
    if paper.doi:
        out.append(_line("DO", paper.doi))
    url = paper_url(paper)
    if url:
        out.append(_line("UR", url))
    if paper.abstract and paper.abstract.strip():
        out.append(_line("AB", paper.abstract))
    out.extend(_line("KW", tag) for tag in paper.tags)
    out.append("ER  - \n")
    return "".join(out)


def to_ris(papers: Sequence[Paper], keys: Mapping[int, str] | None = None) -> str:
    """Records in the order given, separated by a blank line; notes are left out."""
    keys = keys if keys is not None else assign_keys(papers)
    return "\n".join(to_ris_record(p, keys[p.id]) for p in papers)

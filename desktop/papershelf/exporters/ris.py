"""RIS export, for EndNote, Mendeley and reference managers that read no BibTeX."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from papershelf.core.models import Paper
from papershelf.exporters.common import (
    PaperKind,
    check_key,
    literal_authors,
    one_line,
    paper_kind,
    paper_url,
    parse_name,
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


def to_ris_record(paper: Paper, key: str) -> str:
    """One record from `TY` to `ER`; RIS is line-based, so values are put on one line."""
    out = [_line("TY", _TYPES[paper_kind(paper)]), _line("ID", check_key(key))]
    if not paper.extra.get("untitled"):
        out.append(_line("TI", paper.title))
    whole = literal_authors(paper)
    out.extend(_line("AU", parse_name(a, literal=a in whole).family_given()) for a in paper.authors)
    if paper.year is not None:
        out.append(_line("PY", str(paper.year)))
    if paper.venue:
        out.append(_line("T2", paper.venue))
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

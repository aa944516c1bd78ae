"""BibTeX export, for LaTeX users and for "copy BibTeX" on a single paper."""

from __future__ import annotations

import unicodedata
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

_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "%": r"\%",
    "&": r"\&",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}

# Letters with no accent decomposition.
_LETTERS = {
    "ß": r"{\ss}",
    "ø": r"{\o}",
    "Ø": r"{\O}",
    "æ": r"{\ae}",
    "Æ": r"{\AE}",
    "œ": r"{\oe}",
    "Œ": r"{\OE}",
    "ł": r"{\l}",
    "Ł": r"{\L}",
    "å": r"{\aa}",
    "Å": r"{\AA}",
    "ı": r"{\i}",
}

# Combining mark -> LaTeX accent command; symbol accents are written `{\'e}`, letter
# accents `{\c{c}}`.
_SYMBOL_ACCENTS = {
    "\u0300": "`",
    "\u0301": "'",
    "\u0302": "^",
    "\u0303": "~",
    "\u0308": '"',
    "\u0304": "=",
    "\u0307": ".",
}
_LETTER_ACCENTS = {
    "\u0327": "c",
    "\u0328": "k",
    "\u030c": "v",
    "\u0306": "u",
    "\u030a": "r",
    "\u030b": "H",
}


def _accent_table() -> dict[str, str]:
    """LaTeX for every accented letter of Latin-1 Supplement and Latin Extended-A."""
    table = dict(_LETTERS)
    for code in range(0xC0, 0x180):
        ch = chr(code)
        if ch in table:
            continue
        parts = unicodedata.normalize("NFD", ch)
        if len(parts) != 2 or not parts[0].isascii() or not parts[0].isalpha():
            continue
        base, mark = parts[0], parts[1]
        if mark in _SYMBOL_ACCENTS:
            table[ch] = f"{{\\{_SYMBOL_ACCENTS[mark]}{base}}}"
        elif mark in _LETTER_ACCENTS:
            table[ch] = f"{{\\{_LETTER_ACCENTS[mark]}{{{base}}}}}"
    return table


_ACCENTS = _accent_table()

_CONFERENCE_FIELD = "booktitle"
_JOURNAL_FIELD = "journal"


def latex_escape(text: str) -> str:
    """Escape LaTeX specials and spell common accented letters as LaTeX accents.

    Other non-ASCII characters stay UTF-8: biber and modern LaTeX read them.
    """
    out: list[str] = []
    for ch in unicodedata.normalize("NFC", text):
        out.append(_SPECIAL.get(ch) or _ACCENTS.get(ch) or ch)
    return "".join(out)


def _verbatim(text: str) -> str:
    """URL, DOI and eprint fields are verbatim: only braces would break the entry."""
    return text.replace("{", "%7B").replace("}", "%7D")


def _author_field(authors: Sequence[str], literal: frozenset[str] = frozenset()) -> str:
    names: list[str] = []
    for author in authors:
        whole = author in literal
        formatted = latex_escape(parse_name(author, literal=whole).family_given())
        # An organisation, or a literal " and " inside one name, is kept as one braced name.
        if whole or " and " in formatted:
            formatted = f"{{{formatted}}}"
        names.append(formatted)
    return " and ".join(names)


def _entry_type(kind: PaperKind) -> str:
    if kind is PaperKind.CONFERENCE:
        return "inproceedings"
    if kind is PaperKind.JOURNAL:
        return "article"
    return "misc"


_MODELLED = frozenset(
    {
        "title",
        "author",
        "booktitle",
        "journal",
        "journaltitle",
        "year",
        "date",
        "doi",
        "url",
        "eprint",
        "archiveprefix",
        "eprinttype",
        "primaryclass",
        "abstract",
        "keywords",
    }
)


def _kept_fields(paper: Paper) -> list[tuple[str, str]]:
    """Fields an imported .bib entry had that we do not model, given back as they were."""
    kept = paper.extra.get("fields")
    if not isinstance(kept, dict) or paper.extra.get("entry_type") is None:
        return []
    out = []
    for name, value in kept.items():
        keep = isinstance(name, str) and name.lower() not in _MODELLED
        if keep and isinstance(value, str) and value.count("{") == value.count("}"):
            out.append((name, value))
    return out


def to_bibtex_entry(paper: Paper, key: str, *, biblatex: bool = False) -> str:
    """One BibTeX (or BibLaTeX) entry ending in a newline; the user's note is never included.

    An entry imported from a .bib file keeps its type and its fields we do not model.
    """
    kind = paper_kind(paper)
    kept_type = paper.extra.get("entry_type")
    entry_type = (
        kept_type.lower()
        if isinstance(kept_type, str) and kept_type.isalpha()
        else _entry_type(kind)
    )
    if biblatex and entry_type == "misc" and paper.arxiv_id:
        entry_type = "online"
    in_book = entry_type in ("inproceedings", "conference", "incollection", "inbook")
    conference = in_book or (entry_type not in ("article",) and kind is PaperKind.CONFERENCE)
    fields: list[tuple[str, str]] = []
    if not paper.extra.get("untitled"):
        fields.append(("title", f"{{{latex_escape(one_line(paper.title))}}}"))
    if paper.authors:
        fields.append(("author", _author_field(paper.authors, literal_authors(paper))))
    if paper.venue and conference:
        fields.append((_CONFERENCE_FIELD, latex_escape(one_line(paper.venue))))
    elif paper.venue:
        journal = "journaltitle" if biblatex else _JOURNAL_FIELD
        # An imported abbreviated journal (its full name kept as `fjournal`) goes back as it was.
        short = paper.extra.get("venue_short")
        venue = short if isinstance(short, str) and short else paper.venue
        fields.append((journal, latex_escape(one_line(venue))))
    if paper.year is not None:
        fields.append(("date" if biblatex else "year", str(paper.year)))
    if paper.doi:
        fields.append(("doi", _verbatim(paper.doi)))
    url = paper_url(paper)
    if url:
        fields.append(("url", _verbatim(url)))
    if paper.arxiv_id:
        fields.append(("eprint", _verbatim(paper.arxiv_id)))
        fields.append(("eprinttype", "arxiv") if biblatex else ("archivePrefix", "arXiv"))
        primary = paper.extra.get("primary_category")
        if isinstance(primary, str) and primary:
            fields.append(("eprintclass" if biblatex else "primaryClass", _verbatim(primary)))
    if paper.abstract and paper.abstract.strip():
        fields.append(("abstract", latex_escape(one_line(paper.abstract))))
    if paper.tags:
        fields.append(("keywords", latex_escape(", ".join(one_line(t) for t in paper.tags))))
    fields.extend(_kept_fields(paper))
    kept_type = paper.extra.get("entry_type")
    entry_type = (
        kept_type.lower()
        if isinstance(kept_type, str) and kept_type.isalpha()
        else (_entry_type(kind))
    )
    if biblatex and entry_type == "misc" and paper.arxiv_id:
        entry_type = "online"
    lines = [f"@{entry_type}{{{check_key(key)},"]
    lines.extend(f"  {name} = {{{value}}}," for name, value in fields)
    lines.append("}")
    return "\n".join(lines) + "\n"


def to_bibtex(
    papers: Sequence[Paper], keys: Mapping[int, str] | None = None, *, biblatex: bool = False
) -> str:
    """A .bib file: the papers' entries in the order given, separated by blank lines.

    `keys` maps paper id to citation key; by default `assign_keys` makes them.
    """
    keys = keys if keys is not None else assign_keys(papers)
    return "\n".join(to_bibtex_entry(p, keys[p.id], biblatex=biblatex) for p in papers)

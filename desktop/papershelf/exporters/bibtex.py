"""BibTeX export, for LaTeX users and for "copy BibTeX" on a single paper."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence

from papershelf.core.biblio import INSTITUTION_TYPES, MONTH_ABBREVIATIONS, THESIS_TYPES, parse_month
from papershelf.core.models import Paper
from papershelf.exporters.biblatex import fit_entry
from papershelf.exporters.common import (
    PaperKind,
    check_key,
    is_book_part,
    literal_authors,
    one_line,
    paper_kind,
    paper_url,
    parse_name,
    stored_entry_type,
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


# `TeX` and `LaTeX` go back as the kernel's logo macros. The other logos (`\BibTeX`, `\XeTeX`,
# …) need a package in LaTeX and pandoc drops them as unknown macros, so they are written as
# braced text: case-protected, and read back as the same word.
_LOGO_MACRO_RE = re.compile(r"(?<![\\\w-])(LaTeX|TeX)(?![\w-])")
_LOGO_WORD_RE = re.compile(
    r"(?<![\\\w{])(BibTeX|LaTeX2e|LaTeXe|METAFONT|MetaPost|ConTeXt|XeTeX|XeLaTeX|LuaTeX"
    r"|LuaLaTeX|pdfTeX|pdfLaTeX|e-TeX|AMS-LaTeX|AMS-TeX)(?![\w}])"
)


_BRACE_WORDS = {"{": r"\textbraceleft{}", "}": r"\textbraceright{}"}


def _balanced(text: str) -> bool:
    depth = 0
    for ch in text:
        depth += ch == "{"
        depth -= ch == "}"
        if depth < 0:
            return False
    return depth == 0


def latex_escape(text: str) -> str:
    """Escape LaTeX specials, spell accented letters as LaTeX accents, keep TeX logos whole.

    Other non-ASCII characters stay UTF-8: biber and modern LaTeX read them.
    """
    out: list[str] = []
    # BibTeX counts `\{` as a brace too: an unbalanced one would run the entry on ("runaway
    # string"), so such braces are spelled as the brace commands.
    braces = _BRACE_WORDS if not _balanced(text) else {}
    for ch in unicodedata.normalize("NFC", text):
        out.append(braces.get(ch) or _SPECIAL.get(ch) or _ACCENTS.get(ch) or ch)
    escaped = _LOGO_WORD_RE.sub(r"{\1}", "".join(out))
    return _LOGO_MACRO_RE.sub(r"{\\\1}", escaped)


def _verbatim(text: str) -> str:
    """URL, DOI and eprint fields are verbatim: only braces would break the entry."""
    return text.replace("{", "%7B").replace("}", "%7D")


def _author_field(authors: Sequence[str], literal: frozenset[str] = frozenset()) -> str:
    names: list[str] = []
    for author in authors:
        whole = author in literal
        formatted = latex_escape(parse_name(author, literal=whole).bibtex())
        # An organisation, or a literal " and " inside one name, is kept as one braced name.
        if whole or " and " in formatted:
            formatted = f"{{{formatted}}}"
        names.append(formatted)
    return " and ".join(names)


def _list_field(text: str) -> str:
    """A BibLaTeX list field (publisher, location) holding one item, which may contain "and"."""
    escaped = latex_escape(one_line(text))
    return f"{{{escaped}}}" if " and " in f" {escaped} " else escaped


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
        # The import already copied the parent's fields into the entry, and the parent may
        # not be exported with it (biber: "didn't find a database entry for crossref").
        "crossref",
    }
)

# .bib field -> the column that models it. An older import left these in `extra["fields"]`;
# such a value is written back only while its column is empty, so nothing is written twice.
_COLUMN_OF = {
    "volume": "volume",
    "number": "issue",
    "issue": "issue",
    "pages": "pages",
    "month": "month",
    "day": "day",
    "publisher": "publisher",
    "address": "place",
    "location": "place",
    "issn": "issn",
    "isbn": "isbn",
    "edition": "edition",
    "series": "series",
    "language": "language",
    "langid": "language",
    "urldate": "access_date",
    "editor": "editors",
}

# Types BibLaTeX has and classic BibTeX styles do not: the nearest BibTeX type.
_BIBTEX_TYPES = {
    "thesis": "phdthesis",
    "report": "techreport",
    "online": "misc",
    "dataset": "misc",
    "software": "misc",
    "patent": "misc",
    "periodical": "misc",
}
_IN_BOOK = frozenset({"inproceedings", "incollection", "inbook"})
_BOOKS = frozenset({"book", "proceedings"})


def _kept_fields(paper: Paper) -> list[tuple[str, str]]:
    """Fields an imported .bib entry had that we do not model, given back as they were."""
    kept = paper.extra.get("fields")
    from_bib = paper.source == "bibtex" or paper.extra.get("entry_type") is not None
    if not isinstance(kept, dict) or not from_bib:
        return []
    out = []
    for name, value in kept.items():
        if not isinstance(name, str) or name.lower() in _MODELLED:
            continue
        column = _COLUMN_OF.get(name.lower())
        if column is not None and getattr(paper, column) not in (None, "", []):
            continue
        if column == "month":
            continue  # written from the column, or from this value by `_month`
        if isinstance(value, str) and value.count("{") == value.count("}"):
            out.append((name, f"{{{value}}}"))
    return out


def _month(paper: Paper) -> int | None:
    """The month column, or a month an older import kept as a .bib field."""
    if paper.month is not None:
        return paper.month
    kept = paper.extra.get("fields")
    if isinstance(kept, dict) and paper.extra.get("entry_type") is not None:
        for name, value in kept.items():
            if isinstance(name, str) and name.lower() == "month":
                return parse_month(value)
    return None


def bib_entry_type(paper: Paper, *, biblatex: bool) -> str:
    """The @type: the stored entry type (the nearest classic one for BibTeX), else by kind."""
    stored = "incollection" if is_book_part(paper) else stored_entry_type(paper)
    if stored is None:
        kind = paper_kind(paper)
        if kind is PaperKind.CONFERENCE:
            stored = "inproceedings"
        elif kind is PaperKind.JOURNAL:
            stored = "article"
        else:
            stored = "online" if biblatex and paper.arxiv_id else "misc"
    if biblatex and stored == "book" and paper.editors and not paper.authors:
        return "collection"  # an edited book: BibLaTeX's book needs an author
    return stored if biblatex else _BIBTEX_TYPES.get(stored, stored)


def _venue_field(paper: Paper, entry_type: str, *, biblatex: bool) -> tuple[str, str] | None:
    if not paper.venue:
        return None
    conference = entry_type in _IN_BOOK or (
        entry_type != "article" and paper_kind(paper) is PaperKind.CONFERENCE
    )
    if conference or (biblatex and entry_type in _BOOKS):
        # A book's container: BibLaTeX has no `journaltitle` for it, and libraries write
        # `booktitle` (IRIDIA: 289 books), which is also what the importer reads back.
        return _CONFERENCE_FIELD, f"{{{latex_escape(one_line(paper.venue))}}}"
    journal = "journaltitle" if biblatex else _JOURNAL_FIELD
    # An imported abbreviated journal (its full name kept as `fjournal`) goes back as it was.
    short = paper.extra.get("venue_short")
    venue = short if isinstance(short, str) and short else paper.venue
    return journal, f"{{{latex_escape(one_line(venue))}}}"


def _date_fields(paper: Paper, *, biblatex: bool) -> list[tuple[str, str]]:
    """BibLaTeX's `date = {1988-09-12}`; BibTeX's `year` and unbraced `month = sep`.

    biber reads a BibTeX `month` only as a number or a month macro ("legacy month field …
    is not an integer" otherwise), so BibLaTeX gets the ISO date instead.
    """
    if paper.year is None:
        return []
    month = _month(paper)
    if biblatex:
        date = f"{paper.year:04d}" if paper.year >= 0 else str(paper.year)
        if month is not None:
            date += f"-{month:02d}"
            if paper.day is not None:
                date += f"-{paper.day:02d}"
        return [("date", f"{{{date}}}")]
    out = [("year", f"{{{paper.year}}}")]
    if month is not None:
        out.append(("month", MONTH_ABBREVIATIONS[month - 1]))
    return out


def _biblio_fields(paper: Paper, *, biblatex: bool) -> list[tuple[str, str]]:
    """Series, volume, number, pages, publisher, place and the other stored fields."""
    fields: list[tuple[str, str]] = []

    def text(name: str, value: str | None) -> None:
        if value and value.strip():
            fields.append((name, f"{{{latex_escape(one_line(value))}}}"))

    text("series", paper.series)
    text("edition", paper.edition)
    text("volume", paper.volume)
    text("number", paper.issue)
    if paper.pages:
        fields.append(("pages", f"{{{latex_escape(one_line(paper.pages)).replace('-', '--')}}}"))
    if paper.publisher and paper.publisher.strip():
        publisher = _list_field(paper.publisher) if biblatex else latex_escape(paper.publisher)
        fields.append((_publisher_field(paper, biblatex=biblatex), f"{{{one_line(publisher)}}}"))
    if paper.place and paper.place.strip():
        place = _list_field(paper.place) if biblatex else latex_escape(paper.place)
        fields.append(("location" if biblatex else "address", f"{{{one_line(place)}}}"))
    return fields


def _publisher_field(paper: Paper, *, biblatex: bool) -> str:
    """`institution` for reports and theses (`school` for a BibTeX thesis), else `publisher`."""
    kind = stored_entry_type(paper)
    if kind in THESIS_TYPES and not biblatex:
        return "school"
    return "institution" if kind in INSTITUTION_TYPES else "publisher"


def to_bibtex_entry(paper: Paper, key: str, *, biblatex: bool = False) -> str:
    """One BibTeX (or BibLaTeX) entry ending in a newline; the user's note is never included.

    An entry imported from a .bib file keeps its fields we do not model. A paper without a
    title has none in BibTeX; BibLaTeX requires one, so it gets the stored placeholder.
    """
    entry_type = bib_entry_type(paper, biblatex=biblatex)
    fields: list[tuple[str, str]] = []
    if biblatex or not paper.extra.get("untitled"):
        fields.append(("title", f"{{{{{latex_escape(one_line(paper.title))}}}}}"))
    if paper.authors:
        fields.append(("author", f"{{{_author_field(paper.authors, literal_authors(paper))}}}"))
    if paper.editors:
        fields.append(("editor", f"{{{_author_field(paper.editors)}}}"))
    venue = _venue_field(paper, entry_type, biblatex=biblatex)
    if venue is not None:
        fields.append(venue)
    fields.extend(_biblio_fields(paper, biblatex=biblatex))
    fields.extend(_date_fields(paper, biblatex=biblatex))
    if paper.doi:
        fields.append(("doi", f"{{{_verbatim(paper.doi)}}}"))
    url = paper_url(paper)
    if url:
        fields.append(("url", f"{{{_verbatim(url)}}}"))
    if paper.access_date and paper.access_date.strip():
        # BibLaTeX's urldate is a date: other text ("Accessed in spring") goes to addendum.
        fields.append(("urldate", f"{{{_verbatim(one_line(paper.access_date))}}}"))
    if paper.arxiv_id:
        fields.append(("eprint", f"{{{_verbatim(paper.arxiv_id)}}}"))
        fields.append(("eprinttype", "{arxiv}") if biblatex else ("archivePrefix", "{arXiv}"))
        primary = paper.extra.get("primary_category")
        if isinstance(primary, str) and primary:
            name = "eprintclass" if biblatex else "primaryClass"
            fields.append((name, f"{{{_verbatim(primary)}}}"))
    for name, value in (("issn", paper.issn), ("isbn", paper.isbn)):
        if value and value.strip():
            fields.append((name, f"{{{_verbatim(one_line(value))}}}"))
    if paper.language and paper.language.strip():
        # BibLaTeX's `langid` selects hyphenation without printing; `language` would print.
        name = "langid" if biblatex else "language"
        fields.append((name, f"{{{latex_escape(one_line(paper.language))}}}"))
    if paper.abstract and paper.abstract.strip():
        fields.append(("abstract", f"{{{latex_escape(one_line(paper.abstract))}}}"))
    if paper.tags:
        tags = latex_escape(", ".join(one_line(t) for t in paper.tags))
        fields.append(("keywords", f"{{{tags}}}"))
    fields.extend(_kept_fields(paper))
    if biblatex:
        entry_type, fields = fit_entry(entry_type, fields)
    lines = [f"@{entry_type}{{{check_key(key)},"]
    lines.extend(f"  {name} = {value}," for name, value in fields)
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

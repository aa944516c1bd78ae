"""The bibliographic fields beyond title, authors, year and venue, and their vocabularies.

One list (`BIBLIO_FIELDS`) drives the columns, the rows, merging, the CLI's JSON and the
detail pane's Info section, so a new field is added here and in one migration. Entry types
use BibLaTeX's names (`article`, `inproceedings`, …); the maps below translate the other
formats' types to them and back, so every importer and exporter agrees on one vocabulary.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Kind = Literal["text", "int", "names"]


@dataclass(frozen=True)
class BiblioField:
    """A stored bibliographic field: its column, its label, and what it holds."""

    name: str
    label: str
    kind: Kind = "text"


BIBLIO_FIELDS: tuple[BiblioField, ...] = (
    BiblioField("entry_type", "Item type"),
    BiblioField("volume", "Volume"),
    BiblioField("issue", "Issue"),
    BiblioField("pages", "Pages"),
    BiblioField("month", "Month", "int"),
    BiblioField("day", "Day", "int"),
    BiblioField("publisher", "Publisher"),
    BiblioField("place", "Place"),
    BiblioField("editors", "Editors", "names"),
    BiblioField("edition", "Edition"),
    BiblioField("series", "Series"),
    BiblioField("issn", "ISSN"),
    BiblioField("isbn", "ISBN"),
    BiblioField("language", "Language"),
    BiblioField("access_date", "Accessed"),
    BiblioField("citation_key", "Citation key"),
)
BIBLIO_NAMES: tuple[str, ...] = tuple(f.name for f in BIBLIO_FIELDS)
NAMES_FIELDS = frozenset(f.name for f in BIBLIO_FIELDS if f.kind == "names")
INT_FIELDS = frozenset(f.name for f in BIBLIO_FIELDS if f.kind == "int")

# ------------------------------------------------------------------- entry types
ENTRY_TYPES: tuple[str, ...] = (
    "article",
    "inproceedings",
    "proceedings",
    "book",
    "inbook",
    "incollection",
    "phdthesis",
    "mastersthesis",
    "thesis",
    "techreport",
    "report",
    "manual",
    "booklet",
    "online",
    "unpublished",
    "patent",
    "dataset",
    "software",
    "periodical",
    "misc",
)
"""BibLaTeX/BibTeX entry types, the stored vocabulary (`entry_type`)."""
THESIS_TYPES = frozenset({"phdthesis", "mastersthesis", "thesis"})
INSTITUTION_TYPES = THESIS_TYPES | {"techreport", "report"}
"""Types whose publisher is an institution (BibTeX `institution`, or `school` for theses)."""

_BIB_ALIASES = {
    "conference": "inproceedings",
    "electronic": "online",
    "www": "online",
    "webpage": "online",
    "collection": "book",
    "mvbook": "book",
    "bookinbook": "inbook",
    "suppbook": "inbook",
    "mvcollection": "book",
    "incollection": "incollection",
    "mvproceedings": "proceedings",
    "suppcollection": "incollection",
    "suppperiodical": "article",
    "thesis": "thesis",
    "reference": "book",
    "mvreference": "book",
    "inreference": "incollection",
    "standard": "manual",
    # Mendeley's export writes its own item types as BibTeX types.
    "book_section": "incollection",
    "journal_article": "article",
    "magazine_article": "article",
    "newspaper_article": "article",
    "web_page": "online",
    "conference_proceedings": "inproceedings",
    "encyclopedia_article": "incollection",
    "computer_program": "software",
    "working_paper": "techreport",
}


def bibtex_entry_type(name: str) -> str:
    """The stored type of a BibTeX/BibLaTeX entry type (unknown ones become `misc`)."""
    kind = name.strip().lower()
    if kind in ENTRY_TYPES:
        return kind
    return _BIB_ALIASES.get(kind, "misc")


CSL_TO_ENTRY: dict[str, str] = {
    "article-journal": "article",
    "article-magazine": "article",
    "article-newspaper": "article",
    "review": "article",
    "review-book": "article",
    "paper-conference": "inproceedings",
    "book": "book",
    "chapter": "incollection",
    "entry-encyclopedia": "incollection",
    "entry-dictionary": "incollection",
    "entry": "incollection",
    "thesis": "thesis",
    "report": "techreport",
    "webpage": "online",
    "post-weblog": "online",
    "post": "online",
    "manuscript": "unpublished",
    "speech": "unpublished",
    "patent": "patent",
    "dataset": "dataset",
    "software": "software",
    "periodical": "periodical",
    "standard": "manual",
    "pamphlet": "booklet",
    "article": "misc",  # CSL's "article" is a preprint or working paper
}
ENTRY_TO_CSL: dict[str, str] = {
    "article": "article-journal",
    "inproceedings": "paper-conference",
    "proceedings": "book",
    "book": "book",
    "inbook": "chapter",
    "incollection": "chapter",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
    "thesis": "thesis",
    "techreport": "report",
    "report": "report",
    "manual": "report",
    "booklet": "pamphlet",
    "online": "webpage",
    "unpublished": "manuscript",
    "patent": "patent",
    "dataset": "dataset",
    "software": "software",
    "periodical": "periodical",
    "misc": "article",
}

RIS_TO_ENTRY: dict[str, str] = {
    "JOUR": "article",
    "JFULL": "article",
    "MGZN": "article",
    "NEWS": "article",
    "EJOUR": "article",
    "CONF": "inproceedings",
    "CPAPER": "inproceedings",
    "BOOK": "book",
    "EBOOK": "book",
    "EDBOOK": "book",
    "CHAP": "incollection",
    "ECHAP": "incollection",
    "THES": "thesis",
    "RPRT": "techreport",
    "ELEC": "online",
    "WEB": "online",
    "BLOG": "online",
    "UNPB": "unpublished",
    "MANSCPT": "unpublished",
    "PAT": "patent",
    "DATA": "dataset",
    "COMP": "software",
    "PAMP": "booklet",
    "STAND": "manual",
    "GEN": "misc",
}
ENTRY_TO_RIS: dict[str, str] = {
    "article": "JOUR",
    "inproceedings": "CPAPER",
    "proceedings": "CONF",
    "book": "BOOK",
    "inbook": "CHAP",
    "incollection": "CHAP",
    "phdthesis": "THES",
    "mastersthesis": "THES",
    "thesis": "THES",
    "techreport": "RPRT",
    "report": "RPRT",
    "manual": "STAND",
    "booklet": "PAMP",
    "online": "ELEC",
    "unpublished": "UNPB",
    "patent": "PAT",
    "dataset": "DATA",
    "software": "COMP",
    "periodical": "JFULL",
    "misc": "GEN",
}

# ------------------------------------------------------------------- values
_MONTHS = (
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"],
    [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ],
)


def parse_month(value: object) -> int | None:
    """1–12 from `9`, `"09"`, `"sep"`, `"September"`, `"Sept."`; None when it is not one."""
    if isinstance(value, int):
        return value if 1 <= value <= 12 else None
    text = str(value).strip().strip(".{}").casefold()
    if text.isdigit():
        number = int(text)
        return number if 1 <= number <= 12 else None
    for names in _MONTHS:
        for number, name in enumerate(names, start=1):
            if text == name or (len(text) >= 3 and name.startswith(text)):
                return number
    return None


MONTH_ABBREVIATIONS: tuple[str, ...] = tuple(_MONTHS[0])
"""BibTeX's month macros, `jan`…`dec`, index 0 = January."""

_PAGE_DASH_RE = re.compile(r"\s*(?:-+|–|—|‐|‑|−)\s*")


def normalize_pages(value: object) -> str | None:
    """A page range with one ASCII hyphen (`263--264`, `263–264` → `263-264`)."""
    text = " ".join(str(value).split()) if value is not None else ""
    if not text:
        return None
    return _PAGE_DASH_RE.sub("-", text)


def page_range(pages: str | None) -> tuple[str | None, str | None]:
    """(first page, last page) of a stored page range; the last is None for one page."""
    if not pages:
        return None, None
    first, _, last = pages.partition("-")
    return first.strip() or None, last.strip() or None

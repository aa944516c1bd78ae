"""Export → import gives back every stored bibliographic field and the entry type (issue 17 §5).

What a format cannot carry is listed in docs/formats.md and applied by `expected`; any other
difference fails.
"""

from __future__ import annotations

import string
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from papershelf.core.biblio import (
    CSL_TO_ENTRY,
    ENTRY_TO_CSL,
    ENTRY_TO_RIS,
    ENTRY_TYPES,
    RIS_TO_ENTRY,
    bibtex_entry_type,
)
from papershelf.core.models import Paper
from papershelf.exporters.biblatex_model import TYPE_ALIASES, allows, missing_mandatory
from papershelf.exporters.common import is_book_part
from papershelf.exporters.registry import export_text
from papershelf.importers.registry import choose_importer

from tests.exporters.biblio_papers import full_paper

WORD = st.text(alphabet=string.ascii_letters + "äéøß", min_size=1, max_size=8)
PHRASE = st.lists(WORD, min_size=1, max_size=4).map(" ".join)
NAME = st.tuples(WORD, WORD).map(lambda t: f"{t[0].capitalize()} {t[1].capitalize()}")
NUMBER = st.integers(1, 999).map(str)

_BIBTEX_TYPES = {
    "thesis": "phdthesis",
    "report": "techreport",
    "online": "misc",
    "dataset": "misc",
    "software": "misc",
    "patent": "misc",
    "periodical": "misc",
}


def with_issn_check(digits: str) -> str:
    """`1234-567X`: seven digits and their check digit (biber refuses a wrong one)."""
    check = (11 - sum((8 - i) * int(c) for i, c in enumerate(digits)) % 11) % 11
    return f"{digits[:4]}-{digits[4:]}{'X' if check == 10 else check}"


def with_isbn_check(digits: str) -> str:
    """`978-d-ddd-ddddd-c`: twelve digits and their ISBN-13 check digit."""
    check = (10 - sum((1 if i % 2 == 0 else 3) * int(c) for i, c in enumerate(digits)) % 10) % 10
    return f"{digits[:3]}-{digits[3]}-{digits[4:7]}-{digits[7:12]}-{check}"


@st.composite
def biblio_papers(draw: st.DrawFn) -> Paper:
    month = draw(st.none() | st.integers(1, 12))
    first = draw(st.integers(1, 500))
    return full_paper(
        title=draw(PHRASE),
        authors=draw(st.lists(NAME, min_size=1, max_size=3, unique=True)),
        year=draw(st.integers(1900, 2030)),
        venue=draw(st.none() | PHRASE),
        doi=None,
        entry_type=draw(st.sampled_from(ENTRY_TYPES)),
        volume=draw(st.none() | NUMBER),
        issue=draw(st.none() | NUMBER),
        pages=draw(
            st.none()
            | st.just(str(first))
            | st.integers(1, 50).map(lambda n: f"{first}-{first + n}")
        ),
        month=month,
        day=draw(st.none() | st.integers(1, 28)) if month is not None else None,
        publisher=draw(st.none() | PHRASE),
        place=draw(st.none() | PHRASE),
        editors=draw(st.lists(NAME, max_size=2, unique=True)),
        edition=draw(st.none() | NUMBER),
        series=draw(st.none() | PHRASE),
        issn=draw(st.none() | st.from_regex(r"\d{7}", fullmatch=True).map(with_issn_check)),
        isbn=draw(st.none() | st.from_regex(r"978\d{9}", fullmatch=True).map(with_isbn_check)),
        language=draw(st.none() | st.sampled_from(["english", "german", "french"])),
        access_date=draw(
            st.none() | st.dates().map(lambda d: d.isoformat()).filter(lambda d: d[0] != "0")
        ),
        citation_key=draw(st.from_regex(r"[a-z]{2,8}[0-9]{4}[a-z]{0,6}", fullmatch=True)),
    )


# Stored field → the BibLaTeX field it is written to (`publisher` is `institution` for
# reports and theses).
_BIBLATEX_FIELDS = {
    "volume": "volume",
    "issue": "number",
    "pages": "pages",
    "place": "location",
    "editors": "editor",
    "edition": "edition",
    "series": "series",
    "issn": "issn",
    "isbn": "isbn",
}
_VENUE_FIELDS = {
    "article": "journaltitle",
    "inbook": "booktitle",
    "incollection": "booktitle",
    "inproceedings": "booktitle",
}


def biblatex_type(paper: Paper, kind: str) -> str:
    """The biblatex type the export must choose: the paper's own unless it lacks a field
    that type requires (biblatex's data model), then the nearest one it has them for."""
    if kind == "book" and paper.editors and not paper.authors:
        kind = "collection"
    present = {"title", "date"} | {
        field for name, field in _BIBLATEX_FIELDS.items() if getattr(paper, name)
    }
    present |= {"author"} if paper.authors else set()
    present |= {"institution", "type"} if paper.publisher else set()
    present |= {_VENUE_FIELDS.get(TYPE_ALIASES.get(kind, (kind,))[0], "")} if paper.venue else set()
    for candidate in (kind, "inbook" if kind == "incollection" else "misc", "misc"):
        base = TYPE_ALIASES.get(candidate, (candidate, None))[0]
        if not [n for n in missing_mandatory(base, present) if n != "type"]:
            return candidate
    return "misc"


def expected(paper: Paper, fmt: str) -> tuple[dict[str, Any], str | None, list[str]]:
    """The fields, venue and authors an import of `fmt` should give back (docs/formats.md, "cannot
    carry")."""
    values = paper.biblio()
    venue, authors = paper.venue, paper.authors
    kind = "incollection" if is_book_part(paper) else (paper.entry_type or "misc")
    if fmt == "bibtex":
        values["entry_type"] = _BIBTEX_TYPES.get(kind, kind)
        values["day"] = None  # BibTeX has no day field
    elif fmt == "biblatex":
        written = biblatex_type(paper, kind)
        base = TYPE_ALIASES.get(written, (written, None))[0]
        values["entry_type"] = bibtex_entry_type(written)
        # A field the written type does not take goes to another field or to addendum.
        for name, field in _BIBLATEX_FIELDS.items():
            if not allows(base, field):
                values[name] = [] if name == "editors" else None
        if not allows(base, "institution" if base in ("thesis", "report") else "publisher"):
            values["publisher"] = None
        if base not in _VENUE_FIELDS:
            venue = None  # a book's maintitle, a misc's howpublished
        if not allows(base, "author"):
            authors = []  # a proceedings' or periodical's: addendum
    elif fmt == "ris":
        values["entry_type"] = RIS_TO_ENTRY[ENTRY_TO_RIS[kind]]
    elif fmt == "csl-json":
        values["entry_type"] = CSL_TO_ENTRY[ENTRY_TO_CSL[kind]]
    return values, venue, authors


@pytest.mark.parametrize("fmt", ["bibtex", "biblatex", "ris", "csl-json"])
@settings(max_examples=60)
@given(paper=biblio_papers())
def test_every_bibliographic_field_survives_export_and_import(fmt: str, paper: Paper) -> None:
    text = export_text([paper], fmt, {paper.id: paper.citation_key or "k"})
    result = choose_importer(text, "auto").parse(text, source=f"roundtrip.{fmt}")
    assert len(result.drafts) == 1
    draft = result.drafts[0]
    values, venue, authors = expected(paper, fmt)
    assert " ".join(draft.title.split()) == paper.title
    assert draft.authors == authors
    assert draft.year == paper.year
    assert draft.venue == venue
    assert draft.biblio() == values
    assert "fields" not in draft.extra or not set(draft.extra["fields"]) & {
        "volume",
        "pages",
        "number",
        "VL",
        "SP",
        "page",
    }


def test_tex_logos_in_a_title_survive_a_bibtex_round_trip() -> None:
    title = "Problems on the TeX/PostScript Interface with LaTeX, BibTeX and LaTeX2e"
    paper = full_paper(title=title)
    text = export_text([paper], "bibtex", {1: "knuth"})
    draft = choose_importer(text, "bibtex").parse(text).drafts[0]
    assert draft.title == title

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
)
from papershelf.core.models import Paper
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
        issn=draw(st.none() | st.from_regex(r"\d{4}-\d{3}[\dX]", fullmatch=True)),
        isbn=draw(st.none() | st.from_regex(r"978-\d-\d{3}-\d{5}-\d", fullmatch=True)),
        language=draw(st.none() | st.sampled_from(["english", "german", "french"])),
        access_date=draw(
            st.none() | st.dates().map(lambda d: d.isoformat()).filter(lambda d: d[0] != "0")
        ),
        citation_key=draw(st.from_regex(r"[a-z]{2,8}[0-9]{4}[a-z]{0,6}", fullmatch=True)),
    )


def expected(paper: Paper, fmt: str) -> dict[str, Any]:
    """The fields an import of `fmt` should give back (docs/formats.md, "cannot carry")."""
    values = paper.biblio()
    kind = paper.entry_type or "misc"
    if fmt == "bibtex":
        values["entry_type"] = _BIBTEX_TYPES.get(kind, kind)
        values["day"] = None  # BibTeX has no day field
    elif fmt == "ris":
        values["entry_type"] = RIS_TO_ENTRY[ENTRY_TO_RIS[kind]]
    elif fmt == "csl-json":
        values["entry_type"] = CSL_TO_ENTRY[ENTRY_TO_CSL[kind]]
    return values


@pytest.mark.parametrize("fmt", ["bibtex", "biblatex", "ris", "csl-json"])
@settings(max_examples=60)
@given(paper=biblio_papers())
def test_every_bibliographic_field_survives_export_and_import(fmt: str, paper: Paper) -> None:
    text = export_text([paper], fmt, {paper.id: paper.citation_key or "k"})
    result = choose_importer(text, "auto").parse(text, source=f"roundtrip.{fmt}")
    assert len(result.drafts) == 1
    draft = result.drafts[0]
    assert " ".join(draft.title.split()) == paper.title
    assert draft.authors == paper.authors
    assert draft.year == paper.year
    assert draft.venue == paper.venue
    assert draft.biblio() == expected(paper, fmt)
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

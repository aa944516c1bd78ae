"""Export → import gives back every bibliographic field we store (property test)."""

from __future__ import annotations

import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from papershelf.core.models import Paper, ReadingStatus
from papershelf.exporters.registry import export_text
from papershelf.importers.registry import choose_importer

LETTERS = string.ascii_letters + "äöüßéèçñøåłÄÖÜÉ"
WORD = st.text(alphabet=LETTERS, min_size=1, max_size=10)
PUNCT = st.sampled_from([",", ":", ";", "-", "&", "%", "$", "#", "_", "?", "!", "'", "(x)"])
TEXT = st.lists(st.one_of(WORD, WORD, WORD, PUNCT), min_size=1, max_size=12).map(
    lambda parts: " ".join(parts)
)
NAME = st.tuples(WORD, WORD).map(lambda t: f"{t[0].capitalize()} {t[1].capitalize()}")


@st.composite
def papers(draw: st.DrawFn) -> Paper:
    title = draw(TEXT.filter(lambda t: any(c.isalpha() for c in t)))
    return Paper(
        id=1,
        title=title,
        authors=draw(st.lists(NAME, min_size=1, max_size=4, unique=True)),
        year=draw(st.none() | st.integers(1900, 2030)),
        venue=None,
        abstract=draw(st.none() | TEXT),
        arxiv_id=draw(st.none() | st.from_regex(r"2[0-4](0[1-9]|1[0-2])\.\d{5}", fullmatch=True)),
        arxiv_version=None,
        doi=draw(
            st.none()
            | st.from_regex(r"10\.\d{4,5}/[a-z0-9]{1,8}(\.[a-z0-9]{1,6})?", fullmatch=True)
        ),
        url=None,
        source="test",
        added_at="2026-01-01T00:00:00Z",
        updated_at="2026-01-01T00:00:00Z",
        status=ReadingStatus.TO_READ,
        priority=0,
    )


@pytest.mark.parametrize("fmt", ["bibtex", "biblatex", "ris", "csl-json"])
@settings(max_examples=100)
@given(paper=papers())
def test_export_then_import_gives_every_field_back(fmt: str, paper: Paper) -> None:
    text = export_text([paper], fmt)
    importer = choose_importer(text, "auto")
    result = importer.parse(text, source=f"roundtrip.{fmt}")
    assert result.skipped == []
    assert len(result.drafts) == 1
    draft = result.drafts[0]
    assert " ".join(draft.title.split()) == " ".join(paper.title.split())
    assert draft.authors == paper.authors
    assert draft.year == paper.year
    assert (draft.abstract or None) == (
        " ".join(paper.abstract.split()) if paper.abstract else None
    )
    assert draft.arxiv_id == paper.arxiv_id
    assert draft.doi == paper.doi


def test_arxiv_primary_class_from_an_atom_import_reaches_bibtex() -> None:
    feed = """<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom">
  <title>arXiv Query: id_list=2209.03003</title>
  <entry>
    <id>http://arxiv.org/abs/2209.03003v1</id>
    <published>2022-09-07T17:59:59Z</published>
    <title>Flow Straight and Fast</title>
    <summary>Rectified flow.</summary>
    <author><name>Xingchao Liu</name></author>
    <arxiv:primary_category term="cs.LG"/>
    <category term="cs.LG"/>
  </entry>
</feed>"""
    draft = choose_importer(feed).parse(feed).drafts[0]
    paper = Paper(
        id=1,
        title=draft.title,
        authors=draft.authors,
        year=draft.year,
        venue=None,
        abstract=draft.abstract,
        arxiv_id=draft.arxiv_id,
        arxiv_version=1,
        doi=None,
        url=None,
        source="arxiv",
        added_at="",
        updated_at="",
        status=ReadingStatus.TO_READ,
        priority=0,
        extra=draft.extra,
    )
    bib = export_text([paper], "bibtex")
    assert "primaryClass = {cs.LG}" in bib
    assert "eprint = {2209.03003}" in bib

"""Generational suffixes (Jr., III) in exported names: they stay after the family name."""

from __future__ import annotations

import json

import pytest
from papershelf.core.models import Paper, ReadingStatus
from papershelf.exporters.registry import export_text
from papershelf.importers.registry import choose_importer

AUTHORS = ["John Doe Jr.", "Vincent van Gogh III", "Ada Lovelace"]


def _paper() -> Paper:
    return Paper(
        id=1,
        title="Names with suffixes",
        authors=list(AUTHORS),
        year=2020,
        venue="Journal of Names",
        abstract=None,
        arxiv_id=None,
        arxiv_version=None,
        doi=None,
        url=None,
        source="test",
        added_at="2026-01-01T00:00:00Z",
        updated_at="2026-01-01T00:00:00Z",
        status=ReadingStatus.TO_READ,
        priority=0,
        editors=["Jane Roe Sr."],
    )


def test_suffixes_are_written_where_each_format_wants_them() -> None:
    # The importers store `Doe, Jr., John` (BibTeX), `Doe, John, Jr.` (RIS) and CSL's
    # `suffix` as "John Doe Jr."; the exports took "Jr." for the family name: BibTeX
    # `Jr., John Doe`, RIS `AU  - Jr., John Doe`, CSL {"family": "Jr.", "given": "John Doe"},
    # so pandoc printed "Jr., John Doe", and the key was jr2020names.
    paper = _paper()
    bib = export_text([paper], "bibtex")
    assert "author = {Doe, Jr., John and van Gogh, III, Vincent and Lovelace, Ada}" in bib
    assert "editor = {Roe, Sr., Jane}" in bib
    assert bib.startswith("@article{doe2020names,")
    ris = export_text([paper], "ris")
    assert "AU  - Doe, John, Jr.\n" in ris
    assert "AU  - van Gogh, Vincent, III\n" in ris
    (item,) = json.loads(export_text([paper], "csl-json"))
    assert item["author"][0] == {"family": "Doe", "given": "John", "suffix": "Jr."}
    assert item["author"][1] == {
        "family": "Gogh",
        "given": "Vincent",
        "non-dropping-particle": "van",
        "suffix": "III",
    }


@pytest.mark.parametrize("fmt", ["bibtex", "biblatex", "ris", "csl-json"])
def test_suffixed_names_read_back_as_stored(fmt: str) -> None:
    text = export_text([_paper()], fmt)
    (draft,) = choose_importer(text, "auto").parse(text, source=f"review.{fmt}").drafts
    assert draft.authors == AUTHORS
    assert draft.editors == ["Jane Roe Sr."]

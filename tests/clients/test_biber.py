"""biber --validate-datamodel finds nothing in our BibLaTeX export that the source lacked."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from papershelf.library import Library

from tests.clients.test_pandoc import small_library
from tests.clients.tools import (
    added_warnings,
    biber_warnings,
    carried_warnings,
    fixture_libraries,
    import_library,
    source_warnings,
    write_export,
)
from tests.conftest import require_tool, shared_file
from tests.exporters.biblio_papers import full_paper


def test_a_users_papers_give_biber_no_warning(tmp_path: Path) -> None:
    require_tool("biber", "biber")
    papers, keys = small_library(tmp_path / "lib")
    bib = write_export(papers, keys, "biblatex", tmp_path / "refs.bib")
    # No "legacy month field … is not an integer", no "Missing mandatory field".
    assert biber_warnings(bib) == Counter()
    assert "date = {1988-09}" in bib.read_text("utf-8")


def test_an_untitled_paper_gives_biber_no_missing_title(tmp_path: Path) -> None:
    require_tool("biber", "biber")
    text = "@article{k, author = {Smith, Ann}, journal = {J}, year = {2001}}\n"
    with Library.open(tmp_path / "lib", indexing="none") as lib:
        report = lib.import_text(text, fmt="bibtex")
        papers, keys = lib.get_many(report.paper_ids), lib.citation_keys(report.paper_ids)
    warnings = biber_warnings(write_export(papers, keys, "biblatex", tmp_path / "refs.bib"))
    assert not [kind for kind in warnings if "title" in kind]


LARGE = (
    "bbt-97",
    "bbt-873",
    "bbt-1436-1",
    "bbt-1436-2",
    "bbt-1436-3",
    "bbt-idiocy",
    "iridia",
    "biblatex-examples",
    "zotero-bibtex-cases",
    "zotero-ris-cases",
)


@pytest.mark.slow
@pytest.mark.parametrize("name", LARGE)
def test_large_libraries_add_no_biber_warning(tmp_path: Path, name: str) -> None:
    require_tool("biber", "biber")
    shared_file("fixtures/README.md")
    fixture = fixture_libraries()[name]
    papers, keys = import_library(tmp_path / "lib", fixture)
    ours = biber_warnings(write_export(papers, keys, "biblatex", tmp_path / "ours.bib"))
    source = source_warnings(fixture, tmp_path / "source") if fixture.is_bib else Counter()
    # A field outside the data model that an entry carries from its source is the source's.
    assert added_warnings(source | carried_warnings(papers, fixture), ours) == {}


def test_fields_a_type_does_not_take_and_values_biber_refuses_give_no_warning(
    tmp_path: Path,
) -> None:
    require_tool("biber", "biber")
    papers = [
        full_paper(1),  # an article with publisher, place, edition and ISBN
        full_paper(2, entry_type="misc", volume="2020", issue="May 12,"),  # Mendeley's web page
        full_paper(3, entry_type="thesis", volume="66", editors=["Chester Laine"]),
        full_paper(4, volume="101--103", isbn="1532-2882", issn="ISSN"),
        full_paper(5, entry_type="incollection", editors=[], year=None, month=None, day=None),
        full_paper(6, entry_type="phdthesis", publisher=None, access_date="Access Date"),
        full_paper(7, entry_type="book", venue="Computers and Thought", pages="1-35"),
        full_paper(8, entry_type="proceedings", volume="Volume", place=None),
        full_paper(9, venue=None, authors=[]),  # an article without journal or author
    ]
    keys = {p.id: f"k{p.id}" for p in papers}
    assert biber_warnings(write_export(papers, keys, "biblatex", tmp_path / "refs.bib")) == {}

"""pandoc --citeproc renders our CSL-JSON and BibTeX exports with every volume and page range."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from papershelf.core.models import Paper, PaperDraft
from papershelf.library import Library

from tests.clients.tools import (
    PRINTS_PAGES,
    PRINTS_VOLUME,
    FixtureLibrary,
    fixture_libraries,
    import_library,
    missing_locators,
    pandoc_render,
    write_export,
)
from tests.conftest import require_tool, shared_file

FORMATS = [("csl-json", ".json"), ("bibtex", ".bib")]


def small_library(directory: Path) -> tuple[list[Paper], dict[int, str]]:
    """A journal article, a conference paper and a book chapter, as a user enters them."""
    drafts = [
        PaperDraft(
            title="Problems on the TeX/PostScript Interface with LaTeX",
            authors=["Donald E. Knuth"],
            year=1988,
            venue="TUGboat",
            entry_type="article",
            volume="9",
            issue="3",
            pages="263-264",
            month=9,
            issn="0896-3207",
        ),
        PaperDraft(
            title="Attention Is All You Need",
            authors=["Ashish Vaswani", "Noam Shazeer"],
            year=2017,
            venue="Advances in Neural Information Processing Systems",
            entry_type="inproceedings",
            volume="30",
            pages="5998-6008",
            publisher="Curran Associates",
            place="Long Beach, CA",
        ),
        PaperDraft(
            title="Ant Colony Optimization",
            authors=["Marco Dorigo"],
            year=2004,
            venue="Handbook of Metaheuristics",
            entry_type="incollection",
            editors=["Fred Glover"],
            pages="251-285",
            publisher="Springer",
            series="International Series in Operations Research",
            volume="57",
        ),
    ]
    with Library.open(directory, indexing="none") as lib:
        report = lib.import_drafts(drafts)
        return lib.get_many(report.paper_ids), lib.citation_keys(report.paper_ids)


@pytest.mark.parametrize(("fmt", "suffix"), FORMATS)
def test_a_users_papers_render_with_volume_and_pages(tmp_path: Path, fmt: str, suffix: str) -> None:
    require_tool("pandoc", "pandoc")
    papers, keys = small_library(tmp_path / "lib")
    rendered = pandoc_render(write_export(papers, keys, fmt, tmp_path / f"refs{suffix}"))
    assert rendered.warnings == []
    assert missing_locators(papers, keys, rendered) == []
    knuth = next(text for key, text in rendered.entries.items() if key.startswith("knuth"))
    assert "TUGboat 9 (3): 263–64" in knuth


def check_fixture(tmp_path: Path, fixture: FixtureLibrary, fmt: str, suffix: str) -> None:
    papers, keys = import_library(tmp_path / "lib", fixture)
    rendered = pandoc_render(write_export(papers, keys, fmt, tmp_path / f"refs{suffix}"))
    assert rendered.warnings == []
    assert missing_locators(papers, keys, rendered) == []
    assert len(rendered.entries) == len(papers)


@pytest.mark.parametrize(("fmt", "suffix"), FORMATS)
def test_zotero_bibtex_cases_render_with_every_locator(
    tmp_path: Path, fmt: str, suffix: str
) -> None:
    require_tool("pandoc", "pandoc")
    shared_file("fixtures/zotero-translators/bibtex-cases.json")
    check_fixture(tmp_path, fixture_libraries()["zotero-bibtex-cases"], fmt, suffix)


LARGE = [
    "bbt-97",
    "bbt-873",
    "bbt-1436-1",
    "bbt-1436-2",
    "bbt-1436-3",
    "bbt-idiocy",
    "iridia",
    "biblatex-examples",
    "zotero-ris-cases",
]


@pytest.mark.slow
@pytest.mark.parametrize("name", LARGE)
@pytest.mark.parametrize(("fmt", "suffix"), FORMATS)
def test_large_libraries_render_with_every_locator(
    tmp_path: Path, name: str, fmt: str, suffix: str
) -> None:
    require_tool("pandoc", "pandoc")
    shared_file("fixtures/README.md")
    check_fixture(tmp_path, fixture_libraries()[name], fmt, suffix)


CSL_TYPES = (
    "article",
    "article-journal",
    "article-magazine",
    "article-newspaper",
    "book",
    "chapter",
    "dataset",
    "entry-encyclopedia",
    "manuscript",
    "pamphlet",
    "paper-conference",
    "patent",
    "report",
    "thesis",
    "webpage",
)


def test_the_style_prints_volume_and_pages_exactly_for_the_types_the_tests_expect(
    tmp_path: Path,
) -> None:
    # The precise expectation of `missing_locators`: which CSL types pandoc's default style
    # gives a place to a volume and to pages. An item of every type holds both.
    require_tool("pandoc", "pandoc")
    items = [
        {
            "id": kind,
            "type": kind,
            "title": "Title",
            "author": [{"family": "Knuth", "given": "Donald"}],
            "issued": {"date-parts": [[1988]]},
            "container-title": "Container",
            "volume": "77",
            "page": "555-556",
        }
        for kind in CSL_TYPES
    ]
    path = tmp_path / "types.json"
    path.write_text(json.dumps(items), "utf-8")
    rendered = pandoc_render(path)
    for kind in CSL_TYPES:
        text = rendered.entries[kind]
        assert ("77" in text) == (kind in PRINTS_VOLUME), (kind, text)
        assert ("555" in text) == (kind in PRINTS_PAGES), (kind, text)

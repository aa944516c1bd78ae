"""Peer suites: our importers against Zotero's, Better BibTeX's and CSL's own test data.

The comparison lives in `benchmarks/compatibility.py` (see docs/compatibility.md); these tests
run it and fail on regressions. They skip when ../shared/fixtures is absent (a fresh clone).
"""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType
from typing import Any

import pytest

from tests.conftest import REPO, shared_file

# Measured 2026-12-07 with volume, issue, pages, publisher and entry type compared too:
# 645/660 = 97.7 %. The floor is that value rounded down, so any regression fails (644/660
# is 0.9758); the target (98 %) is a separate, expected-to-fail test until it is met.
ZOTERO_AGREEMENT_FLOOR = 0.977
ZOTERO_AGREEMENT_TARGET = 0.98


def _load() -> ModuleType:
    name = "papershelf_benchmarks_compatibility"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, REPO / "benchmarks" / "compatibility.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def compat() -> ModuleType:
    return _load()


@pytest.fixture(scope="module")
def zotero(compat: ModuleType) -> list[Any]:
    shared_file("fixtures/zotero-translators/bibtex-cases.json")
    shared_file("fixtures/zotero-translators/ris-cases.json")
    return list(compat.zotero_reports())


def test_zotero_field_agreement_does_not_regress(compat: ModuleType, zotero: list[Any]) -> None:
    assert [e for r in zotero for e in r.errors] == []
    agreed, compared = compat.agreement(zotero)
    assert compared > 600  # the comparison really ran, bibliographic fields included
    assert agreed / compared >= ZOTERO_AGREEMENT_FLOOR, f"{agreed}/{compared}"


def test_zotero_bibliographic_fields_are_compared(zotero: list[Any]) -> None:
    for name in ("volume", "issue", "pages", "publisher", "type"):
        compared = sum(r.compared[name] for r in zotero)
        agreed = sum(r.agreed[name] for r in zotero)
        assert compared >= 20, name
        assert agreed >= 0.9 * compared, f"{name}: {agreed}/{compared}"


@pytest.mark.xfail(
    strict=False,
    reason="issue 17 target: 98 % (647/660). Measured 97.7 % (645/660): of the 15 fields "
    "left, Zotero reads UNPB and GRANT as journal articles (its type map spells them UNPD and "
    "GRNT), a pamphlet as a manuscript and every GEN as a journal article, a case's and a "
    "statute's short title as its name, J2 as a book's title, a grant's status as its issue, "
    "and BibTeX torture-test macros its own way; docs/compatibility.md lists each and why we "
    "differ",
)
def test_zotero_field_agreement_meets_the_target(compat: ModuleType, zotero: list[Any]) -> None:
    agreed, compared = compat.agreement(zotero)
    assert agreed / compared >= ZOTERO_AGREEMENT_TARGET, f"{agreed}/{compared}"


def test_every_zotero_item_is_a_paper_of_its_own(zotero: list[Any]) -> None:
    """Each case imported into a real library: as many papers as Zotero expects items.

    Today's title merging made the 48-record RIS file 6 papers and the 39-record one 18.
    """
    counts = [
        (case, papers, expected) for r in zotero for case, papers, expected in r.library_counts
    ]
    assert len(counts) == 36
    assert [c for c in counts if c[1] != c[2]] == []
    ris = {case: papers for case, papers, _ in zotero[1].library_counts}
    assert (ris["RIS-2"], ris["RIS-4"]) == (48, 39)


@pytest.fixture(scope="module")
def libraries(compat: ModuleType) -> list[Any]:
    shared_file("fixtures/bibtex/iridia-references/biblio.bib")
    shared_file("fixtures/better-bibtex/large")
    return list(compat.library_reports())


def test_large_libraries_import_every_entry(libraries: list[Any]) -> None:
    reports = libraries
    assert len(reports) == 7
    by_name = {r.name: r for r in reports}
    assert by_name["IRIDIA (6 files concatenated)"].counted == 3305
    assert by_name["BBT Unabbreviate_on_import_1436-3.bib"].counted == 7166
    for report in reports:
        assert report.error is None, report.name
        assert report.drafts + report.skipped == report.counted, report.name
        # In a real library every draft is a paper or merged into one, and the report says so.
        assert report.papers + report.merged == report.drafts, report.name


def test_journal_style_libraries_keep_every_entry_in_a_library(libraries: list[Any]) -> None:
    """IRIDIA and the BBT physics libraries: no entry merged away (titles repeat across them)."""
    by_name = {r.name: r for r in libraries}
    for name in (
        "IRIDIA (6 files concatenated)",
        "BBT Unabbreviate_on_import_1436-3.bib",
        "BBT Some_bibtex_entries_quietly_discarded_on_import_from_bib_file_873.bib",
    ):
        assert by_name[name].papers == by_name[name].counted, name


def test_every_large_library_has_its_exact_entry_count_in_a_library(
    libraries: list[Any],
) -> None:
    """Every entry is a paper. An entry the file repeats verbatim (same key, DOI and title:
    Mendeley's export lists "Milazzo2017" three times) is one paper, merged on import."""
    assert [
        (r.name, r.papers, r.counted, r.repeats)
        for r in libraries
        if r.papers != r.counted - r.repeats or r.merged != r.repeats
    ] == []
    assert sum(r.repeats for r in libraries) == 3


def test_iridia_imports_every_entry_as_a_paper(libraries: list[Any]) -> None:
    iridia = libraries[0]
    assert iridia.name.startswith("IRIDIA")
    assert (iridia.drafts, iridia.skipped) == (3305, 0)


def test_better_bibtex_import_cases_run_without_exceptions(compat: ModuleType) -> None:
    shared_file("fixtures/better-bibtex/bbt-import-cases.json")
    report = compat.bbt_report()
    assert report.errors == []
    assert report.cases == 86
    assert report.titles_agreed >= 281  # measured 281/377


def test_csl_test_suite_inputs_import_without_exceptions(compat: ModuleType) -> None:
    shared_file("fixtures/csl-json/csl-test-suite-inputs.json")
    report = compat.csl_report()
    assert report.errors == []
    assert report.items == 1823
    assert report.imported + report.skipped == report.items
    assert report.imported >= 1047


def test_the_comparison_reads_zotero_suffixes_and_types_as_they_render(
    compat: ModuleType,
) -> None:
    """Zotero keeps a suffix after a comma in `firstName`; types compare by their CSL type."""
    item = {
        "itemType": "report",
        "creators": [
            {"firstName": "Michael, III", "lastName": "von Hicks", "creatorType": "author"},
            {"firstName": "Ann", "lastName": "Other", "creatorType": "author"},
            {"firstName": "Ed", "lastName": "Itor", "creatorType": "editor"},
        ],
    }
    assert compat.peer_authors(item) == ["michael von hicks iii", "ann other"]
    # A standard (stored as `manual`) and Zotero's report both render as a CSL report ...
    assert compat.peer_values(item)["type"] == compat.type_family("manual") == "report"
    # ... but an unpublished work and an article do not, nor a misc and a journal article.
    assert compat.type_family("unpublished") != compat.type_family("article")
    assert compat.type_family("misc") != compat.type_family("article")


def test_every_jabref_ris_record_is_a_draft_or_a_reported_skip(compat: ModuleType) -> None:
    """Each `TY` line of JabRef's RIS inputs opens a draft or a reported skip; none vanishes.

    RisImporterTest1.ris has 11: 3 records with fields and 8 `TY` lines in a row, which used
    to fold silently into the record after them. RisImporterCorrupted.ris has no `TY` and is
    reported as one block of tags outside a record.
    """
    shared_file("fixtures/jabref/ris/RisImporterTest1.ris")
    reports = {r.name: r for r in compat.jabref_ris_reports()}
    assert len(reports) == 19
    assert [name for name, r in reports.items() if not r.accounted] == []
    test1 = reports["JabRef RisImporterTest1.ris"]
    assert (test1.counted, test1.drafts, test1.skipped, test1.unaccounted) == (11, 3, 8, 0)
    corrupted = reports["JabRef RisImporterCorrupted.ris"]
    assert (corrupted.counted, corrupted.drafts, corrupted.skipped) == (0, 0, 1)


def test_ris_accounting_counts_type_lines_not_totals(compat: ModuleType) -> None:
    """Two reports that add up are not enough: each `TY` line must open one of them."""
    text = "TY  - BOOK\r\nTY  - JOUR\r\nTI  - Kept\r\nER  -\r\nTY  - GEN\r\nER  -\r\n"
    assert compat.ris_record_lines(text) == [1, 2, 5]
    report = compat.import_library("inline", text, "ris")
    assert (report.drafts, report.skipped, report.unaccounted) == (1, 2, 0)
    assert report.accounted

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

# Measured 2026-11-26: 370/398 = 93.0 % of compared fields agree with Zotero's expectations.
# The target is 97 %; we do NOT meet it yet (see docs/compatibility.md for why).
# The floor is the measured value rounded down, so any regression fails.
ZOTERO_AGREEMENT_FLOOR = 0.97  # 387/398 = 0.9724 measured; the target


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


def test_zotero_field_agreement_does_not_regress(compat: ModuleType) -> None:
    shared_file("fixtures/zotero-translators/bibtex-cases.json")
    shared_file("fixtures/zotero-translators/ris-cases.json")
    reports = compat.zotero_reports()
    assert [e for r in reports for e in r.errors] == []
    agreed, compared = compat.agreement(reports)
    assert compared > 350  # the comparison really ran
    assert agreed / compared >= ZOTERO_AGREEMENT_FLOOR, f"{agreed}/{compared}"


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

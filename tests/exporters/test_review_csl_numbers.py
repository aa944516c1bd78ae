"""A report's or a patent's number reaches CSL-JSON as `number`, so citations print it."""

from __future__ import annotations

import json
from pathlib import Path

from papershelf.core.models import PaperDraft
from papershelf.exporters.registry import export_text
from papershelf.importers.csljson import CslJsonImporter
from papershelf.library import Library

from tests.clients.tools import pandoc_render
from tests.conftest import require_tool

REPORT = PaperDraft(
    title="A Hybrid Hierarchical Model of a Multiple Virtual Storage Operating System",
    authors=["Willy W. Chiu", "We Min Chow"],
    year=1978,
    entry_type="techreport",
    issue="RC-6947",  # BibTeX's `number`, RIS `IS`
    publisher="IBM",
)
PATENT = PaperDraft(
    title="High-Speed Digital-to-RF Converter",
    authors=["Ronald E. Sorace"],
    year=1997,
    entry_type="patent",
    issue="5668842",
)
ARTICLE = PaperDraft(
    title="Problems", authors=["Donald E. Knuth"], year=1988, venue="TUGboat", issue="3"
)


def _items(tmp_path: Path) -> list[dict[str, object]]:
    with Library.open(tmp_path / "lib", indexing="none") as lib:
        report = lib.import_drafts([REPORT, PATENT, ARTICLE])
        papers = lib.get_many(report.paper_ids)
    return list(json.loads(export_text(papers, "csl-json")))


def test_report_and_patent_numbers_are_csl_numbers(tmp_path: Path) -> None:
    # Before, every stored number was written as CSL `issue`, which styles print only for
    # periodicals: pandoc rendered the report as "… Operating System.” IBM." (no RC-6947)
    # where the BibTeX export of the same paper gave "Research report RC-6947. IBM."
    report, patent, article = _items(tmp_path)
    assert (report["type"], report.get("number"), report.get("issue")) == (
        "report",
        "RC-6947",
        None,
    )
    assert (patent["type"], patent.get("number")) == ("patent", "5668842")
    assert (article.get("issue"), article.get("number")) == ("3", None)


def test_the_number_reads_back_into_the_issue_field(tmp_path: Path) -> None:
    text = json.dumps(_items(tmp_path))
    drafts = CslJsonImporter().parse(text).drafts
    assert [d.issue for d in drafts] == ["RC-6947", "5668842", "3"]
    assert all("number" not in d.extra["fields"] for d in drafts)


def test_pandoc_prints_the_report_number(tmp_path: Path) -> None:
    require_tool("pandoc", "pandoc")
    out = tmp_path / "refs.json"
    out.write_text(json.dumps(_items(tmp_path)), "utf-8")
    rendered = pandoc_render(out)
    (report_text,) = [t for t in rendered.entries.values() if "Hybrid Hierarchical" in t]
    assert "RC-6947" in report_text
    assert rendered.warnings == []

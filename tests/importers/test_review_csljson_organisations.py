"""CSL-JSON organisation authors (`literal`, or a family name alone) are exported whole."""

from __future__ import annotations

import json
from pathlib import Path

from papershelf.exporters.registry import export_text
from papershelf.library import Library

from tests.conftest import shared_file

ITEM = {
    "id": "who2020",
    "type": "report",
    "title": "Global report",
    "author": [
        {"literal": "World Health Organization"},
        {"family": "ANZ Group"},
        {"family": "Doe", "given": "Jane"},
    ],
    "issued": {"date-parts": [[2020]]},
}


def _export(tmp_path: Path, text: str, fmt: str) -> str:
    with Library.open(tmp_path / "lib", indexing="none") as lib:
        report = lib.import_text(text, fmt="csl-json", source="refs.json")
        return export_text(lib.get_many(report.paper_ids), fmt)


def test_organisations_from_csl_json_stay_whole_in_every_export(tmp_path: Path) -> None:
    # Before, the CSL-JSON import stored the names but not that they are whole, so the
    # exports split them as "Given Family": BibTeX `Organization, World Health`, RIS
    # `AU  - Organization, World Health`, CSL {"family": "Organization", "given": "World
    # Health"}; pandoc printed "Organization, World Health. 2020." and a round trip through
    # BibTeX turned "ANZ Group" into "A. N. Z. Group".
    text = json.dumps([ITEM])
    bib = _export(tmp_path, text, "bibtex")
    assert "author = {{World Health Organization} and {ANZ Group} and Doe, Jane}" in bib
    (item,) = json.loads(_export(tmp_path, text, "csl-json"))
    assert item["author"][:2] == [
        {"literal": "World Health Organization"},
        {"literal": "ANZ Group"},
    ]
    ris = _export(tmp_path, text, "ris")
    assert "AU  - World Health Organization\n" in ris


def test_zotero_institutional_author(tmp_path: Path) -> None:
    path = shared_file("fixtures/csl-json/zotero-utilities_citeProcJSExport.json")
    bib = _export(tmp_path, path.read_text("utf-8"), "bibtex")
    assert "{Institutional Author}" in bib
    assert "Author, Institutional" not in bib

"""TeX math in arXiv titles is stored as text, as the BibTeX import stores it."""

from __future__ import annotations

import json
from pathlib import Path

from papershelf.exporters.registry import export_text
from papershelf.importers.arxiv_atom import ArxivAtomImporter
from papershelf.importers.hf_json import HuggingFaceJsonImporter
from papershelf.library import Library

FEED = """<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom">
  <entry>
    <id>http://arxiv.org/abs/2401.01234v2</id>
    <published>2024-01-03T00:00:00Z</published>
    <title>Fast $k$-means with $\\ell_1$ Penalties in
  $\\mathcal{O}(n \\log n)$ Time</title>
    <summary>We cluster.</summary>
    <author><name>Ada Lovelace</name></author>
  </entry>
</feed>
"""


def test_math_in_an_arxiv_title_becomes_text() -> None:
    # Before, the title was stored as the feed wrote it, dollars and all; the BibTeX export
    # escaped them (`Fast \\$k\\$-means with \\$\\ell\\_1\\$`), so LaTeX and pandoc printed
    # "Fast $k$-means with $\\ell_1$ …" in the reference list, and CSL-JSON did the same.
    (draft,) = ArxivAtomImporter().parse(FEED).drafts
    assert draft.title == "Fast k-means with ℓ₁ Penalties in 𝒪(n log n) Time"


def test_the_exports_carry_no_dollar_signs(tmp_path: Path) -> None:
    with Library.open(tmp_path / "lib", indexing="none") as lib:
        report = lib.import_text(FEED, fmt="arxiv-atom", source="feed.xml")
        papers = lib.get_many(report.paper_ids)
    for fmt in ("bibtex", "biblatex", "csl-json", "ris"):
        assert "$" not in export_text(papers, fmt), fmt


def test_math_in_a_hugging_face_title_becomes_text() -> None:
    # Hugging Face's papers API serves arXiv's titles as arXiv writes them.
    paper = {"id": "2410.24164", "title": "$\\pi_0$: A Vision-Language-Action Flow Model"}
    (draft,) = HuggingFaceJsonImporter().parse(json.dumps([{"paper": paper}])).drafts
    assert draft.title == "π₀: A Vision-Language-Action Flow Model"

"""CSL-JSON as Crossref serves it for a DOI: Crossref's work types and JATS abstracts."""

from __future__ import annotations

import json

from papershelf.importers.csljson import CslJsonImporter
from papershelf.importers.textio import decode_bytes

from tests.conftest import shared_file


def test_crossref_csl_json_is_a_journal_article_with_a_plain_abstract() -> None:
    # `curl -H "Accept: application/vnd.citationstyles.csl+json" https://doi.org/…` answers
    # with `"type": "journal-article"` (Crossref's name, not CSL's `article-journal`) and the
    # abstract in JATS. The paper was stored as `misc` with "<jats:p>" in its abstract, so
    # every export wrote @misc (BibLaTeX: journal, volume, pages pushed into `addendum`).
    path = shared_file("fixtures/crossref/transform-csljson_10.1126_science.169.3946.635.json")
    (draft,) = CslJsonImporter().parse(decode_bytes(path.read_bytes(), path=str(path))).drafts
    assert draft.entry_type == "article"
    assert draft.abstract is not None
    assert draft.abstract.startswith("The train of thought pursued in this article")
    assert "<" not in draft.abstract


def test_crossref_types_map_as_in_the_crossref_importer() -> None:
    items = [
        {"id": "a", "type": "proceedings-article", "title": "A", "container-title": "Proc."},
        {"id": "b", "type": "book-chapter", "title": "B", "container-title": "Book"},
        {"id": "c", "type": "article-journal", "title": "C"},  # CSL's own names still win
        {"id": "d", "type": "not-a-type", "title": "D"},
    ]
    drafts = CslJsonImporter().parse(json.dumps(items)).drafts
    assert [d.entry_type for d in drafts] == ["inproceedings", "incollection", "article", "misc"]

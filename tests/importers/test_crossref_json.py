"""Crossref works fill the bibliographic fields as the publisher deposited them."""

from __future__ import annotations

from papershelf.core.models import PaperDraft
from papershelf.importers.crossref_json import CrossrefJsonImporter

from tests.conftest import shared_file

CROSSREF = "fixtures/crossref"


def _drafts(name: str) -> list[PaperDraft]:
    text = shared_file(f"{CROSSREF}/{name}").read_text("utf-8")
    return CrossrefJsonImporter().parse(text).drafts


def test_journal_article_has_volume_issue_pages_and_issn() -> None:
    (draft,) = _drafts("work_10.1002_jor.1100150407.json")
    assert draft.venue == "Journal of Orthopaedic Research"
    assert (draft.entry_type, draft.volume, draft.issue, draft.pages) == (
        "article",
        "15",
        "4",
        "519-527",
    )
    assert (draft.year, draft.month, draft.publisher, draft.issn) == (
        1997,
        7,
        "Wiley",
        "0736-0266",
    )
    # Moved out of `extra`, where the exporters used to look for them.
    assert not {"volume", "issue", "page", "publisher"} & set(draft.extra)


def test_proceedings_paper_and_editors() -> None:
    (paper,) = _drafts("work_10.1109_icdcsw.2003.1203662.json")
    assert (paper.entry_type, paper.pages, paper.publisher) == ("inproceedings", "877-882", "IEEE")
    (plos,) = _drafts("work_10.1371_journal.pone.0033693.json")
    assert plos.editors == ["Cesario V. Borlongan"]
    assert (plos.pages, plos.month, plos.day) == ("e33693", 3, 21)

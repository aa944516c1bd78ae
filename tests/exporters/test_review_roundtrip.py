"""Round trips found wanting in the bibliography review: export, import the file again, compare."""

from __future__ import annotations

import pytest
from papershelf.core.models import Paper, ReadingStatus
from papershelf.exporters.registry import export_text
from papershelf.importers.registry import choose_importer


def _paper(title: str) -> Paper:
    return Paper(
        id=1,
        title=title,
        authors=["Jane Doe"],
        year=2020,
        venue=None,
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
    )


@pytest.mark.parametrize("fmt", ["bibtex", "biblatex"])
@pytest.mark.parametrize(
    "title",
    [
        "External and Internal Events in EPCs: e^2EPCs",  # jabref-authors.bib, once imported
        "Radix-2^2 FFT and x~y",
        "An unbalanced } brace and {set} notation",
    ],
)
def test_bibtex_export_of_ascii_symbols_reads_back_as_written(fmt: str, title: str) -> None:
    # The export writes `^` as \textasciicircum{} and an unbalanced brace as \textbraceleft{}
    # / \textbraceright{}; the import read them as "ˆ" (U+02C6) and as the words
    # "textbraceleft"/"textbraceright".
    text = export_text([_paper(title)], fmt)
    result = choose_importer(text, "auto").parse(text, source=f"review.{fmt}")
    assert [draft.title for draft in result.drafts] == [title]

"""DBLP's BibTeX writes inline math as `\\(…\\)`: its scripts read like `$…$` ones."""

from __future__ import annotations

import pytest
from papershelf.importers.bibtex import BibtexImporter

from tests.conftest import shared_file


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        (r"External and Internal Events in EPCs: e\({}^{\mbox{2}}\)EPCs", "e²EPCs"),
        (r"Proceedings of the 5\({}^{\mbox{th}}\) Workshop", "5th Workshop"),
        (r"H\({}_{\mbox{2}}\)O", "H₂O"),
        (r"\(O(n^2)\) time", "O(n²) time"),
        (r"4$^{th}$ Conference", "4th Conference"),  # as before
    ],
)
def test_dblp_inline_math_scripts(title: str, expected: str) -> None:
    # Before, `\(…\)` was left to the LaTeX decoder, which kept the markup: "e^2EPCs",
    # "5^th Workshop", "H_2O"; and the BibTeX export then wrote the caret as
    # \textasciicircum{}.
    (draft,) = BibtexImporter().parse(f"@article{{a, title = {{{title}}}, year = 2009}}").drafts
    assert expected in draft.title
    assert "^" not in draft.title
    assert "_" not in draft.title


def test_jabref_authors_bib_from_dblp_has_no_carets_left() -> None:
    path = shared_file("fixtures/jabref/bibtex/jabref-authors.bib")
    drafts = BibtexImporter().parse(path.read_text("utf-8")).drafts
    by_key = {d.citation_key: d for d in drafts}
    assert by_key["KoppWielandLeymann2009"].title.endswith("e²EPCs")
    assert by_key["QureshiGustafsson2010"].title.startswith(
        "Twiddle factor memory switching activity analysis of radix-2² and"
    )
    assert not [d.citation_key for d in drafts if "^" in d.title or "^" in (d.venue or "")]

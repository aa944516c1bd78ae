"""A .bib entry the parser gives up on is reported with its line and its key."""

from __future__ import annotations

from papershelf.importers.bibtex import BibtexImporter

BROKEN = """@article{good1,
  title = {Good},
  year = 2000,
}

@article{smith2001,
  title = {A brace never closed,
  year = 2001,
}

@article{good2,
  title = {Fine again},
  year = 2002
}
"""


def test_an_unreadable_entry_is_named_by_its_key() -> None:
    # Before: "6: skipped: could not read this entry: Unexpected block start…", which left the
    # user to find which entry of a long file line 6 belongs to (and the error is often
    # reported where the next entry starts).
    result = BibtexImporter().parse(BROKEN)
    assert [d.citation_key for d in result.drafts] == ["good1", "good2"]
    (skip,) = result.skipped
    assert skip.line == 6
    assert skip.reason.startswith("could not read this entry: Unexpected block start")
    assert skip.reason.endswith(" (entry 'smith2001')")

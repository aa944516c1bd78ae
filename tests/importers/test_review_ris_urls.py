"""RIS `UR` lines: a ";" inside a URL stays in it; one between URLs still separates them."""

from __future__ import annotations

from papershelf.importers.ris import RisImporter

from tests.conftest import shared_file

WILEY = (
    "https://onlinelibrary.wiley.com/doi/10.1002/"
    "(SICI)1097-4571(199806)49:8<693::AID-ASI4>3.0.CO;2-0"
)


def _record(*lines: str) -> str:
    return "\n".join(["TY  - JOUR", "TI  - A title", "AU  - Doe, John", *lines, "ER  - ", ""])


def test_a_semicolon_inside_a_url_is_kept_and_so_is_the_doi_in_it() -> None:
    # rispy split every UR value at ";": the URL became ".../3.0.CO" (the rest, "2-0", a
    # second URL) and the DOI read from it "10.1002/(sici)…3.0.co", another paper's DOI or none.
    text = _record(f"UR  - {WILEY}") + "\n" + _record("UR  - http://a.org/x;jsessionid=12")
    first, second = RisImporter().parse(text).drafts
    assert first.url == WILEY
    assert first.doi == "10.1002/(sici)1097-4571(199806)49:8<693::aid-asi4>3.0.co;2-0"
    assert "UR" not in first.extra["fields"]
    assert second.url == "http://a.org/x;jsessionid=12"


def test_urls_listed_in_one_line_are_still_separate() -> None:
    path = shared_file("fixtures/rispy/example_urls.ris")
    for draft in RisImporter().parse(path.read_text("utf-8")).drafts:
        assert draft.url is not None
        assert ";" not in draft.url
    text = _record("UR  - http://a.org/1; http://b.org/2;https://c.org/3")
    (draft,) = RisImporter().parse(text).drafts
    assert draft.url == "http://a.org/1"
    assert draft.extra["fields"]["UR"] == ["http://a.org/1", "http://b.org/2", "https://c.org/3"]

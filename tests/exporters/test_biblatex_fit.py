"""BibLaTeX export fits biblatex's data model: nothing dropped, nothing biber would refuse."""

from __future__ import annotations

from typing import Any

from papershelf.exporters.bibtex import to_bibtex_entry
from papershelf.exporters.csljson import to_csl_item

from tests.exporters.biblio_papers import full_paper


def biblatex(**overrides: Any) -> tuple[str, dict[str, str]]:
    """The @type and fields of the paper's BibLaTeX entry."""
    lines = to_bibtex_entry(full_paper(**overrides), "k", biblatex=True).splitlines()
    fields = dict(line.strip().rstrip(",").split(" = ", 1) for line in lines[1:-1])
    return lines[0].split("{")[0][1:], fields


def test_an_articles_publisher_and_place_go_to_addendum() -> None:
    kind, fields = biblatex()
    assert kind == "article"
    assert "publisher" not in fields
    assert "location" not in fields
    assert (
        fields["addendum"]
        == r"{edition 2, {\TeX} Users Group, Providence, RI, ISBN 978-0-201-13447-6}"
    )
    assert fields["volume"] == "{9}"


def test_a_volume_that_is_not_a_number_is_kept_where_biblatex_takes_text() -> None:
    _, fields = biblatex(volume="101--103", publisher=None, place=None, edition=None, isbn=None)
    assert "volume" not in fields
    assert fields["addendum"] == "{vol. 101--103}"
    _, fields = biblatex(volume="In Press")
    assert (fields["pubstate"], "volume" in fields) == ("{inpress}", False)


def test_a_misc_puts_its_venue_in_howpublished_and_its_locators_in_addendum() -> None:
    kind, fields = biblatex(entry_type="misc", editors=[], isbn=None, issn=None, edition=None)
    assert kind == "misc"
    assert fields["howpublished"] == "{TUGboat}"
    assert fields["organization"] == r"{{\TeX} Users Group}"
    assert fields["addendum"] == "{TUG Proceedings, vol. 9, no. 3, pp. 263--264}"


def test_missing_mandatory_fields_choose_the_nearest_type_that_has_them() -> None:
    assert biblatex(venue=None)[0] == "misc"  # an article needs a journal
    assert biblatex(entry_type="incollection", editors=[])[0] == "inbook"
    assert biblatex(entry_type="inproceedings", venue=None)[0] == "misc"
    kind, fields = biblatex(entry_type="phdthesis", publisher=None)
    assert (kind, fields["type"]) == ("misc", "{phdthesis}")  # no institution
    kind, fields = biblatex(entry_type="report")
    assert (kind, fields["type"], fields["institution"]) == (
        "report",
        "{Report}",
        r"{{\TeX} Users Group}",
    )


def test_an_unknown_year_is_written_as_edtfs_unspecified_year() -> None:
    assert biblatex(year=None, month=None, day=None)[1]["date"] == "{XXXX}"


def test_placeholder_values_are_kept_but_never_in_a_field_that_refuses_them() -> None:
    # Zotero's RIS test records hold their field labels as values.
    _, fields = biblatex(isbn="ISBN", issn="ISSN", access_date="Access Date", volume="Volume ID")
    assert not {"isbn", "issn", "urldate", "volume"} & set(fields)
    for text in ("ISBN ISBN", "ISSN ISSN", "accessed Access Date", "vol. Volume ID"):
        assert text in fields["addendum"]


def test_a_book_that_names_the_book_it_is_in_is_a_chapter_in_every_format() -> None:
    part: dict[str, Any] = {"entry_type": "book", "venue": "Computers and Thought", "pages": "1-35"}
    assert biblatex(**part)[0] == "incollection"
    assert to_bibtex_entry(full_paper(**part), "k").startswith("@incollection{k,")
    assert to_csl_item(full_paper(**part), "k")["type"] == "chapter"
    whole: dict[str, Any] = {"entry_type": "book", "venue": "Notes", "pages": None, "editors": []}
    kind, fields = biblatex(**whole)
    assert (kind, fields["maintitle"]) == ("book", "{Notes}")


def test_fields_outside_the_data_model_are_written_back_as_the_source_had_them() -> None:
    paper = full_paper(source="bibtex", extra={"fields": {"owner": "Francesco"}})
    assert "  owner = {Francesco}," in to_bibtex_entry(paper, "k", biblatex=True)

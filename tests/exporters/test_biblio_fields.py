"""Every exporter writes the bibliographic fields in its own format's convention."""

from __future__ import annotations

import json
from pathlib import Path

from papershelf.core.models import Paper
from papershelf.exporters.bibtex import to_bibtex_entry
from papershelf.exporters.csljson import to_csl_json
from papershelf.exporters.keys import assign_keys
from papershelf.exporters.markdown import to_markdown
from papershelf.exporters.ris import to_ris
from papershelf.importers.bibtex import BibtexImporter
from papershelf.library import Library

from tests.exporters.biblio_papers import full_paper


def test_csl_json_has_locators_date_and_publisher() -> None:
    (item,) = json.loads(to_csl_json([full_paper()], {1: "knuth"}))
    assert item["type"] == "article-journal"
    assert item["issued"] == {"date-parts": [[1988, 9, 12]]}
    assert (item["volume"], item["issue"], item["page"]) == ("9", "3", "263-264")
    assert item["container-title"] == "TUGboat"
    assert (item["publisher"], item["publisher-place"]) == ("TeX Users Group", "Providence, RI")
    assert (item["ISSN"], item["ISBN"]) == ("0896-3207", "978-0-201-13447-6")
    assert (item["edition"], item["collection-title"], item["language"]) == (
        "2",
        "TUG Proceedings",
        "english",
    )
    assert item["accessed"] == {"date-parts": [[2020, 1, 2]]}
    assert item["editor"] == [{"family": "Beeton", "given": "Barbara"}]


def test_csl_json_type_follows_the_stored_entry_type() -> None:
    items = json.loads(
        to_csl_json(
            [full_paper(1, entry_type="incollection"), full_paper(2, entry_type="phdthesis")],
            {1: "a", 2: "b"},
        )
    )
    assert [i["type"] for i in items] == ["chapter", "thesis"]


def test_ris_has_locators_and_the_spec_date() -> None:
    lines = to_ris([full_paper()], {1: "knuth"}).splitlines()
    for line in (
        "TY  - JOUR",
        "DA  - 1988/09/12/",
        "VL  - 9",
        "IS  - 3",
        "SP  - 263",
        "EP  - 264",
        "SN  - 0896-3207",
        "SN  - 978-0-201-13447-6",
        "PB  - TeX Users Group",
        "CY  - Providence, RI",
        "ET  - 2",
        "T3  - TUG Proceedings",
        "LA  - english",
        "Y2  - 2020-01-02",
        "ED  - Beeton, Barbara",
    ):
        assert line in lines
    assert "DA  - 1988/09//" in to_ris([full_paper(day=None)], {1: "k"}).splitlines()


def test_bibtex_month_macro_pages_and_journal_or_booktitle() -> None:
    entry = to_bibtex_entry(full_paper(), "knuth")
    assert entry.startswith("@article{knuth,\n")
    for line in (
        "  journal = {TUGboat},",
        "  volume = {9},",
        "  number = {3},",
        "  pages = {263--264},",
        "  month = sep,",
        "  year = {1988},",
        "  address = {Providence, RI},",
        "  issn = {0896-3207},",
        "  editor = {Beeton, Barbara},",
        "  urldate = {2020-01-02},",
    ):
        assert line in entry.splitlines()
    chapter = to_bibtex_entry(full_paper(entry_type="inproceedings"), "k")
    assert "  booktitle = {TUGboat}," in chapter.splitlines()
    assert "journal" not in chapter


def test_bibtex_writes_tex_logos_as_braced_macros_and_words() -> None:
    entry = to_bibtex_entry(full_paper(), "knuth")
    # \TeX and \LaTeX are the kernel's; the others need a package, so they stay braced words.
    assert (
        r"title = {{Problems on the {\TeX}/PostScript Interface with {\LaTeX} and {BibTeX}}},"
        in entry
    )


def test_bibtex_gives_biblatex_only_types_their_nearest_classic_type() -> None:
    assert to_bibtex_entry(full_paper(entry_type="online"), "k").startswith("@misc{k,")
    assert to_bibtex_entry(full_paper(entry_type="report"), "k").startswith("@techreport{k,")
    assert to_bibtex_entry(full_paper(entry_type="online"), "k", biblatex=True).startswith(
        "@online{k,"
    )


def test_biblatex_writes_an_iso_date_location_and_langid() -> None:
    lines = to_bibtex_entry(full_paper(), "knuth", biblatex=True).splitlines()
    assert "  date = {1988-09-12}," in lines
    assert "  journaltitle = {TUGboat}," in lines
    assert "  langid = {english}," in lines
    book = to_bibtex_entry(full_paper(entry_type="book", venue=None), "b", biblatex=True)
    assert "  location = {Providence, RI}," in book.splitlines()
    assert not any(line.startswith(("  month", "  year")) for line in lines)
    month_only = to_bibtex_entry(full_paper(day=None), "k", biblatex=True)
    assert "  date = {1988-09}," in month_only.splitlines()


def test_biblatex_writes_the_placeholder_title_of_an_untitled_paper() -> None:
    paper = full_paper(title="[untitled]", extra={"untitled": True})
    assert "  title = {{[untitled]}}," in to_bibtex_entry(paper, "k", biblatex=True)
    assert "title" not in to_bibtex_entry(paper, "k")


def test_markdown_front_matter_has_the_bibliographic_fields(tmp_path: Path) -> None:
    text = to_markdown(full_paper(), "knuth")
    front = dict(line.split(": ", 1) for line in text.split("---")[1].strip().splitlines())
    assert json.loads(front["type"]) == "article"
    assert json.loads(front["venue"]) == "TUGboat"
    assert (json.loads(front["volume"]), json.loads(front["pages"])) == ("9", "263-264")
    assert json.loads(front["editors"]) == ["Barbara Beeton"]
    assert json.loads(front["month"]) == 9
    assert "issn" not in to_markdown(full_paper(issn=None), "k")


def test_keys_that_differ_only_in_case_are_made_unique() -> None:
    """BibTeX and biber read `Zhou_2006` and `zhou_2006` as one key spelled two ways."""
    papers = [full_paper(), full_paper()]
    papers[0].id, papers[0].citation_key = 1, "Zhou_2006"
    papers[1].id, papers[1].citation_key = 2, "zhou_2006"
    assert assign_keys(papers) == {1: "Zhou_2006", 2: "zhou_2006a"}


def test_a_reports_institution_and_a_theses_school_survive_as_such() -> None:
    """biber requires `institution` for reports and theses; BibTeX names a thesis's `school`."""
    text = (
        "@techreport{r, title = {Fast Sorting}, institution = {ETH Zurich}, year = 1999}\n"
        "@phdthesis{t, title = {Slow Sorting}, school = {MIT}, year = 2001}\n"
    )
    report, thesis = BibtexImporter().parse(text).drafts
    assert (report.publisher, thesis.publisher) == ("ETH Zurich", "MIT")
    assert "institution" not in report.extra["fields"]
    paper = full_paper(entry_type="techreport", publisher="ETH Zurich")
    assert "institution = {ETH Zurich}" in to_bibtex_entry(paper, "r", biblatex=True)
    assert "publisher =" not in to_bibtex_entry(paper, "r", biblatex=True)
    thesis_paper = full_paper(entry_type="phdthesis", publisher="MIT")
    assert "school = {MIT}" in to_bibtex_entry(thesis_paper, "t")


def test_biblatex_gets_what_biber_requires_of_theses_and_edited_books() -> None:
    thesis = to_bibtex_entry(full_paper(entry_type="thesis"), "t", biblatex=True)
    assert thesis.startswith("@thesis{t,")
    assert "type = {Thesis}" in thesis
    edited = full_paper(entry_type="book", authors=[], editors=["Ada Lovelace"])
    entry = to_bibtex_entry(edited, "e", biblatex=True)
    assert entry.startswith("@collection{e,")
    (draft,) = BibtexImporter().parse(entry).drafts
    assert (draft.entry_type, draft.editors) == ("book", ["Ada Lovelace"])


def test_a_crossref_child_is_exported_whole_without_pointing_at_its_parent() -> None:
    text = (
        "@proceedings{ijcai99, title = {Proceedings of IJCAI 99}, year = 1999,"
        " publisher = {Morgan Kaufmann}}\n"
        "@inproceedings{child, title = {Anchoring Symbols}, crossref = {ijcai99}}\n"
    )
    child = next(d for d in BibtexImporter().parse(text).drafts if d.citation_key == "child")
    paper = full_paper(**{k: v for k, v in child.biblio().items() if k != "citation_key"})
    paper.extra = child.extra
    paper.venue, paper.year = child.venue, child.year
    entry = to_bibtex_entry(paper, "child", biblatex=True)
    assert "crossref" not in entry
    assert "booktitle = {Proceedings of IJCAI 99}" in entry


def _imported(tmp_path: Path, text: str, name: str) -> Paper:
    with Library.open(tmp_path / name) as lib:
        lib.import_text(text, source=name)
        (paper,) = lib.get_many(lib.list_ids())
    return paper


def test_ris_writes_a_chapter_stored_as_a_book_as_chap_and_a_book_as_book(
    tmp_path: Path,
) -> None:
    chapter = _imported(
        tmp_path,
        "@book{ch, author = {Ada Lovelace}, title = {Notes on the Engine},"
        " booktitle = {Sketches of Machines}, editor = {Luigi Menabrea},"
        " pages = {1--40}, year = {1843}}",
        "chapter.bib",
    )
    lines = to_ris([chapter], {chapter.id: "ch"}).splitlines()
    for line in ("TY  - CHAP", "T2  - Sketches of Machines", "SP  - 1", "EP  - 40"):
        assert line in lines

    book = _imported(
        tmp_path,
        "@book{bk, author = {Ada Lovelace}, title = {Sketches of Machines},"
        " publisher = {Taylor}, series = {Scientific Memoirs}, year = {1843}}",
        "book.bib",
    )
    assert "TY  - BOOK" in to_ris([book], {book.id: "b"}).splitlines()

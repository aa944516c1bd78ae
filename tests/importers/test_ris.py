"""RIS import: fields, lines, BOMs, broken records, and real exports from JabRef and rispy."""

from __future__ import annotations

import pytest
from papershelf.importers.base import UNTITLED, ParseResult
from papershelf.importers.ris import RisImporter
from papershelf.importers.textio import decode_bytes

from tests.conftest import SHARED, shared_file

JABREF_RIS = "fixtures/jabref/ris"
RISPY = "fixtures/rispy"
NO_TITLE = "record has no title (TI/T1) and nothing else"
TYPE_ONLY = "record has nothing but its type (TY)"

SAMPLE = """\
Exported by a reference manager

TY  - JOUR
AU  - Vaswani, Ashish
AU  - Shazeer, Noam
TI  - Attention Is All
      You Need
PY  - 2017/06/12/
JO  - Advances in Neural Information Processing Systems
AB  - The dominant sequence transduction models
  are based on recurrent networks.
DO  - https://doi.org/10.48550/arXiv.1706.03762
UR  - https://arxiv.org/abs/1706.03762v5
XY  - custom value
VL  - 30
ER  -

TY  - CONF
AU  - Nobody, A.
PY  - 2020
ER  -

TY  - BOOK
T1  - Deep Learning
A1  - Goodfellow, Ian
A1  - Bengio,Yoshua
Y1  - 2016
M3  - doi: 10.5555/3086952
N1  - see arXiv:2401.12345v2 for the preprint
ER  -
"""


def parse(text: str) -> ParseResult:
    return RisImporter().parse(text)


def read_fixture(relative: str) -> str:
    path = shared_file(relative)
    return decode_bytes(path.read_bytes(), path=str(path))


def test_fields_lines_and_extra() -> None:
    result = parse(SAMPLE)
    first, _untitled, book = result.drafts
    assert first.title == "Attention Is All You Need"
    assert first.authors == ["Ashish Vaswani", "Noam Shazeer"]
    assert first.year == 2017
    assert first.venue == "Advances in Neural Information Processing Systems"
    assert (
        first.abstract
        == "The dominant sequence transduction models are based on recurrent networks."
    )
    assert first.doi == "10.48550/arxiv.1706.03762"
    assert (first.arxiv_id, first.arxiv_version) == ("1706.03762", None)
    assert first.url == "https://arxiv.org/abs/1706.03762v5"
    assert first.source == "ris"
    assert first.line == 3
    assert (first.entry_type, first.volume, first.month, first.day) == ("article", "30", 6, 12)
    assert first.extra["fields"] == {"XY": ["custom value"]}  # an unknown tag is kept

    assert book.title == "Deep Learning"
    assert book.authors == ["Ian Goodfellow", "Yoshua Bengio"]
    assert book.year == 2016
    assert book.doi == "10.5555/3086952"
    assert (book.arxiv_id, book.arxiv_version) == ("2401.12345", 2)
    assert book.line == 23
    assert book.entry_type == "book"


def test_record_without_title_is_kept_untitled_and_an_empty_one_skipped() -> None:
    result = parse(SAMPLE + "TY  - JOUR\nN1  - \nER  -\n")
    untitled = result.drafts[1]
    assert (untitled.title, untitled.line, untitled.authors) == (UNTITLED, 18, ["A. Nobody"])
    assert untitled.extra["untitled"] is True
    assert [(s.line, s.reason) for s in result.skipped] == [(31, TYPE_ONLY)]


def test_venue_tag_follows_the_record_type() -> None:
    conf = "TY  - CONF\nTI  - P\nT2  - Conference Name\nC3  - Proceedings Title\nER  -\n"
    web = "TY  - WEB\nTI  - W\nT2  - Series Title\nJ2  - Periodical Title\nER  -\n"
    jour = "TY  - JOUR\nTI  - J\nJ2  - Abbrev. J.\nT2  - Journal Name\nER  -\n"
    assert [d.venue for d in parse(conf + web + jour).drafts] == [
        "Proceedings Title",
        "Periodical Title",
        "Journal Name",
    ]


def test_authors_in_file_order_and_da_before_y1() -> None:
    text = "TY  - JOUR\nTI  - T\nA1  - Georgiev, D\nAU  - Bello, L\nY1  - 1900\nDA  - 1950\nER  -\n"
    (draft,) = parse(text).drafts
    assert draft.authors == ["D Georgiev", "L Bello"]
    assert draft.year == 1950


def test_bom_after_a_leading_space_and_crlf() -> None:
    text = (
        " \ufeff\r\nTY  - JOUR\r\nTI  - A title\r\n"
        "UR  - http://dx.doi.org/10.1023/A:1017379030770\r\nER  - \r\n"
    )
    importer = RisImporter()
    assert importer.sniff(text) >= 0.9
    (draft,) = importer.parse(text).drafts
    assert (draft.title, draft.line, draft.doi) == ("A title", 2, "10.1023/a:1017379030770")


def test_missing_er_and_tags_outside_a_record_are_reported() -> None:
    text = (
        "JF  - Orphan Journal\nT1  - Orphan\nER  -\n"
        "TY  - JOUR\nTI  - First\nTY  - JOUR\nTI  - Second\n"
    )
    result = parse(text)
    assert [(d.title, d.line) for d in result.drafts] == [("First", 4), ("Second", 6)]
    assert [s.line for s in result.skipped] == [1]


def test_sniff() -> None:
    importer = RisImporter()
    assert importer.sniff(SAMPLE) >= 0.9
    assert importer.sniff("@article{x, title={T}}\n") <= 0.05
    assert importer.sniff("Just some notes\nTY - not a tag\n") <= 0.05
    assert importer.sniff("") <= 0.05


def _jabref_names() -> list[str]:
    folder = SHARED / JABREF_RIS
    names = sorted(p.name for p in folder.glob("*.ris")) if folder.exists() else []
    return [name for name in names if name != "RisImporterCorrupted.ris"] or ["missing.ris"]


@pytest.mark.parametrize("name", _jabref_names())
def test_jabref_files_import(name: str) -> None:
    result = parse(read_fixture(f"{JABREF_RIS}/{name}"))
    if name == "RisImporterTestDoiAndJournalTitle.ris":  # only a journal (T2), no title
        (draft,) = result.drafts
        assert (draft.title, draft.venue) == (UNTITLED, "Journal")
        return
    assert result.drafts
    assert all(d.title and d.source == "ris" and d.line for d in result.drafts)


def test_jabref_corrupted_file_reports_the_record() -> None:
    result = parse(read_fixture(f"{JABREF_RIS}/RisImporterCorrupted.ris"))
    assert not result.drafts
    assert [s.line for s in result.skipped] == [2]


def test_jabref_test1_repeated_types_and_missing_er() -> None:
    """Its 11 `TY` lines: 3 records with fields, 8 with only a type, each reported."""
    text = read_fixture(f"{JABREF_RIS}/RisImporterTest1.ris")
    assert RisImporter().sniff(text) >= 0.9  # a BOM after a leading space
    result = parse(text)
    draft, *untitled = result.drafts
    assert (draft.line, draft.year, draft.entry_type) == (10, 2001, "inproceedings")
    assert [(d.line, d.title) for d in untitled] == [(39, UNTITLED), (43, UNTITLED)]
    assert [(s.line, s.reason) for s in result.skipped] == [(n, TYPE_ONLY) for n in range(2, 10)]


def test_a_type_line_right_after_another_is_a_record_of_its_own() -> None:
    """The first `TY` is reported, not silently dropped: the fields belong to the second."""
    text = (
        "TY  - BOOK\nTY  - JOUR\nTI  - Sparse coding in the wild\nAU  - Ito, Mei\nER  -\n"
        "TY  - RPRT\n\nTY  - CHAP\nTI  - A chapter\nER  -\n"
        "TY  - JOUR\nKW  - a keyword, no title\nER  -\n"
    )
    result = parse(text)
    assert [(d.line, d.title, d.entry_type) for d in result.drafts] == [
        (2, "Sparse coding in the wild", "article"),
        (8, "A chapter", "incollection"),
    ]
    assert [(s.line, s.reason) for s in result.skipped] == [
        (1, TYPE_ONLY),
        (6, TYPE_ONLY),
        (11, NO_TITLE),
    ]


def test_rispy_full() -> None:
    result = parse(read_fixture(f"{RISPY}/example_full.ris"))
    assert [d.title for d in result.drafts] == ["Title of reference", "The title of the reference"]
    assert result.drafts[0].authors == ["Karl Marx", "Astrid Lindgren"]
    assert result.drafts[0].year == 2014
    assert not result.skipped


def test_rispy_bom_record_is_read_but_has_no_title() -> None:
    result = parse(read_fixture(f"{RISPY}/example_bom.ris"))
    (draft,) = result.drafts
    assert (draft.title, draft.line) == (UNTITLED, 1)
    assert draft.doi == "10.1186/s40981-020-0316-0"


def test_rispy_utf_chars_uses_the_short_title() -> None:
    (draft,) = parse(read_fixture(f"{RISPY}/example_utf_chars.ris")).drafts
    assert draft.title.startswith("Состояние рецепторного аппарата эндометрия")
    assert draft.authors[0] == "Yu E. Dobrokhotova"
    assert draft.extra["fields"]["N1"] == ["Ä,Ö,Ü,ä,ö,ü,ß"]


def test_rispy_multiline_values_are_joined() -> None:
    result = parse(read_fixture(f"{RISPY}/example_multiline.ris"))
    # No titles (kept as untitled), and the ER inside a value ends nothing.
    assert [d.title for d in result.drafts] == [UNTITLED] * 3
    text = read_fixture(f"{RISPY}/example_multiline.ris").replace(
        "TY  - JOUR", "TY  - JOUR\nTI  - T"
    )
    drafts = parse(text).drafts
    assert [d.abstract for d in drafts] == [
        "first line, ER then second line and at the end the last line"
    ] * 3


def test_rispy_extraneous_text_and_split_urls() -> None:
    assert len(parse(read_fixture(f"{RISPY}/example_extraneous_data.ris")).drafts) == 2
    drafts = parse(read_fixture(f"{RISPY}/example_urls.ris")).drafts
    assert [d.url for d in drafts] == ["http://example.com"] * 4
    assert drafts[3].extra["fields"]["UR"] == ["http://example.com", "http://www.example.com"]


def test_web_of_science_is_not_ris() -> None:
    text = read_fixture(f"{RISPY}/example_wos.ris")
    assert RisImporter().sniff(text) <= 0.1


def test_a_uk_tag_and_unknown_tags_are_both_kept() -> None:
    text = "TY  - JOUR\nUK  - user key\nXX  - one\nXX  - two\nTI  - T\nER  -\n"
    (draft,) = parse(text).drafts
    assert draft.extra["fields"] == {"UK": "user key", "XX": ["one", "two"]}


def test_bibliographic_tags_fill_the_fields_zotero_fills() -> None:
    chapter = parse(
        "TY  - CHAP\nID  - author1988\nTI  - A Chapter\nAU  - Author, Ann\nA2  - Editor, Ed\n"
        "ED  - Other, Otto\n"
        "A3  - Series, Sam\nT2  - The Book\nVL  - 9\nIS  - 3\nSP  - 263\nEP  - 264\n"
        "PB  - TUG\nCY  - Providence\nSN  - 978-3-16-148410-0\nET  - 2nd\nT3  - Lecture Notes\n"
        "LA  - en\nY2  - 2021/01/02\nDA  - 1988/09/12/\nPY  - 1988\nER  -\n"
    ).drafts[0]
    assert (chapter.entry_type, chapter.citation_key) == ("incollection", "author1988")
    assert chapter.authors == ["Ann Author"]
    assert chapter.editors == ["Otto Other", "Ed Editor"]
    assert (chapter.volume, chapter.issue, chapter.pages) == ("9", "3", "263-264")
    assert (chapter.publisher, chapter.place, chapter.isbn, chapter.issn) == (
        "TUG",
        "Providence",
        "978-3-16-148410-0",
        None,
    )
    assert (chapter.edition, chapter.series, chapter.language) == ("2nd", "Lecture Notes", "en")
    assert (chapter.year, chapter.month, chapter.day, chapter.access_date) == (
        1988,
        9,
        12,
        "2021-01-02",
    )
    # The series editor has no field of its own: it stays for the RIS exporter.
    assert chapter.extra["fields"] == {"A3": ["Series, Sam"]}


def test_issn_by_shape_and_types_outside_the_vocabulary_are_kept() -> None:
    email = parse("TY  - ICOMM\nTI  - A Letter\nA2  - Reader, Rita\nSN  - 0896-3207\nER  -\n")
    draft = email.drafts[0]
    assert (draft.entry_type, draft.issn, draft.isbn) == ("misc", "0896-3207", None)
    # A2 of an e-mail is its recipient, not an editor; alone, it is the only person named.
    assert (draft.editors, draft.authors) == ([], ["Rita Reader"])
    assert draft.extra["fields"]["TY"] == "ICOMM"


def test_endnote_types_and_m1_issue_as_zotero_reads_them() -> None:
    result = parse(
        "TY  - EJOUR\nTI  - E\nM1  - 7\nER  -\n"
        "TY  - DICT\nTI  - D\nM1  - Number\nER  -\n"
        "TY  - GOVDOC\nTI  - G\nER  -\n"
    )
    ejour, dictionary, govdoc = result.drafts
    assert (ejour.entry_type, ejour.issue) == ("article", "7")
    # A dictionary's M1 is no issue: it stays for the RIS exporter, as does the original type.
    assert (dictionary.entry_type, dictionary.issue) == ("incollection", None)
    assert dictionary.extra["fields"] == {"M1": "Number", "TY": "DICT"}
    assert govdoc.entry_type == "techreport"


PROCITE = """\
TY  - CHAP
N1  - Record ID: 40
A1  - Writer, Wendy
T1  - A Chapter
T2  - The Book
VL  - 2nd
PB  - Springer
N1  - Volume ID: 7
N1  - Issue ID: 3
N1  - Publisher Name: Other Press
N1  - Series Title: Lecture Notes
N1  - Notes: read it again
ER  -

TY  - BOOK
N1  - Record ID: 200
T1  - A Book
VL  - 3rd
IS  - 12
ER  -

TY  - CONF
N1  - Record Number: 230
T1  - A Paper
N1  - Proceedings Title: Proceedings of the Meeting
N1  - Editor: Chair, Carla
ER  -
"""


def test_procite_labelled_notes_fill_the_fields_they_name() -> None:
    chapter, book, paper = parse(PROCITE).drafts
    # ProCite writes a chapter's or book's edition in VL, and the volume as a labelled note.
    assert (chapter.edition, chapter.volume, chapter.issue) == ("2nd", "7", "3")
    # A real tag wins over a note; the note that did not fill a field stays with the others.
    assert (chapter.publisher, chapter.series) == ("Springer", "Lecture Notes")
    assert chapter.extra["fields"]["N1"] == [
        "Record ID: 40",
        "Publisher Name: Other Press",
        "Notes: read it again",
    ]
    # A ProCite book's IS is its volume.
    assert (book.edition, book.volume, book.issue) == ("3rd", "12", None)
    assert (paper.venue, paper.editors) == ("Proceedings of the Meeting", ["Carla Chair"])


def test_labelled_notes_of_other_writers_stay_notes() -> None:
    (draft,) = parse("TY  - CHAP\nTI  - A Chapter\nVL  - 4\nN1  - Volume ID: 7\nER  -\n").drafts
    assert (draft.volume, draft.edition) == ("4", None)
    assert draft.extra["fields"]["N1"] == ["Volume ID: 7"]


def test_a_generic_record_in_a_periodical_is_an_article() -> None:
    in_journal, bare = parse(
        "TY  - GEN\nTI  - In a Journal\nJO  - Journal of Things\nVL  - 4\nER  -\n"
        "TY  - GEN\nTI  - Just Something\nT2  - Some Series\nER  -\n"
    ).drafts
    assert (in_journal.entry_type, in_journal.venue) == ("article", "Journal of Things")
    # The record's own type stays for the RIS exporter; without a periodical it is misc.
    assert in_journal.extra["fields"]["TY"] == "GEN"
    assert bare.entry_type == "misc"


def test_a_second_value_or_an_unread_part_of_a_date_stays_in_extra() -> None:
    """Only what was read whole leaves `extra`: a second title, venue or date line is kept."""
    text = (
        "TY  - JOUR\nTI  - Coral bleaching thresholds\nTI  - Seuils de blanchiment des coraux\n"
        "T2  - Marine Ecology\nT2  - Mar. Ecol.\nPY  - 2019/03/02/Online first\n"
        "AB  - Short.\nAB  - Longer abstract.\nER  -\n"
        "TY  - JOUR\nTI  - Reef survey\nT2  - Marine Ecology\nPY  - 2020/05//\nAB  - One.\nER  -\n"
    )
    twice, once = parse(text).drafts
    assert (twice.title, twice.venue, twice.abstract) == (
        "Coral bleaching thresholds",
        "Marine Ecology",
        "Short.",
    )
    assert (twice.year, twice.month, twice.day) == (2019, 3, 2)
    kept = twice.extra["fields"]
    assert kept["TI"] == ["Coral bleaching thresholds", "Seuils de blanchiment des coraux"]
    assert kept["T2"] == ["Marine Ecology", "Mar. Ecol."]
    assert kept["PY"] == "2019/03/02/Online first"
    assert kept["AB"] == ["Short.", "Longer abstract."]
    assert (once.year, once.month) == (2020, 5)
    assert once.extra["fields"] == {}  # everything in it was read

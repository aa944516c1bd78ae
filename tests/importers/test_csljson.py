"""CSL-JSON import: names, dates, identifiers, shapes of file, and real exports."""

from __future__ import annotations

import json

import pytest
from papershelf.core.errors import ImportFormatError
from papershelf.importers.csljson import CslJsonImporter
from papershelf.importers.textio import decode_bytes

from tests.conftest import shared_file

ITEMS = [
    {
        "id": "vaswani2017",
        "type": "paper-conference",
        "title": "Attention Is All You Need",
        "author": [
            {"family": "Vaswani", "given": "Ashish"},
            {"literal": "Google Brain Team"},
            {"family": "Beethoven", "given": "Ludwig", "non-dropping-particle": "van"},
            {"family": "Gogh", "given": "Vincent", "dropping-particle": "van", "suffix": "Jr."},
        ],
        "issued": {"date-parts": [["2017", 6]]},
        "container-title": "NeurIPS",
        "abstract": "Transformers.",
        "DOI": "https://doi.org/10.5555/ABC",
        "URL": "https://example.org/paper",
        "number": "arXiv:1706.03762v5",
        "volume": "30",
    },
    {"id": "untitled", "type": "article", "author": [{"family": "Nobody"}]},
    {
        "id": "http://arxiv.org/abs/2401.12345v2",
        "type": "article",
        "title": "Raw date",
        "issued": {"raw": "Spring 2024"},
    },
    {"id": 4, "type": "book", "title": "Literal date", "issued": {"literal": "circa 1999"}},
]


def test_fields_and_extra() -> None:
    result = CslJsonImporter().parse(json.dumps(ITEMS))
    first, untitled, raw, literal = result.drafts
    assert untitled.extra["untitled"] is True
    assert first.title == "Attention Is All You Need"
    assert first.authors == [
        "Ashish Vaswani",
        "Google Brain Team",
        "Ludwig van Beethoven",
        "Vincent van Gogh Jr.",
    ]
    assert first.year == 2017
    assert first.venue == "NeurIPS"
    assert first.abstract == "Transformers."
    assert first.doi == "10.5555/abc"
    assert first.url == "https://example.org/paper"
    assert (first.arxiv_id, first.arxiv_version) == ("1706.03762", 5)
    assert first.source == "csl-json"
    assert first.line is None
    assert (first.entry_type, first.volume, first.citation_key) == (
        "inproceedings",
        "30",
        "vaswani2017",
    )
    assert first.extra == {
        "index": 1,
        "fields": {"number": "arXiv:1706.03762v5"},
        "literal_authors": ["Google Brain Team"],
    }
    assert raw.year == 2024
    assert (raw.arxiv_id, raw.arxiv_version) == ("2401.12345", 2)
    assert raw.extra["index"] == 3
    assert literal.year == 1999


def test_item_without_title_is_kept_untitled_and_an_empty_one_skipped() -> None:
    result = CslJsonImporter().parse(json.dumps([*ITEMS, {"id": "empty", "type": "book"}]))
    untitled = [d for d in result.drafts if d.extra.get("untitled")]
    assert [d.citation_key for d in untitled] == ["untitled"]
    assert [(s.line, s.reason) for s in result.skipped] == [
        (None, f"item {len(ITEMS) + 1} ('empty') has no title and nothing else")
    ]


def test_single_item_object_with_bom() -> None:
    result = CslJsonImporter().parse("\ufeff" + json.dumps(ITEMS[0]))
    assert [d.title for d in result.drafts] == ["Attention Is All You Need"]


def test_invalid_json_raises_with_line() -> None:
    with pytest.raises(ImportFormatError) as info:
        CslJsonImporter().parse('[\n{"title": "x",\n}', source="refs.json")
    assert info.value.path == "refs.json"
    assert info.value.line == 3
    assert str(info.value).startswith("refs.json:3: not valid JSON: ")


def test_sniff() -> None:
    importer = CslJsonImporter()
    assert importer.sniff(json.dumps(ITEMS)) >= 0.9
    assert importer.sniff(json.dumps(ITEMS[0])) >= 0.9
    assert importer.sniff(json.dumps([{"paper": {"id": "2401.12345"}, "title": "x"}])) <= 0.1
    assert importer.sniff('{"status": "ok", "message": {}}') <= 0.1
    assert importer.sniff("[1, 2, 3]") <= 0.1
    assert importer.sniff("TY  - JOUR\nER  -\n") <= 0.1
    assert importer.sniff("[{broken") <= 0.1


def read_fixture(relative: str) -> str:
    path = shared_file(relative)
    return decode_bytes(path.read_bytes(), path=str(path))


def test_zotero_export_all_37_items() -> None:
    text = read_fixture("fixtures/csl-json/zotero-utilities_citeProcJSExport.json")
    assert CslJsonImporter().sniff(text) >= 0.9
    result = CslJsonImporter().parse(text)
    assert len(result.drafts) == 37
    assert not result.skipped
    assert all(d.year == 1999 for d in result.drafts)
    assert "Institutional Author" in result.drafts[0].authors


def test_crossref_transform() -> None:
    text = read_fixture("fixtures/crossref/transform-csljson_10.1126_science.169.3946.635.json")
    assert CslJsonImporter().sniff(text) >= 0.9
    (draft,) = CslJsonImporter().parse(text).drafts
    assert draft.doi == "10.1126/science.169.3946.635"
    assert draft.title == "The Structure of Ordinary Water"
    assert draft.year == 1970
    assert draft.venue == "Science"


def test_daily_papers_json_is_not_csl() -> None:
    text = read_fixture("fixtures/huggingface/daily_papers_2024-10-25.json")
    assert CslJsonImporter().sniff(text) <= 0.1


def test_bibliographic_variables_fill_the_fields() -> None:
    item = {
        "id": "http://zotero.org/users/1/items/ABCD",
        "citation-key": "beeton1988",
        "type": "article-journal",
        "title": "Modifying LaTeX",
        "container-title": "TUGboat",
        "volume": 9,
        "issue": "3",
        "page": "263–264",
        "publisher": "TUG",
        "publisher-place": "Providence",
        "ISSN": ["0896-3207"],
        "edition": 2,
        "collection-title": "Series",
        "language": "en-US",
        "editor": [{"family": "Beeton", "given": "Barbara"}],
        "issued": {"date-parts": [[1988, 9, 12]]},
        "accessed": {"date-parts": [["2021", "1", "2"]]},
        "note": "kept",
    }
    draft = CslJsonImporter().parse(json.dumps([item])).drafts[0]
    assert draft.biblio() == {
        "entry_type": "article",
        "volume": "9",
        "issue": "3",
        "pages": "263-264",
        "month": 9,
        "day": 12,
        "publisher": "TUG",
        "place": "Providence",
        "editors": ["Barbara Beeton"],
        "edition": "2",
        "series": "Series",
        "issn": "0896-3207",
        "isbn": None,
        "language": "en-US",
        "access_date": "2021-01-02",
        "citation_key": "beeton1988",
    }
    # Only what has no field is left; the Zotero item URI is no citation key but is kept.
    assert draft.extra["fields"] == {"note": "kept"}
    assert draft.extra["csl_id"] == "http://zotero.org/users/1/items/ABCD"

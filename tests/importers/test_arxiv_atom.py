"""The arXiv Atom importer on inline feeds and real API responses, old and new formats."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from papershelf.core.errors import ImportFormatError
from papershelf.importers.arxiv_atom import ArxivAtomImporter
from papershelf.importers.base import Importer, Skipped
from papershelf.importers.textio import decode_bytes

from tests.conftest import SHARED, shared_file

ATOM_DIR = "fixtures/arxiv-atom"
ERROR_FEED = "current-2025/arxivpy_id_abc_s0_m100.http400.xml"

FEED = """<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom">
  <title>arXiv Query: search_query=all:flow</title>
  <entry>
    <id>http://arxiv.org/abs/2209.03003v1</id>
    <published>2022-09-07T08:00:00Z</published>
    <title>Flow Straight and Fast: Learning to Generate and Transfer Data
  with Rectified Flow</title>
    <summary>  We present rectified flow,
a surprisingly simple approach.
</summary>
    <author><name>Xingchao Liu</name></author>
    <author><name>Chengyue Gong</name></author>
    <author><name>Qiang Liu</name></author>
    <arxiv:doi>10.1000/XYZ.42</arxiv:doi>
    <arxiv:journal_ref>ICLR 2023</arxiv:journal_ref>
    <arxiv:comment>30 pages,
  12 figures</arxiv:comment>
    <link href="https://arxiv.org/abs/2209.03003v1" rel="alternate" type="text/html"/>
    <link href="https://arxiv.org/pdf/2209.03003v1" rel="related" title="pdf"/>
    <arxiv:primary_category term="cs.LG"/>
    <category term="cs.LG" scheme="http://arxiv.org/schemas/atom"/>
    <category term="stat.ML" scheme="http://arxiv.org/schemas/atom"/>
  </entry>
  <entry>
    <id>http://arxiv.org/abs/hep-th/9901001v2</id>
    <published>1999-01-04T00:00:00Z</published>
    <title>An old paper</title>
    <summary>Old.</summary>
    <author><name>A. Author</name></author>
  </entry>
</feed>
"""

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
  <!ENTITY lol "lol">
  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<feed xmlns="http://www.w3.org/2005/Atom"><title>arxiv &lol4;</title></feed>
"""


def _read(relative: str) -> str:
    path = shared_file(f"{ATOM_DIR}/{relative}")
    return decode_bytes(path.read_bytes(), path=str(path))


def _fixture_entries() -> list[tuple[str, int]]:
    source = SHARED / ATOM_DIR / "SOURCE.json"
    if not source.exists():
        return [("missing", 0)]  # the test skips through shared_file
    files = json.loads(source.read_text("utf-8"))["files"]
    return [(f["file"], f["entries"]) for f in files if f["file"] != ERROR_FEED]


def test_is_an_importer() -> None:
    importer: Importer = ArxivAtomImporter()
    assert importer.name == "arxiv-atom"


def test_inline_feed_maps_every_field() -> None:
    result = ArxivAtomImporter().parse(FEED)
    assert result.skipped == []
    first, old = result.drafts
    assert first.title == (
        "Flow Straight and Fast: Learning to Generate and Transfer Data with Rectified Flow"
    )
    assert first.authors == ["Xingchao Liu", "Chengyue Gong", "Qiang Liu"]
    assert first.abstract == "We present rectified flow, a surprisingly simple approach."
    assert (first.arxiv_id, first.arxiv_version) == ("2209.03003", 1)
    assert first.year == 2022
    assert first.doi == "10.1000/xyz.42"
    assert first.venue == "ICLR 2023"
    assert first.url == "https://arxiv.org/abs/2209.03003v1"
    assert first.source == "arxiv"
    assert first.line == 4
    assert first.extra == {
        "primary_category": "cs.LG",
        "categories": ["cs.LG", "stat.ML"],
        "comment": "30 pages, 12 figures",
    }
    assert (old.arxiv_id, old.arxiv_version, old.year) == ("hep-th/9901001", 2, 1999)
    assert old.url == "https://arxiv.org/abs/hep-th/9901001v2"  # built from the id
    assert old.venue is None
    assert old.doi is None
    assert old.extra == {}


def test_entry_without_title_is_skipped_with_its_line() -> None:
    feed = FEED.replace("<title>An old paper</title>", "")
    result = ArxivAtomImporter().parse(feed, source="q.xml")
    assert len(result.drafts) == 1
    assert result.skipped == [
        Skipped(25, "entry without a title: http://arxiv.org/abs/hep-th/9901001v2")
    ]


def test_billion_laughs_is_refused() -> None:
    with pytest.raises(ImportFormatError, match="not a readable Atom feed") as info:
        ArxivAtomImporter().parse(BILLION_LAUGHS, source="evil.xml")
    assert "evil.xml" in str(info.value)


def test_malformed_xml_reports_its_line() -> None:
    with pytest.raises(ImportFormatError, match="not a readable Atom feed") as info:
        ArxivAtomImporter().parse(FEED.replace("</summary>", "", 1), source="bad.xml")
    assert info.value.line is not None
    assert info.value.path == "bad.xml"


def test_other_xml_is_refused() -> None:
    with pytest.raises(ImportFormatError, match="not an Atom feed"):
        ArxivAtomImporter().parse("<rss><channel/></rss>")


def test_sniff() -> None:
    importer = ArxivAtomImporter()
    assert importer.sniff(FEED) >= 0.9
    plain_atom = '<feed xmlns="http://www.w3.org/2005/Atom"><title>Blog</title></feed>'
    assert importer.sniff(plain_atom) <= 0.05
    assert importer.sniff("@article{x, title={arxiv feed}}") <= 0.05
    assert importer.sniff("2401.12345\n") <= 0.05
    assert importer.sniff('[{"paper": {"id": "2401.12345"}}]') <= 0.05


@pytest.mark.parametrize(("relative", "entries"), _fixture_entries())
def test_shared_feeds_parse(relative: str, entries: int) -> None:
    text = _read(relative)
    importer = ArxivAtomImporter()
    assert importer.sniff(text) >= 0.9
    result = importer.parse(text, source=relative)
    assert len(result.drafts) == entries
    assert result.skipped == []
    for draft in result.drafts:
        assert draft.title
        assert " \n" not in draft.title
        assert "\n" not in draft.title
        assert draft.authors
        assert draft.arxiv_id is not None
        assert draft.year is not None
        assert draft.url is not None
        assert "/abs/" in draft.url
        assert draft.source == "arxiv"
    lines = [draft.line or 0 for draft in result.drafts]
    assert 0 not in lines
    assert lines == sorted(lines)


def test_legacy_single_entry_has_doi_and_journal_ref() -> None:
    result = ArxivAtomImporter().parse(_read("legacy-2016/arxivpy_id_list_1111.2011v2.xml"))
    (draft,) = result.drafts
    assert (draft.arxiv_id, draft.arxiv_version) == ("1111.2011", 2)
    assert draft.doi == "10.1103/physrevb.85.115117"
    assert draft.venue == "Phys. Rev. B 85, 115117 (2012)"
    assert draft.authors == ["James M. Murray", "Adrian Del Maestro", "Zlatko Tesanovic"]
    assert draft.title.endswith("in the Large Connectivity Limit")
    assert draft.year == 2011
    assert draft.extra["primary_category"] == "cond-mat.str-el"
    assert draft.extra["comment"] == "8 pages, 3 figures. Published version"
    # A journal reference makes it an article; the preprint's date is not the journal's.
    assert (draft.entry_type, draft.month, draft.day) == ("article", None, None)


def test_current_format_versioned_and_old_style_ids() -> None:
    (draft,) = (
        ArxivAtomImporter().parse(_read("current-2025/arxivpy_id_2104.12255v1_s0_m100.xml")).drafts
    )
    assert (draft.arxiv_id, draft.arxiv_version, draft.title) == ("2104.12255", 1, "0")
    assert draft.url == "https://arxiv.org/abs/2104.12255v1"
    assert draft.extra == {"primary_category": "cs.CR", "categories": ["cs.CR"]}
    # A preprint without a journal reference is `misc`, dated by its first version.
    assert (draft.entry_type, draft.year, draft.month, draft.day) == ("misc", 2021, 4, 20)
    (old,) = (
        ArxivAtomImporter()
        .parse(_read("current-2025/arxivpy_id_astro-ph_0601001_s0_m100.xml"))
        .drafts
    )
    assert old.arxiv_id == "astro-ph/0601001"


def test_large_search_has_100_entries() -> None:
    result = ArxivAtomImporter().parse(_read("current-2025/arxivpy_q_testing_s0_m100.xml"))
    assert len(result.drafts) == 100
    assert len({draft.arxiv_id for draft in result.drafts}) == 100


def test_api_error_feed_is_a_skip() -> None:
    result = ArxivAtomImporter().parse(_read(ERROR_FEED))
    assert result.drafts == []
    assert result.skipped == [Skipped(None, "arXiv API error: incorrect id format for abc")]


@pytest.mark.parametrize(
    "relative",
    [
        "current-2025/rsxiv_query_empty.xml",
        "current-2025/arxivpy_id_0000.0000_s0_m100.xml",
        "current-2025/arxivpy_id_0808.05394_s0_m100.xml",
    ],
)
def test_empty_results(relative: str) -> None:
    result = ArxivAtomImporter().parse(_read(relative))
    assert result.drafts == []
    assert result.skipped == []


def test_leading_bom_is_ignored() -> None:
    path: Path = shared_file(f"{ATOM_DIR}/legacy-2016/arxivpy_search_au_del_maestro.xml")
    text = "\ufeff" + decode_bytes(path.read_bytes(), path=str(path))
    assert len(ArxivAtomImporter().parse(text).drafts) == 10

"""The Hugging Face JSON importer on daily_papers and papers API responses."""

from __future__ import annotations

import json

import pytest
from papershelf.core.errors import ImportFormatError
from papershelf.importers.base import Importer
from papershelf.importers.hf_json import HuggingFaceJsonImporter
from papershelf.importers.textio import decode_bytes

from tests.conftest import shared_file

API_JSON = "fixtures/huggingface/daily_papers_2024-10-25.json"

PAPER = {
    "id": "2401.12345",
    "title": "A Paper With a\n  Hard Line Break",
    "summary": "First line\nsecond line.",
    "authors": [{"_id": "a1", "name": "Ada Lovelace"}, {"_id": "a2", "name": "Alan Turing"}],
    "publishedAt": "2024-01-22T17:59:30.000Z",
    "upvotes": 12,
    "discussionId": "65ae0000aaaa",
    "githubRepo": "https://github.com/example/repo",
}
DAILY = [
    {"paper": PAPER, "title": "A Paper With a Hard Line Break", "numComments": 2},
    {"paper": {**PAPER, "id": "2402.00001", "title": "Second", "upvotes": 3}},
]
CSL_JSON = [
    {
        "id": "smith2020",
        "type": "article-journal",
        "title": "A CSL paper",
        "issued": {"date-parts": [[2020]]},
        "container-title": "Journal",
    }
]


def test_is_an_importer() -> None:
    importer: Importer = HuggingFaceJsonImporter()
    assert importer.name == "hf-json"


def test_daily_papers_items() -> None:
    text = json.dumps(DAILY, indent=2)
    result = HuggingFaceJsonImporter().parse(text)
    assert result.skipped == []
    first, second = result.drafts
    assert first.title == "A Paper With a Hard Line Break"
    assert first.abstract == "First line second line."
    assert first.authors == ["Ada Lovelace", "Alan Turing"]
    assert (first.arxiv_id, first.arxiv_version, first.year) == ("2401.12345", None, 2024)
    assert first.url == "https://huggingface.co/papers/2401.12345"
    assert first.source == "hf"
    assert first.extra == {
        "upvotes": 12,
        "discussion_id": "65ae0000aaaa",
        "github_repo": "https://github.com/example/repo",
    }
    assert first.line == 2
    assert (second.arxiv_id, second.title, second.extra["upvotes"]) == ("2402.00001", "Second", 3)
    assert second.line is not None
    assert first.line < second.line


def test_papers_api_single_object_and_list() -> None:
    importer = HuggingFaceJsonImporter()
    (single,) = importer.parse(json.dumps(PAPER)).drafts
    assert single.arxiv_id == "2401.12345"
    assert single.line == 1
    listed = importer.parse(json.dumps([PAPER, {**PAPER, "id": "2402.00002"}])).drafts
    assert [d.arxiv_id for d in listed] == ["2401.12345", "2402.00002"]


def test_items_without_paper_or_title_are_skipped() -> None:
    text = json.dumps([{"paper": {"id": "2401.00001"}}, 7, {"paper": "x"}, {"paper": PAPER}])
    result = HuggingFaceJsonImporter().parse(text)
    assert [d.arxiv_id for d in result.drafts] == ["2401.12345"]
    assert [s.reason for s in result.skipped] == [
        "item 1: paper without a title",
        "item 2 is not a paper object",
        "item 3: 'paper' is not an object",
    ]
    assert [s.line for s in result.skipped] == [1, 1, 1]


def test_invalid_json_names_its_line() -> None:
    with pytest.raises(ImportFormatError, match="not valid JSON") as info:
        HuggingFaceJsonImporter().parse('[\n  {"paper": {\n    "id": 1,,\n', source="hf.json")
    assert info.value.line == 3
    assert info.value.path == "hf.json"


def test_top_level_scalar_is_refused() -> None:
    with pytest.raises(ImportFormatError, match="expected an object or a list"):
        HuggingFaceJsonImporter().parse("42")


def test_sniff() -> None:
    importer = HuggingFaceJsonImporter()
    assert importer.sniff(json.dumps(DAILY)) >= 0.9
    assert importer.sniff(json.dumps(PAPER)) >= 0.9
    assert importer.sniff(json.dumps([PAPER])) >= 0.9
    assert importer.sniff(json.dumps(CSL_JSON)) <= 0.1
    assert importer.sniff('{"name": "package", "version": "1.0"}') <= 0.1
    assert importer.sniff("[]") <= 0.1
    assert importer.sniff("2401.12345\n") <= 0.1
    assert importer.sniff("[not json") <= 0.1
    assert importer.sniff('<feed xmlns="http://www.w3.org/2005/Atom"/>') <= 0.1


def test_shared_daily_papers_response() -> None:
    path = shared_file(API_JSON)
    text = decode_bytes(path.read_bytes(), path=str(path))
    importer = HuggingFaceJsonImporter()
    assert importer.sniff(text) >= 0.9
    result = importer.parse(text, source=str(path))
    assert result.skipped == []
    assert len(result.drafts) == 29
    raw = json.loads(text)
    for draft, item in zip(result.drafts, raw, strict=True):
        assert draft.arxiv_id == item["paper"]["id"]
        assert draft.title == item["title"]  # the top-level title is the collapsed one
        assert "\n" not in draft.title
        assert "  " not in draft.title
        assert draft.abstract
        assert "\n" not in draft.abstract
        assert draft.authors
        assert draft.year == 2024
        assert draft.url == f"https://huggingface.co/papers/{draft.arxiv_id}"
        assert draft.extra["upvotes"] == item["paper"]["upvotes"]
        assert draft.extra["discussion_id"] == item["paper"]["discussionId"]
    first = result.drafts[0]
    assert first.title == (
        "Breaking the Memory Barrier: Near Infinite Batch Size Scaling for Contrastive Loss"
    )
    assert first.arxiv_id == "2410.17243"

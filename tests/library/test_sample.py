"""The first-run sample library: it loads, fills every view, and loading it twice adds nothing."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from papershelf.core.errors import ImportFormatError
from papershelf.core.models import Paper, ReadingStatus
from papershelf.core.query import SortKey
from papershelf.library import Library
from papershelf.library.sample import SAMPLE_FILE_NAME, find_sample, load_sample

from tests.conftest import copy_library


def all_papers(lib: Library) -> list[Paper]:
    return lib.get_many(lib.list_ids())


def annotation_count(lib: Library) -> int:
    return sum(len(p.annotations) for p in all_papers(lib))


@pytest.fixture(scope="module")
def sample_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample loaded once per module (each load re-indexes after every edit: ~2 s)."""
    path = tmp_path_factory.mktemp("sample") / "lib"
    with Library.open(path) as lib:
        report = load_sample(lib)
        assert report.imported == 30
        assert report.merged == 0
        assert not report.skipped
        assert report.paper_ids == lib.list_ids(sort=SortKey.ADDED, descending=False)
    return path


@pytest.fixture
def loaded(sample_template: Path, tmp_path: Path) -> Iterator[Library]:
    lib = Library.open(copy_library(sample_template, tmp_path / "lib"))
    try:
        yield lib
    finally:
        lib.close()


def test_the_sample_file_is_found_in_the_checkout() -> None:
    path = find_sample()
    assert path is not None
    assert path.name == SAMPLE_FILE_NAME
    assert path.is_file()


def test_thirty_papers_each_with_title_authors_year_and_an_identifier(loaded: Library) -> None:
    papers = all_papers(loaded)
    assert len(papers) == 30
    for p in papers:
        assert p.title.strip()
        assert p.authors, p.title
        assert len(p.authors) <= 8, p.title
        assert p.year is not None, p.title
        assert p.venue, p.title
        assert p.arxiv_id or p.doi, p.title
        assert p.source == "sample"
        assert 1 <= len(p.tags) <= 3, p.title


def test_statuses_are_a_realistic_mix(loaded: Library) -> None:
    counts = Counter(p.status for p in all_papers(loaded))
    assert set(counts) == set(ReadingStatus)
    assert counts[ReadingStatus.TO_READ] > counts[ReadingStatus.READING]
    assert any(p.priority > 0 for p in all_papers(loaded))


def test_notes_and_annotations_are_present(loaded: Library) -> None:
    papers = all_papers(loaded)
    assert sum(1 for p in papers if p.note) >= 8
    assert sum(1 for p in papers if p.annotations) >= 3


def test_summaries_are_short(loaded: Library) -> None:
    for p in all_papers(loaded):
        assert p.abstract, p.title
        assert len(p.abstract) <= 300, p.title


def test_search_finds_the_transformer_paper_first(loaded: Library) -> None:
    hits = loaded.search("attention").hits
    assert hits
    assert loaded.get(hits[0].paper_id).title == "Attention Is All You Need"


def test_loading_twice_adds_no_papers_and_no_annotations(loaded: Library) -> None:
    notes_before = {p.id: p.note for p in all_papers(loaded)}
    annotations_before = annotation_count(loaded)
    report = load_sample(loaded)
    assert report.imported == 0
    assert report.merged == 30
    assert loaded.count() == 30
    assert annotation_count(loaded) == annotations_before
    assert {p.id: p.note for p in all_papers(loaded)} == notes_before


def test_a_users_own_note_survives_reloading(loaded: Library) -> None:
    pid = loaded.resolve("1706.03762")
    loaded.set_note(pid, "my own thoughts")
    load_sample(loaded)
    assert loaded.get(pid).note == "my own thoughts"


def test_a_missing_file_is_an_import_format_error(library: Library, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / SAMPLE_FILE_NAME
    with pytest.raises(ImportFormatError, match="nowhere"):
        load_sample(library, missing)
    assert library.count() == 0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "not valid JSON"),
        ("[]", "JSON object"),
        ('{"version": 2, "papers": []}', "version"),
        ('{"version": 1, "papers": []}', "non-empty"),
        ('{"version": 1, "papers": [{"authors": []}]}', "title"),
        ('{"version": 1, "papers": [{"title": "T", "status": "later"}]}', "unknown status"),
        ('{"version": 1, "papers": [{"title": "T", "priority": 9}]}', "priority"),
        ('{"version": 1, "papers": [{"title": "T", "arxiv_id": "x"}]}', "arXiv"),
        ('{"version": 1, "papers": [{"title": "T"}, {"title": "t"}]}', "same paper"),
    ],
)
def test_a_malformed_file_names_itself(
    library: Library, tmp_path: Path, content: str, message: str
) -> None:
    path = tmp_path / "broken-sample.json"
    path.write_text(content, "utf-8")
    with pytest.raises(ImportFormatError, match=message) as info:
        load_sample(library, path)
    assert "broken-sample.json" in str(info.value)
    assert library.count() == 0


def test_the_shipped_file_is_well_formed_json() -> None:
    path = find_sample()
    assert path is not None
    data = json.loads(path.read_text("utf-8"))
    assert data["version"] == 1
    assert data["description"]
    titles = [p["title"] for p in data["papers"]]
    assert len(titles) == len(set(titles)) == 30
    for paper in data["papers"]:
        for annotation in paper.get("annotations", []):
            assert len(annotation["quote"].split()) < 15

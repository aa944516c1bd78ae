"""Words inside Markdown markup (emphasis, code, links) are searchable like any other word."""

from __future__ import annotations

from pathlib import Path

import pytest
from papershelf.core.models import PaperDraft
from papershelf.library import Library
from papershelf.search import index, schema
from papershelf.search.schema import plain_analyzer, stemming_analyzer
from whoosh.analysis import Analyzer, CharsetFilter, LowercaseFilter, RegexTokenizer
from whoosh.support.charset import accent_map

NOTE = (
    "Check **ablation** in section 4. Compare with _warmup_ and *curriculum*, "
    "run `tokenizer` first, see [benchmark tables](https://example.org/tables) "
    "and __dropout__ too."
)

PREVIOUS_INDEX_VERSION = 3


def _previous_folding() -> Analyzer:
    return RegexTokenizer() | LowercaseFilter() | CharsetFilter(accent_map)


def ids(lib: Library, query: str) -> list[int]:
    return [h.paper_id for h in lib.search(query).hits]


@pytest.fixture
def noted(library: Library) -> tuple[Library, int, int]:
    first, other = library.import_drafts(
        [
            PaperDraft(title="Scaling laws for language models", authors=["Ann Author"]),
            PaperDraft(title="An unrelated paper", authors=["Bo Other"]),
        ]
    ).paper_ids
    library.set_note(first, NOTE)
    return library, first, other


@pytest.mark.parametrize(
    "query",
    [
        "ablation",
        "note:ablation",
        "notes:ablation",
        "warmup",
        "note:warmup",
        "curriculum",
        "note:curriculum",
        "tokenizer",
        "note:tokenizer",
        "benchmark",
        "note:tables",
        "dropout",
        "note:dropout",
        'note:"check ablation"',
    ],
)
def test_a_word_in_markdown_markup_is_found(noted: tuple[Library, int, int], query: str) -> None:
    lib, first, _ = noted
    assert ids(lib, query) == [first]


def test_the_snippet_marks_the_word_not_the_asterisks(noted: tuple[Library, int, int]) -> None:
    lib, first, _ = noted
    (hit,) = lib.search("note:ablation").hits
    assert hit.paper_id == first
    assert hit.snippet is not None
    marked = [hit.snippet.text[a:b] for a, b in hit.snippet.spans]
    assert marked == ["ablation"]


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("**ablation**", ["ablation"]),
        ("_italic_ *em* `code`", ["italic", "em", "code"]),
        ("[link text](url)", ["link", "text", "url"]),
        ("__bold__, ***both***", ["bold", "both"]),
        # What worked before keeps working: identifiers, arXiv ids, numbers, hyphens.
        ("snake_case_name", ["snake_case_name"]),
        ("2104.12255v1 and 10.5", ["2104.12255v1", "and", "10.5"]),
        ("self-attention", ["self", "attention"]),
        ("Stützle", ["stutzle"]),
    ],
)
def test_markup_splits_words_and_other_tokens_stay_whole(text: str, tokens: list[str]) -> None:
    assert [t.text for t in plain_analyzer()(text)] == tokens


def test_stemming_sees_the_bare_word() -> None:
    assert [t.text for t in stemming_analyzer()("**Ablations** of *models*")] == [
        "ablat",
        "model",
    ]


def test_an_index_built_by_the_previous_release_is_rebuilt(
    lib_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with monkeypatch.context() as old:
        # The previous release: Whoosh's default tokenizer (it keeps `*` and `_` in words)
        # and its index version.
        old.setattr(schema, "_folding", _previous_folding)
        old.setattr(index, "INDEX_VERSION", PREVIOUS_INDEX_VERSION)
        with Library.open(lib_path) as lib:
            (pid,) = lib.import_drafts([PaperDraft(title="A paper", authors=["A B"])]).paper_ids
            lib.set_note(pid, NOTE)
            assert ids(lib, "note:ablation") == []  # the bug this file is about
    assert schema.INDEX_VERSION != PREVIOUS_INDEX_VERSION
    with Library.open(lib_path) as lib:
        assert ids(lib, "note:ablation") == [pid]

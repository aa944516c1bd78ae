"""FastText indexes exactly the terms, positions and weights Whoosh's own analyzer gives.

Queries and highlighting still go through the Whoosh analyzer, so any difference would make
a paper unfindable by a word it contains: every field of the schema is compared on real
kinds of text and on random text, value for value and in the same order.
"""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from papershelf.core.models import PaperDraft
from papershelf.library import Library
from papershelf.search.fast_text import FastText
from papershelf.search.schema import build_schema
from whoosh.analysis import StripFilter
from whoosh.fields import TEXT

TEXTS = [
    "",
    " ",
    "the a of and to in",  # stop words only
    "The transformer, the attention and the model: a survey of the field",
    "Stützle and Stutzle; Ångström, naïve café, Łukasz Kaiser, Dvořák, Øresund",
    "İstanbul ǅemal ﬁne-tuning Straße ΣΊΣΥΦΟΣ καλημέρα 深度学习 模型",
    "arXiv 2104.12255v1, DOI 10.5555/12345.678, version 1.2.3, 3.14 and 42",
    "snake_case under__score _leading trailing_ __dunder__ a_b_c",
    "## Summary\n\n**ablation** in section 4; _warmup_ and *curriculum*, `tokenizer`,\n"
    "- [benchmark tables](https://example.org/tables)\n- __dropout__ too.",
    "model models modelling modeled model MODEL Model model",
    "x y z 1 2 3 a1 b2 x.y x..y .hidden trailing. -dash- 'quote' \"double\"",
    "supercalifragilisticexpialidocious antidisestablishmentarianism",
    "Soyeon Nielsen\nJulia L. Neumann\nKavya Hofmann\nreinforcement-learning\ngraph neural",
    "combining e\u0301 and precomposed é; zero\u200bwidth; tab\tand\r\nnewlines",
    "a " * 50 + "survey",
]

ALPHABET = st.sampled_from(
    list("abcdefghijklmnopqrstuvwxyzAEIOUÄÖÜßéèàçñøłİıǅﬁΣσς深学")
    + list("0123456789")
    + [" ", " ", " ", "\n", ".", "..", "_", "__", "-", "*", "`", "'", ",", ":", "#", "\u0301"]
    + ["the ", "and ", "of ", "a ", "to ", "is "]
)
RANDOM_TEXT = st.lists(ALPHABET, max_size=120).map("".join)

SCHEMA = build_schema()
TEXT_FIELDS = [name for name in SCHEMA.names() if isinstance(SCHEMA[name], FastText)]


def whoosh_terms(field: FastText, text: str) -> list[tuple[bytes, int, float, bytes]]:
    return list(TEXT.index(field, text))


def fast_terms(field: FastText, text: str) -> list[tuple[bytes, int, float, bytes]]:
    return list(field.index(text))


def test_every_text_field_of_the_schema_indexes_through_the_fast_path() -> None:
    assert set(TEXT_FIELDS) == {
        "title",
        "body",
        "authors",
        "tags",
        "notes",
        "annotations",
        "fulltext",
        "typing",
        "venue",
    }
    for name in TEXT_FIELDS:
        assert SCHEMA[name]._fast_plan() is not None, name


@pytest.mark.parametrize("name", TEXT_FIELDS)
@pytest.mark.parametrize("text", TEXTS)
def test_terms_positions_and_weights_equal_whooshs(name: str, text: str) -> None:
    field = SCHEMA[name]
    assert fast_terms(field, text) == whoosh_terms(field, text)


@pytest.mark.parametrize("name", TEXT_FIELDS)
@given(text=RANDOM_TEXT)
def test_random_text_gives_whooshs_terms(name: str, text: str) -> None:
    field = SCHEMA[name]
    assert fast_terms(field, text) == whoosh_terms(field, text)
    # Twice: the second time the words come from the memory of words seen.
    assert fast_terms(field, text) == whoosh_terms(field, text)


@given(text=RANDOM_TEXT)
def test_spelling_words_equal_whooshs(text: str) -> None:
    title = SCHEMA["title"]
    assert list(title.spellable_words(text)) == list(TEXT.spellable_words(title, text))


def test_an_unpickled_schema_keeps_the_fast_path_and_the_terms() -> None:
    # The schema is pickled into every index's table of contents and read back on open.
    state = SCHEMA["body"].__getstate__()
    assert "_fast" not in state
    copy = pickle.loads(pickle.dumps(SCHEMA))
    for name in TEXT_FIELDS:
        assert type(copy[name]) is FastText
        assert copy[name]._fast_plan() is not None
        for text in TEXTS:
            assert fast_terms(copy[name], text) == whoosh_terms(SCHEMA[name], text)


def test_an_unknown_analyzer_chain_takes_whooshs_path() -> None:
    analyzer = SCHEMA["body"].analyzer | StripFilter()
    field = FastText(analyzer=analyzer)
    assert field._fast_plan() is None
    for text in TEXTS:
        assert fast_terms(field, text) == whoosh_terms(field, text)


def test_words_with_accents_stop_words_and_ids_are_found_after_an_import(
    tmp_path: Path,
) -> None:
    lib = Library.open(tmp_path / "lib")
    try:
        [pid] = lib.import_drafts(
            [
                PaperDraft(
                    title="The Stützle heuristics for the travelling salesman",
                    authors=["Thomas Stützle", "Łukasz Kaiser"],
                    abstract="We revisit arXiv 2104.12255v1 with **ablation** studies.",
                )
            ]
        ).paper_ids
        lib.set_tags({pid: ["local-search"]})
        for query in (
            "stutzle",
            "Stützle heuristic",
            '"travelling salesman"',
            "title:heuristics",
            "author:lukasz",
            "tag:local",
            "2104.12255v1",
            "ablation",
            "abstract:studies",
        ):
            assert [h.paper_id for h in lib.search(query).hits] == [pid], query
        assert [h.paper_id for h in lib.search("stü", mode="typing").hits] == [pid]
    finally:
        lib.close()

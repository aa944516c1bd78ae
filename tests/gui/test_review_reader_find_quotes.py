"""`/` in the reader finds words with a typographic apostrophe or quote as typed on a keyboard:
"system's" found nothing in Keim2024, whose text has "system\u2019s" (41 such apostrophes)."""

from __future__ import annotations

from papershelf.gui.reader.search import find_all, pattern


def hits(query: str, text: str) -> list[str]:
    pat = pattern(query)
    assert pat is not None
    return [text[a:b] for a, b in find_all(pat, text)]


def test_a_typed_apostrophe_finds_a_typographic_one() -> None:
    text = "the documentation of the system\u2019s software architecture"
    assert hits("system's software", text) == ["system\u2019s software"]
    assert hits("system\u2019s", text) == ["system\u2019s"]


def test_typed_double_quotes_and_hyphens_find_typographic_ones() -> None:
    text = (
        "called \u201ctrace links\u201d in a non\u2011breaking state\u2010of\u2010the\u2010art way"
    )
    assert hits('"trace links"', text) == ["\u201ctrace links\u201d"]
    assert hits("non-breaking", text) == ["non\u2011breaking"]
    assert hits("state-of-the-art", text) == ["state\u2010of\u2010the\u2010art"]


def test_the_hits_keep_the_pages_own_indices_after_a_soft_hyphen() -> None:
    text = "arti\ufffefacts of the system\u2019s"
    pat = pattern("system's")
    assert pat is not None
    [(start, end)] = find_all(pat, text)
    assert (start, end) == (text.index("system"), len(text))

"""`/` in the reader finds a hyphenated compound broken at its hyphen across a line end:
the Bitcoin paper prints "proof-" / "of-work" on page 3, PDFium gives "proof\\ufffeof-work",
and "proof-of-work system" found nothing."""

from __future__ import annotations

from papershelf.gui.reader.search import find_all, pattern


def hits(query: str, text: str) -> list[str]:
    pat = pattern(query)
    assert pat is not None
    return [text[a:b] for a, b in find_all(pat, text)]


def test_a_compound_split_at_its_hyphen_is_found() -> None:
    text = "we will need to use a proof\ufffeof-work system similar to Hashcash"
    assert hits("proof-of-work system", text) == ["proof\ufffeof-work system"]


def test_a_compound_with_its_hyphen_and_a_line_break_is_found() -> None:
    text = "a peer-\r\nto-peer network"
    assert hits("peer-to-peer network", text) == ["peer-\r\nto-peer network"]


def test_hyphens_alone_and_plain_words_match_as_typed() -> None:
    text = "a - b -- c; state-of-the-art"
    assert hits("-", text) == ["-", "-", "-", "-", "-", "-"]
    assert hits("--", text) == ["--"]
    assert hits("state-of-the-art", text) == ["state-of-the-art"]
    assert hits("art", text) == ["art"]

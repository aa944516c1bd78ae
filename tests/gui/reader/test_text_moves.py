"""Moving a selection's caret over PDFium's page text, and finding text across lines."""

from __future__ import annotations

import pytest
from papershelf.gui.reader import selection as s
from papershelf.gui.reader.search import find_all, pattern

TEXT = "The quick brown fox\r\njumps over the lazy dog.\r\nEnd"


def at(word: str) -> int:
    return TEXT.index(word)


@pytest.mark.parametrize(
    ("move", "start", "expected"),
    [
        (s.word_forward, at("quick"), at("quick") + len("quick")),
        (s.word_forward, at("quick") + len("quick"), at("brown") + len("brown")),
        (s.word_forward, at("fox") + 3, at("jumps") + len("jumps")),  # over the line break
        (s.word_back, at("brown") + 2, at("brown")),
        (s.word_back, at("brown"), at("quick")),
        (s.line_end, at("quick"), at("fox") + 3),
        (s.line_end, at("fox") + 3, at("dog.") + 4),  # at a line's end: the next one's
        (s.line_start, at("over"), at("jumps")),
        (s.line_down, at("quick"), at("jumps") + at("quick")),  # the same column
        (s.line_down, at("lazy"), len(TEXT)),  # "End" is shorter: its end
        (s.line_up, at("over"), at("over") - at("jumps")),
        (s.line_up, at("quick"), 0),
    ],
)
def test_caret_moves(move: object, start: int, expected: int) -> None:
    assert callable(move)
    assert move(TEXT, start) == expected


def test_a_selection_keeps_its_anchor() -> None:
    sel = s.TextSelection(0, 10, 15).moved(4)
    assert (sel.start, sel.end, sel.anchor, sel.caret) == (4, 10, 10, 4)


def test_a_quote_joins_lines_and_hyphenated_words() -> None:
    assert s.quote_text("arti\ufffefacts at\r\ndiffer-\r\nent  levels ") == (
        "artifacts at different levels"
    )


def test_find_crosses_lines_and_soft_hyphens_and_ignores_case() -> None:
    text = "various arti\ufffefacts at\r\nDifferent levels"
    pat = pattern("artifacts at different")
    assert pat is not None
    [(start, end)] = find_all(pat, text)
    assert text[start:end] == "arti\ufffefacts at\r\nDifferent"
    assert pattern("   ") is None

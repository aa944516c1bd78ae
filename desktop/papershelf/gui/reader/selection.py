"""Selecting text with keys: a caret that moves by word and by line over a page's text.

Pure functions over the page text PDFium gives (`getAllText`, whose lines end in CR LF), so
they are tested without a window. A selection is an anchor and a caret (character
indices of one page); the caret moves, the anchor stays.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from papershelf.pdf.extract import join_broken_words

_WORD = re.compile(r"\w+|[^\w\s]+")
_BREAK = re.compile(r"\r?\n")


@dataclass(frozen=True)
class TextSelection:
    """Characters [start, end) of one page; `caret` is the end keys move."""

    page: int
    anchor: int
    caret: int

    @property
    def start(self) -> int:
        return min(self.anchor, self.caret)

    @property
    def end(self) -> int:
        return max(self.anchor, self.caret)

    @property
    def empty(self) -> bool:
        return self.anchor == self.caret

    def moved(self, caret: int) -> TextSelection:
        return replace(self, caret=caret)


def word_forward(text: str, i: int) -> int:
    """The end of the next word that ends after `i` (a selection grows a whole word)."""
    for m in _WORD.finditer(text):
        if m.end() > i:
            return m.end()
    return len(text)


def word_back(text: str, i: int) -> int:
    """The start of the word before `i`."""
    start = 0
    for m in _WORD.finditer(text):
        if m.start() >= i:
            break
        start = m.start()
    return start


def _line_bounds(text: str, i: int) -> tuple[int, int]:
    """(start, end) of the line holding `i`; the end is before its line break."""
    start = text.rfind("\n", 0, i) + 1
    found = _BREAK.search(text, i)
    return start, found.start() if found else len(text)


def line_end(text: str, i: int) -> int:
    """The end of the line (before its break), or of the next line when already there."""
    _, end = _line_bounds(text, i)
    if end == i and i < len(text):
        _, end = _line_bounds(text, _skip_break(text, i))
    return end


def line_start(text: str, i: int) -> int:
    start, _ = _line_bounds(text, i)
    return start


def _skip_break(text: str, i: int) -> int:
    if text.startswith("\r\n", i):
        return i + 2
    return i + 1 if text.startswith("\n", i) else i


def line_down(text: str, i: int) -> int:
    """The same column one line down (or that line's end when it is shorter)."""
    start, end = _line_bounds(text, i)
    if end >= len(text):
        return len(text)
    next_start = _skip_break(text, end)
    _, next_end = _line_bounds(text, next_start)
    return min(next_start + (i - start), next_end)


def line_up(text: str, i: int) -> int:
    """The same column one line up (or that line's end when it is shorter)."""
    start, _ = _line_bounds(text, i)
    if start == 0:
        return 0
    prev_end = start - 2 if text[max(0, start - 2) : start] == "\r\n" else start - 1
    prev_start, _ = _line_bounds(text, prev_end)
    return min(prev_start + (i - start), prev_end)


SOFT_HYPHENS = "\ufffe\u00ad"
"""PDFium marks a word hyphenated at a line end with U+FFFE (and joins the lines)."""


_HARD_BREAK = re.compile(r"-\r?\n")


def quote_text(text: str) -> str:
    """The selected text as a quote: lines joined, a word hyphenated at a line end joined.

    In a compound with another hyphen ("proof-" / "of-work") the line-end hyphen is kept:
    TeX breaks such a word only at its own hyphens (as `pdf.extract.pdfium_text` does).
    Linear in the text's length (no backtracking over a long run without spaces).
    """
    text = join_broken_words(text.replace("\u00ad", "\ufffe").split("\ufffe"), soft=True)
    text = join_broken_words(_HARD_BREAK.split(text), soft=False)
    return re.sub(r"\s+", " ", text).strip()

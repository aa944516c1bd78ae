"""Finding text in the open PDF, a few pages per event-loop turn so the window never stalls.

Matching is on PDFium's page text: case-insensitive, and a space in the query matches any
run of white space or a line break (also a hyphen that splits a word at a line end), so a
phrase found in the PDF is found across lines; a hyphen inside a query word also matches
where PDFium took a compound's line-end hyphen for a word split ("proof-" / "of-work").
Hits keep their character indices, so a selection can start at one (`v`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from PySide6.QtCore import QObject, QRectF, QTimer, Signal

from papershelf.gui.reader.document import ReaderDocument
from papershelf.gui.reader.selection import SOFT_HYPHENS

PAGES_PER_TURN = 8


@dataclass(frozen=True)
class Hit:
    page: int
    start: int
    end: int


_FOLD = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u2010": "-",
        "\u2011": "-",
    }
)
"""Typographic quotes and hyphens as typed on a keyboard (one character for one, so a hit's
indices stay the page's), as pdf.js's find folds them: "system's" finds "system\u2019s"."""


def pattern(query: str) -> re.Pattern[str] | None:
    words = query.translate(_FOLD).split()
    if not words:
        return None
    joined = r"(?:\s+|-\r?\n)".join(_word(w) for w in words)
    return re.compile(joined, re.IGNORECASE)


def _word(word: str) -> str:
    """A query word; a hyphen inside it also matches one PDFium dropped at a line end.

    "proof-of-work" printed as "proof-" / "of-work" is "proof\ufffeof-work" in PDFium's
    text, "proofof-work" once the mark is gone (`searchable`): the hyphen the reader sees
    there may be missing, or followed by the line break.
    """
    parts = word.split("-")
    if len(parts) < 2 or not all(parts):
        return re.escape(word)
    return r"(?:-\r?\n|-)?".join(re.escape(p) for p in parts)


def searchable(text: str) -> tuple[str, list[int]]:
    """The page text without soft hyphens, quotes folded, and where each character came from.

    PDFium writes a word hyphenated at a line end as "arti\ufffefacts"; without the mark
    "artifacts" is found, and the hit maps back to the page's own character indices.
    """
    kept = [i for i, c in enumerate(text) if c not in SOFT_HYPHENS]
    return "".join(text[i] for i in kept).translate(_FOLD), [*kept, len(text)]


def find_all(pat: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    """(start, end) of every match, as indices into `text`."""
    plain, origin = searchable(text)
    return [(origin[m.start()], origin[m.end() - 1] + 1) for m in pat.finditer(plain) if m.end()]


class DocumentSearch(QObject):
    """The hits of one query in one document, found page by page from a starting page."""

    sig_hits = Signal()
    """More hits were found (or the search was cleared)."""

    sig_done = Signal()
    """Every page has been searched."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.hits: list[Hit] = []
        self.query = ""
        self._doc: ReaderDocument | None = None
        self._pattern: re.Pattern[str] | None = None
        self._order: list[int] = []
        self._boxes: dict[Hit, tuple[QRectF, ...]] = {}
        self._timer = QTimer(self)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._turn)

    def start(self, doc: ReaderDocument, query: str, from_page: int = 0) -> None:
        self.clear()
        self.query = query
        self._doc = doc
        self._pattern = pattern(query)
        if self._pattern is None:
            return
        n = doc.page_count
        self._order = [(from_page + i) % n for i in range(n)]
        self._turn()
        if self._order:
            self._timer.start()

    def clear(self) -> None:
        self._timer.stop()
        self.hits = []
        self._boxes = {}
        self._order = []
        self.query = ""
        self.sig_hits.emit()

    @property
    def done(self) -> bool:
        return not self._order

    def _turn(self) -> None:
        doc, pat = self._doc, self._pattern
        if doc is None or pat is None:
            return
        found = False
        for _ in range(min(PAGES_PER_TURN, len(self._order))):
            page = self._order.pop(0)
            for start, end in find_all(pat, doc.text(page)):
                self.hits.append(Hit(page, start, end))
                found = True
        if found:
            self.hits.sort(key=lambda h: (h.page, h.start))
            self.sig_hits.emit()
        if not self._order:
            self._timer.stop()
            self.sig_done.emit()

    def boxes(self, hit: Hit) -> tuple[QRectF, ...]:
        """The hit's boxes in points (asked only for hits on screen: each costs a text load)."""
        if hit not in self._boxes and self._doc is not None:
            self._boxes[hit] = self._doc.span(hit.page, hit.start, hit.end).boxes
        return self._boxes.get(hit, ())

    def known_boxes(self, hit: Hit) -> tuple[QRectF, ...] | None:
        """The hit's boxes if already measured (None: `boxes` would ask PDFium)."""
        return self._boxes.get(hit)

    def on_page(self, page: int) -> list[Hit]:
        return [h for h in self.hits if h.page == page]

    def next_after(self, page: int, index: int, step: int) -> int | None:
        """The index in `hits` of the next hit after (page, char index), wrapping around."""
        if not self.hits:
            return None
        keys = [(h.page, h.start) for h in self.hits]
        if step > 0:
            for i, key in enumerate(keys):
                if key > (page, index):
                    return i
            return 0
        for i in range(len(keys) - 1, -1, -1):
            if keys[i] < (page, index):
                return i
        return len(keys) - 1

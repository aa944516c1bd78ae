"""Cutting text to a width at a word boundary, ending with "…" (titles, snippets, tags)."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics

if TYPE_CHECKING:
    from papershelf.core.results import Snippet


ELLIPSIS = "…"


def elide_words(text: str, metrics: QFontMetrics, width: int) -> str:
    """`text` if it fits in `width` pixels, else its longest word-boundary prefix plus "…".

    A text whose first word does not fit (a URL, a long compound) is cut inside it rather
    than shown as "…" alone.
    """
    if width <= 0:
        return ""
    if metrics.horizontalAdvance(text) <= width:
        return text
    # Qt finds the longest prefix that fits (one call in C++); we move it back to a word.
    elided = metrics.elidedText(text, Qt.TextElideMode.ElideRight, width)
    lo = len(elided) - 1 if elided.endswith(ELLIPSIS) else len(elided)
    if lo <= 0:
        return ""
    fit = text[:lo]
    cut = fit.rstrip()
    if lo < len(text) and not text[lo].isspace():
        space = max(cut.rfind(" "), cut.rfind("-") + 1 if "-" in cut else -1)
        if space > 0:
            cut = cut[:space]
    return cut.rstrip(" ,;:&-–—") + ELLIPSIS


def elide_snippet(snippet: Snippet, metrics: QFontMetrics, width: int) -> Snippet:
    """The snippet cut like `elide_words`, its marks kept up to the cut."""
    text = elide_words(snippet.text, metrics, width)
    if text == snippet.text:
        return snippet
    end = len(text) - len(ELLIPSIS)
    spans = tuple((a, min(b, end)) for a, b in snippet.spans if a < end)
    return replace(snippet, text=text, spans=spans)

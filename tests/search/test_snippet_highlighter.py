"""Snippets cut with remembered word analyses are exactly Whoosh's own highlights."""

from __future__ import annotations

import pytest
from papershelf.search.index import _Highlighter, _mark_formatter
from papershelf.search.schema import stemming_analyzer
from whoosh import highlight

TEXTS = [
    "Diffusion models for tabular data: the models diffuse noise, then denoise it again.",
    "Stützle's l'été — Müller and Stutzle on ant colonies; STÜTZLE again.",
    "Version 2104.12255v1 of snake_case **bold** _emphasis_ words, and the of a an.",
    "Ωμέγα déjà-vu: naïve café résumé, coöperation.",
    " ".join(["filler"] * 120) + " distillation " + " ".join(["filler"] * 120) + " student",
    "",
]
TERMS = [
    frozenset({"diffus", "model"}),
    frozenset({"stutzl", "muller", "ete"}),
    frozenset({"2104.12255v1", "snake_case", "bold", "emphasi", "the"}),
    frozenset({"cafe", "resum", "naiv"}),
    frozenset({"distil", "student"}),
    frozenset({"anything"}),
]


@pytest.mark.parametrize("top", [1, 2])
@pytest.mark.parametrize(("text", "terms"), list(zip(TEXTS, TERMS, strict=True)))
def test_same_marks_as_whoosh(text: str, terms: frozenset[str], top: int) -> None:
    analyzer = stemming_analyzer()
    fragmenter = highlight.ContextFragmenter(maxchars=240, surround=60)
    expected = highlight.highlight(text, terms, analyzer, fragmenter, _mark_formatter(), top=top)
    fast = _Highlighter(analyzer)
    assert fast(text, terms, fragmenter, top) == str(expected)
    assert fast(text, terms, fragmenter, top) == str(expected)  # again, from remembered words


def test_marks_are_found_in_the_text() -> None:
    fast = _Highlighter(stemming_analyzer())
    marked = fast(TEXTS[0], TERMS[0], highlight.ContextFragmenter(maxchars=240, surround=60), 2)
    assert "\x02Diffusion\x03" in marked
    assert "\x02models\x03" in marked

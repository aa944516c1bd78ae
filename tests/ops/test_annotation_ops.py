"""Highlights as annotations: add, edit, delete, each undone and redone exactly (no Qt)."""

from __future__ import annotations

import pytest
from papershelf.core.changes import PaperField
from papershelf.core.errors import InvalidInputError, NotFoundError
from papershelf.library import Library
from papershelf.library.ops import (
    AddAnnotation,
    AddHighlight,
    DeleteAnnotation,
    EditAnnotation,
)
from papershelf.library.undo import UndoHistory, run

from tests.ops.helpers import add_papers, round_trip, shown

RECTS = ((72.0, 700.0, 300.0, 712.0), (72.0, 686.0, 180.5, 698.0))


def _highlight(paper_id: int, **overrides: object) -> AddHighlight:
    fields: dict[str, object] = {
        "paper_id": paper_id,
        "attachment_id": None,
        "text": "attention is all\nyou need",
        "page_index": 2,
        "page_label": "iii",
        "rects": RECTS,
    }
    fields.update(overrides)
    return AddHighlight(**fields)  # type: ignore[arg-type]


def test_add_highlight_round_trip_keeps_place_colour_and_comment(library: Library) -> None:
    (a,) = add_papers(library, 1)

    def state() -> object:
        return shown(library, a)["annotations"]

    op = _highlight(a, color="#5FB236", comment="key claim")
    result, before, after = round_trip(library, op, state)
    assert before == []
    (shown_one,) = after
    assert shown_one["id"] == result.value
    assert shown_one["type"] == "highlight"
    assert shown_one["text"] == "attention is all you need"  # line breaks folded
    assert (shown_one["page_index"], shown_one["page_label"], shown_one["page"]) == (2, "iii", 3)
    assert shown_one["rects"] == [list(r) for r in RECTS]
    assert (shown_one["color"], shown_one["comment"]) == ("#5fb236", "key claim")
    assert shown_one["external"] is False
    assert result.changes.papers == {a}
    assert result.changes.fields == {PaperField.ANNOTATIONS}
    stored = library.annotation(result.value)
    assert stored.sort_index.startswith("00002|000000|")


def test_a_numeric_page_label_is_the_printed_page(library: Library) -> None:
    (a,) = add_papers(library, 1)
    aid = run(library, _highlight(a, page_index=0, page_label="117")).value
    assert library.annotation(aid).page == 117


def test_edit_comment_and_colour_is_undone_to_the_previous_values(library: Library) -> None:
    (a,) = add_papers(library, 1)
    aid = run(library, _highlight(a, comment="first")).value

    def state() -> object:
        got = library.annotation(aid)
        return (got.comment, got.color)

    _, before, after = round_trip(library, EditAnnotation(aid, comment="second"), state)
    assert (before, after) == (("first", "#ffd400"), ("second", "#ffd400"))
    _, before, after = round_trip(library, EditAnnotation(aid, color="Blue"), state)
    assert after == ("second", "#2ea8e5")
    _, _, after = round_trip(library, EditAnnotation(aid, comment="", color="#ff6666"), state)
    assert after == (None, "#ff6666")
    assert library.annotation(aid).updated_at is not None


def test_an_edit_that_changes_nothing_is_no_undo_step(library: Library) -> None:
    (a,) = add_papers(library, 1)
    aid = run(library, _highlight(a, comment="same")).value
    history = UndoHistory()
    assert not run(library, EditAnnotation(aid, comment="same"), history).changes
    assert not run(library, EditAnnotation(aid), history).changes
    assert not history.can_undo()


def test_deleting_a_highlight_is_undone_with_every_field(library: Library) -> None:
    (a,) = add_papers(library, 1)
    library.annotate(a, "typed quote", 4)
    aid = run(library, _highlight(a, comment="why", color="#a28ae5", kind="underline")).value
    library.annotate(a, "another quote")

    def state() -> object:
        return shown(library, a)["annotations"]

    original = library.annotation(aid)
    result, before, after = round_trip(library, DeleteAnnotation(aid), state)
    assert [x["text"] for x in after] == ["typed quote", "another quote"]
    assert before[1]["id"] == aid
    assert before[1]["type"] == "underline"
    assert result.value == original
    run(library, result.undo)  # type: ignore[arg-type]
    assert library.annotation(aid) == original  # sort index, times and all


def test_typed_quotes_keep_their_kind_and_have_no_place(library: Library) -> None:
    (a,) = add_papers(library, 1)
    aid = run(library, AddAnnotation(a, "typed", 5, "c")).value
    quote = library.annotation(aid)
    assert (quote.kind, quote.page, quote.page_index, quote.rects) == ("quote", 5, None, ())
    assert quote.color is None


def test_refused_highlights_change_nothing(library: Library) -> None:
    (a,) = add_papers(library, 1)
    history = UndoHistory()
    with pytest.raises(InvalidInputError, match="colour"):
        run(library, _highlight(a, color="chartreuse-ish"), history)
    with pytest.raises(InvalidInputError, match="kind"):
        run(library, _highlight(a, kind="scribble"), history)
    with pytest.raises(InvalidInputError, match="page index"):
        run(library, _highlight(a, page_index=-1), history)
    with pytest.raises(InvalidInputError, match="needs the text"):
        run(library, _highlight(a, text="  "), history)
    with pytest.raises(InvalidInputError, match="four numbers"):
        run(library, _highlight(a, rects=((1.0, 2.0, 3.0),)), history)
    with pytest.raises(NotFoundError):
        run(library, _highlight(999), history)
    with pytest.raises(NotFoundError):
        run(library, EditAnnotation(4242, comment="x"), history)
    assert library.get(a).annotations == []
    assert not history.can_undo()


def test_a_new_highlight_is_found_with_the_annotation_prefix(library: Library) -> None:
    a, b = add_papers(library, 2)
    run(library, _highlight(a, text="gradient checkpointing saves memory", comment="zebrafish"))
    assert [h.paper_id for h in library.search("annotation:checkpointing").hits] == [a]
    assert [h.paper_id for h in library.search("annotation:zebrafish").hits] == [a]
    assert library.search("annotation:attention").hits == []
    assert b not in [h.paper_id for h in library.search("checkpointing").hits]

"""Shared checks for the op tests: apply, undo, redo, each seen as the user sees it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from papershelf.library import Library
from papershelf.library.ops import Op, OpResult
from papershelf.library.undo import UndoHistory, run

from tests.conftest import make_draft


def add_papers(lib: Library, n: int, start: int = 1) -> list[int]:
    return lib.import_drafts([make_draft(i) for i in range(start, start + n)]).paper_ids


def shown(lib: Library, paper_id: int) -> dict[str, Any]:
    """A paper as the user sees it (the modification time aside)."""
    paper = lib.get(paper_id)
    data = paper.to_json()
    del data["updated_at"]
    data["extra"] = paper.extra
    return data


def round_trip(
    lib: Library, op: Op, state: Callable[[], object], history: UndoHistory | None = None
) -> tuple[OpResult, Any, Any]:
    """Apply `op`, undo, redo, undo, redo: the state must flip exactly between before/after.

    Returns the op's result and the states before and after it.
    """
    history = history if history is not None else UndoHistory()
    before = state()
    result = run(lib, op, history)
    after = state()
    assert result.changes, "the op says nothing changed"
    assert after != before, "the op changed nothing the test can see"
    assert history.undo_label() == result.label
    for _ in range(2):
        undone = history.undo(lib)
        assert undone is not None
        assert undone.changes
        assert undone.label == result.label
        assert state() == before
        assert history.redo_label() == result.label
        redone = history.redo(lib)
        assert redone is not None
        assert state() == after
        assert history.undo_label() == result.label
    return result, before, after

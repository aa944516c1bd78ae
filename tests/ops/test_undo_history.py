"""UndoHistory without Qt: record, undo, redo, merging, the limit, refusals, callbacks."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import cast

import pytest
from papershelf.core.changes import ChangeSet
from papershelf.core.errors import InvalidInputError, NotFoundError, StorageError
from papershelf.library import Library
from papershelf.library.ops import OpResult, SaveNote, SetPriority
from papershelf.library.undo import UndoHistory, run

from tests.ops.helpers import add_papers


@dataclass
class Box:
    """Stands in for a Library (ops only hand it to themselves): one value, and an error
    to raise on the next apply."""

    value: int = 0
    fail: Exception | None = None
    log: list[str] = field(default_factory=list)

    def as_library(self) -> Library:
        """This Box where UndoHistory wants a Library: it only passes it on to SetValue."""
        return cast(Library, self)


@dataclass(frozen=True)
class SetValue:
    value: int
    label: str = "Set value"
    key: object = None

    def apply(self, lib: Library | Box) -> OpResult:
        assert isinstance(lib, Box)
        if lib.fail is not None:
            error, lib.fail = lib.fail, None
            raise error
        old, lib.value = lib.value, self.value
        lib.log.append(f"{old}->{self.value}")
        if old == self.value:
            return OpResult.nothing(self.label)
        return OpResult(
            ChangeSet(inbox=True), SetValue(old, self.label, self.key), self.label, None, self.key
        )


def test_undo_and_redo_walk_the_steps(library: Library) -> None:
    a, _ = add_papers(library, 2)
    history = UndoHistory()
    assert (history.can_undo(), history.can_redo()) == (False, False)
    assert history.undo(library) is None
    assert history.redo(library) is None
    run(library, SetPriority((a,), 1), history)
    run(library, SetPriority((a,), 2), history)
    assert history.undo_label() == "Set priority 2"
    assert history.redo_label() is None
    undone = history.undo(library)
    assert undone is not None
    assert undone.changes.papers == {a}
    assert library.get(a).priority == 1
    assert (history.undo_label(), history.redo_label()) == ("Set priority 1", "Set priority 2")
    history.undo(library)
    assert library.get(a).priority == 0
    assert not history.can_undo()
    history.redo(library)
    history.redo(library)
    assert library.get(a).priority == 2
    assert not history.can_redo()
    # A new change after an undo drops the redo steps.
    history.undo(library)
    run(library, SetPriority((a,), 3), history)
    assert not history.can_redo()
    assert len(history) == 2


def test_the_history_keeps_at_most_its_limit() -> None:
    box, history = Box(), UndoHistory(limit=3)
    for n in range(1, 6):
        history.record(SetValue(n).apply(box))
    assert len(history) == 3
    while history.can_undo():
        history.undo(box.as_library())
    assert box.value == 2  # the two oldest steps were dropped
    assert not history.record(OpResult.nothing("nothing"))
    assert UndoHistory().limit == 200


def test_merging_keeps_the_first_undo_and_the_latest_redo() -> None:
    box, history = Box(), UndoHistory()
    for n in (1, 2, 3):
        history.record(SetValue(n, key="k").apply(box))
    assert len(history) == 1
    history.undo(box.as_library())
    assert box.value == 0
    history.redo(box.as_library())
    assert box.value == 3
    # After an undo or redo, a save with the same key is a step of its own.
    history.record(SetValue(4, key="k").apply(box))
    assert len(history) == 2
    history.record(SetValue(5, key="other").apply(box))
    history.record(SetValue(6, key=None).apply(box))
    history.record(SetValue(7, key=None).apply(box))
    assert len(history) == 5


def test_a_busy_library_keeps_the_step_a_gone_target_drops_it() -> None:
    box, history = Box(), UndoHistory()
    history.record(SetValue(1).apply(box))
    history.record(SetValue(2).apply(box))
    box.fail = StorageError("the library is busy")
    with pytest.raises(StorageError):
        history.undo(box.as_library())
    assert len(history) == 2  # try again later
    box.fail = NotFoundError("no paper with id 3")
    with pytest.raises(NotFoundError):
        history.undo(box.as_library())
    assert len(history) == 1  # that step can never apply again; the older one still can
    assert not history.can_redo()
    history.undo(box.as_library())
    assert box.value == 0


def test_a_refused_op_leaves_no_undo_entry(library: Library) -> None:
    (a,) = add_papers(library, 1)
    history = UndoHistory()
    calls: list[int] = []
    history.on_change.append(lambda: calls.append(len(history)))
    with pytest.raises(InvalidInputError):
        run(library, SetPriority((a,), 7), history)
    assert not history.can_undo()
    assert calls == []


def test_on_change_hears_every_change_of_the_history(library: Library) -> None:
    (a,) = add_papers(library, 1)
    history = UndoHistory()
    heard: list[tuple[str | None, str | None]] = []
    history.on_change.append(lambda: heard.append((history.undo_label(), history.redo_label())))
    run(library, SaveNote(a, "x"), history)
    run(library, SaveNote(a, "xy"), history)  # merged: still heard (the menu may retitle)
    history.undo(library)
    history.redo(library)
    history.clear()
    assert heard == [
        ("Edit note", None),
        ("Edit note", None),
        (None, "Edit note"),
        ("Edit note", None),
        (None, None),
    ]
    assert library.get(a).note == "xy"

"""Status, priority, trash, citation key and merge as undoable operations."""

from __future__ import annotations

import pytest
from papershelf.core.changes import PaperField
from papershelf.core.errors import InvalidInputError, NotFoundError
from papershelf.core.models import ReadingStatus
from papershelf.library import Library
from papershelf.library.ops import (
    ChangePriority,
    MergePapers,
    RestorePapers,
    SetCitationKey,
    SetPriority,
    SetStatus,
    TrashPapers,
)
from papershelf.library.undo import UndoHistory, run

from tests.ops.helpers import add_papers, round_trip, shown


def test_set_status_marks_papers_and_undo_forgets_the_reading_history(library: Library) -> None:
    a, b, c = add_papers(library, 3)
    library.set_status(b, ReadingStatus.READING)
    op = SetStatus((a, b), ReadingStatus.READ)
    assert op.label == "Mark 2 papers as Read"
    assert SetStatus((a,), ReadingStatus.TO_READ).label == "Mark paper as To read"

    def state() -> object:
        return (
            [shown(library, p) for p in (a, b, c)],
            library.status_marks([a, b, c]),
            library.stats()["finished_last_30_days"],
        )

    result, before, _ = round_trip(library, op, state)
    assert result.changes.papers == {a, b}
    assert result.changes.fields == {PaperField.STATUS}
    assert result.changes.counts
    assert not result.changes.membership
    assert set(library.list_ids(status=ReadingStatus.READ)) == {a, b}
    assert before[2] == 0  # undone, the papers were never finished: statistics agree
    history = UndoHistory()
    run(library, SetStatus((c,), ReadingStatus.READ), history)
    assert library.stats()["finished_last_30_days"] == 3
    history.undo(library)
    assert library.stats()["finished_last_30_days"] == 2
    assert library.get(c).status is ReadingStatus.TO_READ


def test_status_already_set_is_no_undo_step(library: Library) -> None:
    (a,) = add_papers(library, 1)
    history = UndoHistory()
    result = run(library, SetStatus((a,), ReadingStatus.TO_READ), history)
    assert not result.changes
    assert result.undo is None
    assert not history.can_undo()


def test_priority_set_raise_and_lower_are_undone_exactly(library: Library) -> None:
    a, b = add_papers(library, 2)
    library.set_priorities({a: 1, b: 3})

    def state() -> object:
        return (library.get(a).priority, library.get(b).priority)

    result, _, after = round_trip(library, SetPriority((a, b), 2), state)
    assert after == (2, 2)
    assert result.label == "Set priority of 2 papers to 2"
    assert SetPriority((a,), 2).label == "Set priority 2"
    assert result.changes.fields == {PaperField.PRIORITY}

    library.set_priorities({a: 1, b: 3})
    result, _, after = round_trip(library, ChangePriority((a, b), +1), state)
    assert after == (2, 3)  # 3 stays 3
    assert result.changes.papers == {a}
    assert result.label == "Raise priority"
    _, _, after = round_trip(library, ChangePriority((a, b), -1), state)
    assert after == (1, 2)

    history = UndoHistory()
    library.set_priorities({a: 3, b: 3})
    assert not run(library, ChangePriority((a, b), +1), history).changes
    assert not history.can_undo()


def test_refused_priority_changes_nothing_and_records_nothing(library: Library) -> None:
    a, b = add_papers(library, 2)
    history = UndoHistory()
    with pytest.raises(InvalidInputError):
        run(library, SetPriority((a, b), 9), history)
    with pytest.raises(NotFoundError):
        run(library, SetPriority((a, 999), 2), history)
    with pytest.raises(NotFoundError):
        run(library, SetStatus((a, 999), ReadingStatus.READ), history)
    assert library.get(a).priority == 0
    assert library.get(a).status is ReadingStatus.TO_READ
    assert not history.can_undo()


def test_trash_and_restore_round_trip_keeping_when_papers_were_trashed(
    library: Library,
) -> None:
    a, b, c = add_papers(library, 3)
    library.trash([c])
    trashed_at = library.get(c).trashed_at

    def state() -> object:
        return (set(library.list_ids()), set(library.list_ids(trashed=True)), shown(library, c))

    result, _, after = round_trip(library, TrashPapers((a, c)), state)
    assert after[:2] == ({b}, {a, c})
    assert result.changes.papers == {a}  # c was in the trash already
    assert result.changes.membership
    assert result.changes.counts
    assert result.label == "Move 2 papers to the trash"

    result, before, after = round_trip(library, RestorePapers((a, c)), state)
    assert after[:2] == ({a, b, c}, set())
    # Undoing the restore (checked against `before`) put c back trashed since that moment.
    assert before[2]["trashed_at"] == trashed_at


def test_citation_key_set_and_reset_are_undone(library: Library) -> None:
    a, b = add_papers(library, 2)
    generated = library.citation_key(a)

    def state() -> object:
        return library.citation_key(a), shown(library, a)

    result, _, after = round_trip(library, SetCitationKey(a, "mine2024"), state)
    assert after[0] == "mine2024"
    assert result.changes.fields == {PaperField.CITATION_KEY}
    _, before, after = round_trip(library, SetCitationKey(a, None), state)
    assert (before[0], after[0]) == ("mine2024", generated)
    history = UndoHistory()
    run(library, SetCitationKey(a, "mine2024"), history)
    with pytest.raises(InvalidInputError):  # a has it
        run(library, SetCitationKey(b, "mine2024"), history)
    assert history.undo_label() == "Set citation key"
    assert len(history) == 1


def test_merge_is_applied_but_not_undoable(library: Library) -> None:
    a, b = add_papers(library, 2)
    library.set_note(b, "from the duplicate")
    history = UndoHistory()
    result = run(library, MergePapers(a, b), history)
    assert not library.exists(b)
    assert library.merged_into(b) == a
    assert library.get(a).note == "from the duplicate"
    assert result.changes.membership
    assert result.changes.papers == {a, b}
    assert result.undo is None
    assert not history.can_undo()

"""Inbox triage as operations: add, read, dismiss, later; each undone and redone."""

from __future__ import annotations

import pytest
from papershelf.core.errors import InvalidInputError
from papershelf.core.models import ReadingStatus
from papershelf.library import Library
from papershelf.library.inbox import TriageAction, add_feed, inbox_ids, inbox_items, store
from papershelf.library.ops import MarkSeen, Triage
from papershelf.library.undo import UndoHistory, run
from papershelf.storage.inbox import Candidate, ItemState

from tests.conftest import make_draft


@pytest.fixture
def inbox(library: Library) -> list[int]:
    feed = add_feed(library, "arxiv:cs.LG")
    drafts = [make_draft(n, arxiv_id=f"2401.0000{n}") for n in range(1, 5)]
    store(library).ingest(feed.id, [Candidate(d) for d in drafts])
    return inbox_ids(library)


def state(lib: Library) -> object:
    items = inbox_items(lib, inbox_ids(lib, include_all=True))
    papers = lib.get_many(lib.list_ids() + lib.list_ids(trashed=True))
    return (
        sorted((i.id, i.state, i.paper_id) for i in items),
        sorted((p.arxiv_id, p.status, p.tags, p.trashed_at is None) for p in papers),
    )


def round_trip(lib: Library, op: Triage) -> tuple[object, object]:
    history = UndoHistory()
    before = state(lib)
    result = run(lib, op, history)
    after = state(lib)
    assert result.changes.inbox
    assert history.undo_label() == op.label
    history.undo(lib)
    assert state(lib) == before
    history.redo(lib)
    # Redo decides again: the papers come back from the trash, the items are decided.
    assert state(lib) == after
    history.undo(lib)
    assert state(lib) == before
    return before, after


def test_add_with_tags_round_trip(library: Library, inbox: list[int]) -> None:
    first, second = inbox[:2]
    op = Triage((first, second), TriageAction.ADD, ("llm",))
    assert op.label == "Add 2 inbox items to To read tagged llm"
    run(library, op, history := UndoHistory())
    added = library.get_many(library.list_ids())
    assert len(added) == 2
    assert all(p.tags == ["llm"] and p.status is ReadingStatus.TO_READ for p in added)
    assert first not in inbox_ids(library)
    history.undo(library)
    assert library.list_ids() == []
    assert inbox_ids(library)[:2] == [first, second]
    history.redo(library)
    assert len(library.list_ids()) == 2
    history.undo(library)
    round_trip(library, op)


def test_read_keeps_the_status_of_a_paper_already_there(library: Library, inbox: list[int]) -> None:
    item = inbox_items(library, inbox[:1])[0]
    (pid,) = library.import_drafts([item.draft]).paper_ids
    library.set_status(pid, ReadingStatus.READ)
    library.trash([pid])  # in the trash, so the item is still offered
    before, after = round_trip(library, Triage((item.id,), TriageAction.READ, ("x",)))
    assert library.get(pid).trashed_at is not None
    assert before != after


@pytest.mark.parametrize("action", [TriageAction.DISMISS, TriageAction.LATER])
def test_dismiss_and_later_round_trip(
    library: Library, inbox: list[int], action: TriageAction
) -> None:
    round_trip(library, Triage((inbox[0],), action))


def test_refused_triage_records_nothing(library: Library, inbox: list[int]) -> None:
    history = UndoHistory()
    run(library, Triage((inbox[0],), TriageAction.DISMISS), history)
    with pytest.raises(InvalidInputError):  # already dismissed
        run(library, Triage((inbox[0], inbox[1]), TriageAction.ADD), history)
    with pytest.raises(InvalidInputError):
        run(library, Triage((inbox[1],), TriageAction.LATER, ("tag",)), history)
    assert len(history) == 1
    assert inbox_items(library, [inbox[1]])[0].state is ItemState.NEW


def test_mark_seen_is_no_undo_step(library: Library, inbox: list[int]) -> None:
    history = UndoHistory()
    result = run(library, MarkSeen((inbox[0],)), history)
    assert result.changes.inbox
    assert result.value == [inbox[0]]
    assert not history.can_undo()
    assert not run(library, MarkSeen((inbox[0],)), history).changes

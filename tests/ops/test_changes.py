"""ChangeSet: combining, the helpers, and what counts as a change."""

from __future__ import annotations

from papershelf.core.changes import ChangeSet, PaperField


def test_an_empty_change_set_is_false_and_everything_is_true() -> None:
    assert not ChangeSet.none()
    assert not ChangeSet.of_papers([], PaperField.NOTE)
    everything = ChangeSet.everything()
    assert everything
    assert everything.touches(12345)
    assert everything.counts
    assert everything.fields == set(PaperField)


def test_of_papers_and_combining() -> None:
    note = ChangeSet.of_papers([1], PaperField.NOTE)
    assert note
    assert note.touches(1)
    assert not note.touches(2)
    assert not note.counts
    status = ChangeSet.of_papers([2, 3], PaperField.STATUS)
    assert status.counts
    assert not status.membership
    trash = ChangeSet.of_papers([4], PaperField.TRASH)
    assert trash.membership
    assert trash.tags  # trashed papers' tags are not counted
    assert ChangeSet.of_papers([5], PaperField.TAGS).tags
    both = note | status | ChangeSet(saved_searches=True)
    assert both.papers == {1, 2, 3}
    assert both.fields == {PaperField.NOTE, PaperField.STATUS}
    assert both.saved_searches
    assert not both.inbox
    assert not both.membership
    assert ChangeSet(inbox=True)
    assert ChangeSet.none() | ChangeSet.none() == ChangeSet.none()

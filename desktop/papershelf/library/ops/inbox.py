"""Operations on the Inbox: triage decisions (undoable), seen marks and feeds (not undo steps)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from papershelf.core.changes import ChangeSet, PaperField
from papershelf.library.inbox import (
    FetchReport,
    TriageAction,
    TriageUndo,
    add_feed,
    fetch_all,
    mark_seen,
    remove_feed,
    triage,
    undo_triage,
)
from papershelf.library.library import Library
from papershelf.library.ops.base import OpResult
from papershelf.online.http import HttpClient

TRIAGE_LABELS = {
    TriageAction.ADD: "Add {n} to To read",
    TriageAction.READ: "Add {n} as Reading",
    TriageAction.DISMISS: "Dismiss {n}",
    TriageAction.LATER: "Save {n} for later",
}


def describe_triage(action: TriageAction, n: int, tags: Sequence[str] = ()) -> str:
    """The Edit menu's name for a triage: "Add 3 inbox items to To read tagged llm"."""
    what = f"{n} inbox items" if n != 1 else "inbox item"
    text = TRIAGE_LABELS[TriageAction(action)].format(n=what)
    return f"{text} tagged {', '.join(tags)}" if tags else text


@dataclass(frozen=True)
class Triage:
    """Decide about Inbox items, all or none (`library.inbox.triage`).

    `add` and `read` import the items (merging with a paper already there) with `tags`;
    `dismiss` forgets them; `later` keeps them, marked. Undo puts the items back in their
    state, trashes the papers the triage created and gives papers that were already there
    their status, tags and trash state back; redo decides again.
    """

    item_ids: tuple[int, ...]
    action: TriageAction
    tags: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return describe_triage(self.action, len(self.item_ids), self.tags)

    def apply(self, lib: Library) -> OpResult:
        record = triage(lib, self.item_ids, self.action, self.tags)
        return OpResult(
            _triage_changes(record), UndoTriage(record, self.item_ids, self.tags), self.label
        )


@dataclass(frozen=True)
class UndoTriage:
    """Take a triage back exactly (`library.inbox.undo_triage`); its undo triages again."""

    record: TriageUndo
    item_ids: tuple[int, ...]
    tags: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return describe_triage(self.record.action, len(self.item_ids), self.tags)

    def apply(self, lib: Library) -> OpResult:
        undo_triage(lib, self.record)
        redo = Triage(self.item_ids, self.record.action, self.tags)
        return OpResult(_triage_changes(self.record), redo, self.label)


@dataclass(frozen=True)
class MarkSeen:
    """Mark items seen (or unseen). Not an undo step: browsing must not fill the Edit menu."""

    item_ids: tuple[int, ...]
    seen: bool = True
    label: str = "Mark as seen"

    def apply(self, lib: Library) -> OpResult:
        changed = mark_seen(lib, self.item_ids, self.seen)
        changes = ChangeSet(inbox=True) if changed else ChangeSet.none()
        return OpResult(changes, None, self.label, value=changed)


# Feeds are subscriptions, not papers: none of these is an undo step (an unsubscribe drops
# the feed's untriaged items, and a fetch is the network's doing). Each says the Inbox changed.
@dataclass(frozen=True)
class AddFeed:
    """Subscribe to a feed (`library.inbox.add_feed`); `value` is the new `Feed`.

    Raises:
        InvalidInputError: an unknown spec, or a source already subscribed.
        QueryError: a filter is not a valid query.
    """

    spec: str
    name: str | None = None
    include: str | None = None
    exclude: str | None = None

    @property
    def label(self) -> str:
        return f"Subscribe to {self.name or self.spec}"

    def apply(self, lib: Library) -> OpResult:
        feed = add_feed(lib, self.spec, name=self.name, include=self.include, exclude=self.exclude)
        return OpResult(ChangeSet(inbox=True), None, self.label, value=feed)


@dataclass(frozen=True)
class RemoveFeed:
    """Unsubscribe; its untriaged items leave the Inbox. `value` is the `Feed` it was.

    Raises:
        NotFoundError: no such feed.
    """

    feed_id: int
    label: str = "Unsubscribe"

    def apply(self, lib: Library) -> OpResult:
        feed = remove_feed(lib, self.feed_id)
        return OpResult(ChangeSet(inbox=True), None, self.label, value=feed)


@dataclass(frozen=True)
class FetchFeeds:
    """Fetch every feed (or `feed_ids`) into the Inbox; `value` is the `FetchReport`.

    Needs the network: run it off the GUI thread.
    """

    feed_ids: tuple[int, ...] | None = None
    client: HttpClient | None = field(default=None, compare=False)
    day: date | None = None
    label: str = "Fetch feeds"

    def apply(self, lib: Library) -> OpResult:
        ids = list(self.feed_ids) if self.feed_ids is not None else None
        report: FetchReport = fetch_all(lib, client=self.client, day=self.day, feed_ids=ids)
        if not report.feeds and not report.purged:
            return OpResult.nothing(self.label, report)
        return OpResult(ChangeSet(inbox=True), None, self.label, value=report)


def _triage_changes(record: TriageUndo) -> ChangeSet:
    papers = {*record.created, *(b.paper_id for b in record.existing)}
    if not papers:
        return ChangeSet(inbox=True)
    fields = (PaperField.STATUS, PaperField.TAGS, PaperField.TRASH, PaperField.METADATA)
    return ChangeSet.of_papers(papers, *fields) | ChangeSet(inbox=True)

"""The Inbox: subscribe to feeds, fetch them, and triage candidates into the library.

The GUI pages through the Inbox like the paper list: `inbox_ids` gives ids newest first,
`inbox_items` fetches a slice. Every triage returns a `TriageUndo` that `undo_triage` takes
back exactly. `fetch_all` is `download` (network only, any thread) plus `store_result` (one
transaction per feed), so the GUI can run the two halves on its network and writer lanes.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from papershelf.core.errors import InvalidInputError, PapershelfError, QueryError
from papershelf.core.models import Paper, PaperDraft, ReadingStatus
from papershelf.core.results import Hit
from papershelf.library.library import ImportReport, Library
from papershelf.online.feeds import FetchResult, download
from papershelf.online.http import HttpClient
from papershelf.storage.db import transaction, utcnow
from papershelf.storage.inbox import (
    OPEN_STATES,
    Candidate,
    Feed,
    FeedKind,
    InboxItem,
    InboxStore,
    ItemSnapshot,
    ItemState,
)

DAILY_PAPERS_NAME = "Hugging Face Daily Papers"
_ARXIV_CATEGORY_RE = re.compile(r"[a-z][a-z-]*(?:\.[A-Za-z][A-Za-z-]*)?", re.IGNORECASE)


class TriageAction(StrEnum):
    """What a triage key does: `a` add to read, `r` add as reading, `x` dismiss, `s` later."""

    ADD = "add"
    READ = "read"
    DISMISS = "dismiss"
    LATER = "later"


def store(lib: Library) -> InboxStore:
    return InboxStore(lib._db)


# ------------------------------------------------------------------------------ feeds
def parse_feed_spec(spec: str) -> tuple[FeedKind, str, str]:
    """`daily-papers`, `arxiv:CATEGORY` or an http(s) URL → (kind, argument, default name).

    Raises:
        InvalidInputError: none of those.
    """
    text = spec.strip()
    if text.lower() in {"daily-papers", "daily_papers", "hf", "huggingface"}:
        return FeedKind.DAILY_PAPERS, "", DAILY_PAPERS_NAME
    if text.lower().startswith("arxiv:"):
        category = text.split(":", 1)[1].strip()
        if not _ARXIV_CATEGORY_RE.fullmatch(category):
            raise InvalidInputError(
                f"not an arXiv category: {category!r} (e.g. arxiv:cs.LG, arxiv:hep-th)"
            )
        return FeedKind.ARXIV, category, f"arXiv {category}"
    if re.match(r"https?://\S+$", text, re.IGNORECASE):
        return FeedKind.URL, text, text
    raise InvalidInputError(
        f"unknown feed {spec!r}: give daily-papers, arxiv:CATEGORY or an http(s):// URL"
    )


def add_feed(
    lib: Library,
    spec: str,
    *,
    name: str | None = None,
    include: str | None = None,
    exclude: str | None = None,
) -> Feed:
    """Subscribe to a feed; filters are checked now so a typo is caught at once.

    Raises:
        InvalidInputError: an unknown spec, or a source already subscribed.
        QueryError: a filter is not a valid query (docs/search.md).
    """
    kind, arg, default_name = parse_feed_spec(spec)
    for label, query in (("--include", include), ("--exclude", exclude)):
        if query:
            try:
                lib.parser.parse(query)
            except QueryError as exc:
                raise QueryError(f"{label} filter {query!r}: {exc}") from exc
    shelf = store(lib)
    feed_id = shelf.add_feed(
        kind, arg, (name or "").strip() or default_name, include=include, exclude=exclude
    )
    return shelf.feed(feed_id)


def remove_feed(lib: Library, feed_id: int) -> Feed:
    return store(lib).remove_feed(feed_id)


def list_feeds(lib: Library) -> list[Feed]:
    return store(lib).feeds()


# ------------------------------------------------------------------------------ fetch
@dataclass(frozen=True)
class FeedOutcome:
    """One feed's part of a fetch: how many new items, or why it failed."""

    feed_id: int
    name: str
    new: int = 0
    offered: int = 0
    not_modified: bool = False
    error: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "feed_id": self.feed_id,
            "name": self.name,
            "new": self.new,
            "offered": self.offered,
            "not_modified": self.not_modified,
            "error": self.error,
        }


@dataclass
class FetchReport:
    feeds: list[FeedOutcome] = field(default_factory=list)
    purged: int = 0

    @property
    def new(self) -> int:
        return sum(f.new for f in self.feeds)

    @property
    def ok(self) -> bool:
        return all(f.error is None for f in self.feeds)

    def to_json(self) -> dict[str, Any]:
        return {
            "new": self.new,
            "ok": self.ok,
            "purged": self.purged,
            "feeds": [f.to_json() for f in self.feeds],
        }


def fetch_all(
    lib: Library,
    *,
    client: HttpClient | None = None,
    day: date | None = None,
    feed_ids: Sequence[int] | None = None,
) -> FetchReport:
    """Fetch every feed (or those in `feed_ids`) and purge expired items.

    A feed that fails, times out or serves garbage gets its error in the report and in
    `feeds list`; the others and the existing Inbox are not affected.
    """
    feeds = list_feeds(lib)
    if feed_ids is not None:
        wanted = set(feed_ids)
        feeds = [f for f in feeds if f.id in wanted]
    report = FetchReport()
    own = client is None
    http = client or HttpClient(lib.settings)
    try:
        for feed in feeds:
            report.feeds.append(store_result(lib, feed, download(http, feed, day=day)))
    finally:
        if own:
            http.close()
    report.purged = store(lib).purge(lib.settings.inbox_max_age_days)
    return report


def store_result(lib: Library, feed: Feed, result: FetchResult) -> FeedOutcome:
    """Store one download's outcome: its items and validators in one transaction.

    A feed unsubscribed while it was being fetched gets its answer dropped; the other
    feeds of the same fetch are stored as usual.
    """
    try:
        return _store_result(lib, feed, result)
    except sqlite3.IntegrityError:
        if any(f.id == feed.id for f in list_feeds(lib)):
            raise
        return FeedOutcome(feed.id, feed.name, error="unsubscribed while it was fetched")


def _store_result(lib: Library, feed: Feed, result: FetchResult) -> FeedOutcome:
    shelf = store(lib)
    now = utcnow()
    if result.error is not None:
        shelf.record_fetch(feed.id, at=now, error=result.error)
        return FeedOutcome(feed.id, feed.name, error=result.error)
    validators = (result.etag, result.last_modified, result.url)
    if result.not_modified:
        shelf.record_fetch(feed.id, at=now, new=0, validators=validators)
        return FeedOutcome(feed.id, feed.name, not_modified=True)
    try:
        candidates = filter_candidates(lib, feed, result.candidates)
        # Validators only with the items: a later 304 must never hide items we did not keep.
        with transaction(lib._db):
            new = shelf.ingest(feed.id, candidates, now=now)
            shelf.record_fetch(feed.id, at=now, new=new, validators=validators)
    except PapershelfError as exc:
        shelf.record_fetch(feed.id, at=now, error=str(exc))
        return FeedOutcome(feed.id, feed.name, error=str(exc))
    return FeedOutcome(feed.id, feed.name, new=new, offered=len(candidates))


def filter_candidates(lib: Library, feed: Feed, candidates: Sequence[Candidate]) -> list[Candidate]:
    """The candidates the feed's include/exclude queries let through.

    Raises:
        QueryError: a stored filter no longer parses.
    """
    if not (feed.include or feed.exclude) or not candidates:
        return list(candidates)
    queries = [lib.parser.parse(q) for q in (feed.include, feed.exclude) if q]
    # Here, not at the top: the `feed` commands and the window import this module on every
    # start, and only a feed with filters needs the index's analysis.
    from papershelf.search.documents import document_for
    from papershelf.search.index import matching_documents

    docs = [document_for(_as_paper(i, c.draft)) for i, c in enumerate(candidates)]
    matches = matching_documents(docs, queries)
    included = matches.pop(0) if feed.include else None
    excluded = matches.pop(0) if feed.exclude else set()
    return [
        c
        for i, c in enumerate(candidates)
        if (included is None or str(i) in included) and str(i) not in excluded
    ]


def _as_paper(index: int, draft: PaperDraft) -> Paper:
    return Paper(
        id=index,
        title=draft.title,
        authors=list(draft.authors),
        year=draft.year,
        venue=draft.venue,
        abstract=draft.abstract,
        arxiv_id=draft.arxiv_id,
        arxiv_version=draft.arxiv_version,
        doi=draft.doi,
        url=draft.url,
        source=draft.source,
        added_at="",
        updated_at="",
        status=ReadingStatus.TO_READ,
        priority=0,
    )


# ------------------------------------------------------------------------------ reads
def inbox_ids(lib: Library, *, include_all: bool = False) -> list[int]:
    """Open items (new and saved for later) newest first; `include_all` adds triaged ones."""
    states = tuple(ItemState) if include_all else OPEN_STATES
    return store(lib).ids(states=states)


def inbox_items(lib: Library, ids: Sequence[int]) -> list[InboxItem]:
    return store(lib).get_many(ids)


def inbox_counts(lib: Library) -> dict[str, int]:
    """What is left to triage (for the Inbox counter): open, unseen, later."""
    return lib.inbox_counts()


def mark_seen(lib: Library, item_ids: Sequence[int], seen: bool = True) -> list[int]:
    """Returns the items that changed (undo: `mark_seen(lib, changed, not seen)`)."""
    return store(lib).mark_seen(item_ids, seen)


def related(lib: Library, item: InboxItem, *, limit: int = 5) -> list[Hit]:
    """The library papers nearest to an item's title and abstract (more like this)."""
    text = f"{item.draft.title}\n{item.draft.abstract or ''}"
    return lib.index().more_like(0, text, limit=limit)  # paper ids start at 1


# ----------------------------------------------------------------------------- triage
@dataclass(frozen=True)
class _PaperBefore:
    paper_id: int
    status: ReadingStatus
    trashed: bool
    tags: tuple[str, ...]


@dataclass(frozen=True)
class TriageUndo:
    """Everything `undo_triage` needs: item states before, papers created or changed."""

    action: TriageAction
    items: tuple[ItemSnapshot, ...]
    created: tuple[int, ...] = ()
    existing: tuple[_PaperBefore, ...] = ()
    tags: tuple[str, ...] = ()


def triage(
    lib: Library, item_ids: Sequence[int], action: TriageAction, tags: Sequence[str] = ()
) -> TriageUndo:
    """Apply one decision to several items, all or none.

    `add` and `read` import the items through `Library.import_drafts` (merging with a paper
    already there) as to-read or reading, with `tags`; `dismiss` forgets them for good;
    `later` keeps them in the Inbox, marked.

    Raises:
        NotFoundError: an id is not in the Inbox.
        InvalidInputError: an item was already added or dismissed, or tags were given to
            an action that does not add.
    """
    action = TriageAction(action)
    ids = list(dict.fromkeys(item_ids))
    if not ids:
        raise InvalidInputError("no inbox items given")
    tags = [t for t in tags if t.strip()]
    adds = action in (TriageAction.ADD, TriageAction.READ)
    if tags and not adds:
        raise InvalidInputError(f"tags go with add or read, not with {action.value}")
    shelf = store(lib)
    snapshots = shelf.snapshots(ids)
    for snap in snapshots:
        if snap.state not in OPEN_STATES:
            raise InvalidInputError(f"inbox item {snap.item_id} was already {snap.state.value}")
    if not adds:
        state = ItemState.DISMISSED if action is TriageAction.DISMISS else ItemState.LATER
        with transaction(lib._db):
            for item_id in ids:
                shelf.set_state(item_id, state)
        return TriageUndo(action, tuple(snapshots))

    items = shelf.get_many(ids)
    drafts = [i.draft for i in items]
    before: list[_PaperBefore] = []
    for draft in drafts:
        pid = lib._store.find_duplicate(draft)
        if pid is not None and all(b.paper_id != pid for b in before):
            paper = lib._store.get(pid)
            before.append(
                _PaperBefore(pid, paper.status, paper.trashed_at is not None, tuple(paper.tags))
            )
    status = ReadingStatus.READING if action is TriageAction.READ else ReadingStatus.TO_READ
    # A paper already live in the library keeps the status the user gave it.
    keep_status = {b.paper_id for b in before if not b.trashed}

    def within(report: ImportReport) -> None:
        paper_ids = []
        for item in items:
            pid = lib._store.find_duplicate(item.draft)
            if pid is None:
                reasons = "; ".join(s.reason for s in report.skipped) or "unknown reason"
                raise InvalidInputError(f"inbox item {item.id} could not be added: {reasons}")
            paper_ids.append(pid)
            if pid not in keep_status:
                lib._store.set_status(pid, status)
            shelf.set_state(item.id, ItemState.ADDED, paper_id=pid)
        if tags:
            lib._store.change_tags(paper_ids, add=tags)

    report = lib.import_drafts(drafts, source="inbox", fmt="inbox", within=within)
    lib.notify_changed()
    return TriageUndo(action, tuple(snapshots), tuple(report.added_ids), tuple(before), tuple(tags))


def undo_triage(lib: Library, undo: TriageUndo) -> None:
    """Take a triage back: items return to their state, added papers leave the library.

    Papers the triage created go to the trash (as an undone import does); papers that were
    already there get their status, tags and trash state back.
    """
    shelf = store(lib)
    with transaction(lib._db):
        if undo.created:
            lib._store.set_trashed(undo.created, True)
        for b in undo.existing:
            lib._store.set_status(b.paper_id, b.status)
            gained = [t for t in undo.tags if t.casefold() not in {x.casefold() for x in b.tags}]
            if gained:
                lib._store.change_tags([b.paper_id], remove=gained)
            if b.trashed:
                lib._store.set_trashed([b.paper_id], True)
        for snap in undo.items:
            shelf.restore(snap)
    if undo.created or undo.existing:
        lib.notify_changed()


def inbox_signature(lib: Library) -> tuple[object, ...]:
    """Changes whenever items arrive, are triaged or purged (by anyone): cheap enough to poll.

    Seen marks are left out on purpose: moving through the list must not look like news.
    """
    row = lib._db.execute(
        "SELECT count(*), COALESCE(max(id), 0), total(state = 'new'), total(state = 'later'), "
        "total(state = 'added'), COALESCE(max(state_changed_at), '') FROM inbox_items"
    ).fetchone()
    return tuple(row)

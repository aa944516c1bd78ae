"""InboxStore: subscribed feeds and the Inbox of candidate papers in SQLite.

A candidate is keyed by its arXiv id, else its DOI, else its title key, and is matched
against the papers table (the library, trash included) and against the other items, so the
same paper from two feeds is one item listing both. Dismissed and expired items leave their
keys in `inbox_forgotten`, which is what keeps them from ever coming back.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict, fields
from datetime import UTC, datetime, timedelta
from typing import Any

from papershelf.core.errors import InvalidInputError, NotFoundError
from papershelf.core.identifiers import title_key
from papershelf.core.inbox import OPEN_STATES as OPEN_STATES
from papershelf.core.inbox import TIMESTAMP_FORMAT as TIMESTAMP_FORMAT
from papershelf.core.inbox import Candidate as Candidate
from papershelf.core.inbox import Feed as Feed
from papershelf.core.inbox import FeedKind as FeedKind
from papershelf.core.inbox import InboxItem as InboxItem
from papershelf.core.inbox import ItemSnapshot as ItemSnapshot
from papershelf.core.inbox import ItemState as ItemState
from papershelf.core.inbox import SourceRef as SourceRef
from papershelf.core.models import PaperDraft
from papershelf.storage.db import Database, transaction, utcnow
from papershelf.storage.inbox_counts import NOT_IN_LIBRARY, inbox_counts
from papershelf.storage.papers import PaperStore, _normalized


def candidate_keys(draft: PaperDraft) -> list[str]:
    """Every key the draft is known by, most specific first (the first is its item key)."""
    keys = []
    if draft.arxiv_id:
        keys.append(f"arxiv:{draft.arxiv_id}")
    if draft.doi:
        keys.append(f"doi:{draft.doi}")
    tkey = title_key(draft.title)
    # A title identifies only a paper without a DOI: journals reuse titles ("Editorial"), and
    # dismissing one such paper must not hide every later one.
    if tkey and not draft.doi:
        keys.append(f"title:{tkey}")
    return keys


def format_timestamp(when: datetime) -> str:
    return when.astimezone(UTC).strftime(TIMESTAMP_FORMAT)


_FEED_COLUMNS = (
    "id, kind, arg, name, include, exclude, etag, last_modified, validators_url, "
    "last_fetch_at, last_error, last_new, added_at"
)
_ITEM_COLUMNS = (
    "id, key, draft, first_seen, published, seen, state, hf_upvotes, paper_id, state_changed_at"
)
_DRAFT_FIELDS = frozenset(f.name for f in fields(PaperDraft))
# An item whose paper is in the library (not trashed) is hidden, whatever its state: the user
# added it some other way. Undoing an "add" trashes the paper, so the item shows again.
_NOT_IN_LIBRARY = NOT_IN_LIBRARY


class InboxStore:
    """Feeds and inbox items over one library connection (one thread owns it)."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._papers = PaperStore(db)

    # ------------------------------------------------------------------------ feeds
    def add_feed(
        self,
        kind: FeedKind,
        arg: str,
        name: str,
        *,
        include: str | None = None,
        exclude: str | None = None,
    ) -> int:
        """Subscribe; returns the feed id.

        Raises:
            InvalidInputError: the same source is already subscribed.
        """
        with transaction(self.db):
            row = self.db.execute(
                "SELECT id FROM feeds WHERE kind = ? AND arg = ?", [kind.value, arg]
            ).fetchone()
            if row is not None:
                raise InvalidInputError(f"already subscribed to {name} (feed {row[0]})")
            cur = self.db.execute(
                "INSERT INTO feeds (kind, arg, name, include, exclude, added_at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                [kind.value, arg, name, include or None, exclude or None, utcnow()],
            )
            return int(cur.lastrowid or 0)

    def feeds(self) -> list[Feed]:
        rows = self.db.execute(f"SELECT {_FEED_COLUMNS} FROM feeds ORDER BY id").fetchall()
        return [_row_to_feed(r) for r in rows]

    def feed(self, feed_id: int) -> Feed:
        """Raises: NotFoundError."""
        row = self.db.execute(
            f"SELECT {_FEED_COLUMNS} FROM feeds WHERE id = ?", [feed_id]
        ).fetchone()
        if row is None:
            raise NotFoundError(f"no feed with id {feed_id}")
        return _row_to_feed(row)

    def remove_feed(self, feed_id: int) -> Feed:
        """Unsubscribe; new items only this feed offered leave the Inbox (saved ones stay)."""
        with transaction(self.db):
            feed = self.feed(feed_id)
            self.db.execute(
                "DELETE FROM inbox_items WHERE state = 'new' AND id IN "
                "(SELECT item_id FROM inbox_sources WHERE feed_id = ?) AND NOT EXISTS "
                "(SELECT 1 FROM inbox_sources s WHERE s.item_id = inbox_items.id "
                "AND s.feed_id != ?)",
                [feed_id, feed_id],
            )
            self.db.execute("DELETE FROM feeds WHERE id = ?", [feed_id])
        return feed

    def record_fetch(
        self,
        feed_id: int,
        *,
        at: str,
        error: str | None = None,
        new: int | None = None,
        validators: tuple[str | None, str | None, str] | None = None,
    ) -> None:
        """Remember a fetch's outcome; `validators` = (etag, last_modified, url) on success."""
        with transaction(self.db):
            self.db.execute(
                "UPDATE feeds SET last_fetch_at = ?, last_error = ?, last_new = ? WHERE id = ?",
                [at, error, new, feed_id],
            )
            if validators is not None:
                self.db.execute(
                    "UPDATE feeds SET etag = ?, last_modified = ?, validators_url = ? WHERE id = ?",
                    [*validators, feed_id],
                )

    # ---------------------------------------------------------------------- ingest
    def ingest(
        self, feed_id: int, candidates: Iterable[Candidate], *, now: str | None = None
    ) -> int:
        """Add a feed's candidates in one transaction; returns how many new items appeared.

        Candidates already in the library (trash included), forgotten (dismissed or
        expired), or without a usable title are left out; one already in the Inbox gains
        this feed as a source (and its HF upvotes, when known).
        """
        now = now or utcnow()
        new = 0
        with transaction(self.db):
            for candidate in candidates:
                try:
                    draft = _normalized(candidate.draft)
                except InvalidInputError:
                    continue
                keys = candidate_keys(draft)
                if not keys or self._forgotten(keys):
                    continue
                item_id = self._find_item(draft)
                if item_id is None:
                    if self._papers.find_duplicate(draft) is not None:
                        continue
                    item_id = self._insert_item(keys[0], draft, candidate, now)
                    new += 1
                else:
                    self._merge_item(item_id, draft, candidate)
                self.db.execute(
                    "INSERT OR IGNORE INTO inbox_sources (item_id, feed_id, first_seen) "
                    "VALUES (?, ?, ?)",
                    [item_id, feed_id, now],
                )
        return new

    def _forgotten(self, keys: Sequence[str]) -> bool:
        marks = ",".join("?" * len(keys))
        row = self.db.execute(
            f"SELECT 1 FROM inbox_forgotten WHERE key IN ({marks}) LIMIT 1", list(keys)
        ).fetchone()
        return row is not None

    def _find_item(self, draft: PaperDraft) -> int | None:
        if draft.arxiv_id:
            row = self.db.execute(
                "SELECT id FROM inbox_items WHERE arxiv_id = ? ORDER BY id LIMIT 1",
                [draft.arxiv_id],
            ).fetchone()
            if row:
                return int(row[0])
        if draft.doi:
            row = self.db.execute(
                "SELECT id FROM inbox_items WHERE doi = ? ORDER BY id LIMIT 1", [draft.doi]
            ).fetchone()
            if row:
                return int(row[0])
        row = self.db.execute(
            "SELECT id FROM inbox_items WHERE title_key = ? "
            "AND (? IS NULL OR arxiv_id IS NULL OR arxiv_id = ?) "
            "AND (? IS NULL OR doi IS NULL OR doi = ?) ORDER BY id LIMIT 1",
            [title_key(draft.title), draft.arxiv_id, draft.arxiv_id, draft.doi, draft.doi],
        ).fetchone()
        return int(row[0]) if row else None

    def _insert_item(self, key: str, draft: PaperDraft, candidate: Candidate, now: str) -> int:
        cur = self.db.execute(
            "INSERT INTO inbox_items (key, arxiv_id, doi, title_key, draft, first_seen, "
            "published, hf_upvotes) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                key,
                draft.arxiv_id,
                draft.doi,
                title_key(draft.title),
                _draft_json(draft),
                now,
                candidate.published or now,
                candidate.hf_upvotes,
            ],
        )
        return int(cur.lastrowid or 0)

    def _merge_item(self, item_id: int, draft: PaperDraft, candidate: Candidate) -> None:
        """Fill the item's gaps from another source's copy; never overwrite what is there."""
        row = self.db.execute(
            "SELECT draft, hf_upvotes FROM inbox_items WHERE id = ?", [item_id]
        ).fetchone()
        old = _load_draft(row[0])
        merged = asdict(old)
        for name, value in asdict(draft).items():
            if merged.get(name) in (None, "", [], {}) and value not in (None, "", [], {}):
                merged[name] = value
        upvotes = row[1]
        if candidate.hf_upvotes is not None:
            upvotes = max(candidate.hf_upvotes, upvotes or 0)
        self.db.execute(
            "UPDATE inbox_items SET draft = ?, hf_upvotes = ?, "
            "arxiv_id = COALESCE(arxiv_id, ?), doi = COALESCE(doi, ?) WHERE id = ?",
            [
                json.dumps(merged, ensure_ascii=False),
                upvotes,
                draft.arxiv_id,
                draft.doi,
                item_id,
            ],
        )

    def purge(self, max_age_days: float, *, now: datetime | None = None) -> int:
        """Drop expired rows; returns how many were removed.

        New items first seen more than `max_age_days` ago go, their keys forgotten so they
        do not return; so do triaged rows kept that long for undo. Saved-for-later items stay.
        """
        when = now or datetime.now(UTC)
        cutoff = format_timestamp(when - timedelta(days=max_age_days))
        stamp = format_timestamp(when)
        with transaction(self.db):
            expired = self.db.execute(
                "SELECT id, draft FROM inbox_items WHERE state = 'new' AND first_seen < ?",
                [cutoff],
            ).fetchall()
            for _, draft in expired:
                for key in candidate_keys(_load_draft(draft)):
                    self.db.execute(
                        "INSERT OR IGNORE INTO inbox_forgotten (key, reason, at) "
                        "VALUES (?, 'expired', ?)",
                        [key, stamp],
                    )
            cur = self.db.execute(
                "DELETE FROM inbox_items WHERE (state = 'new' AND first_seen < ?) OR "
                "(state IN ('dismissed', 'added') AND COALESCE(state_changed_at, first_seen) < ?)",
                [cutoff, cutoff],
            )
            return int(cur.rowcount)

    # ------------------------------------------------------------------------ reads
    def ids(self, *, states: Sequence[ItemState] = OPEN_STATES) -> list[int]:
        """Item ids newest first; open states hide items whose paper is now in the library."""
        marks = ",".join("?" * len(states))
        where = f"i.state IN ({marks})"
        if set(states) <= set(OPEN_STATES):
            where += f" AND {_NOT_IN_LIBRARY}"
        rows = self.db.execute(
            f"SELECT i.id FROM inbox_items i WHERE {where} ORDER BY i.published DESC, i.id DESC",
            [s.value for s in states],
        ).fetchall()
        return [int(r[0]) for r in rows]

    def get_many(self, ids: Sequence[int]) -> list[InboxItem]:
        """Items in the order given (unknown ids left out), with their sources."""
        if not ids:
            return []
        by_id: dict[int, InboxItem] = {}
        for start in range(0, len(ids), 500):
            chunk = list(ids[start : start + 500])
            marks = ",".join("?" * len(chunk))
            for row in self.db.execute(
                f"SELECT {_ITEM_COLUMNS} FROM inbox_items WHERE id IN ({marks})", chunk
            ):
                item = _row_to_item(row)
                by_id[item.id] = item
            for item_id, feed_id, name, kind in self.db.execute(
                f"SELECT s.item_id, f.id, f.name, f.kind FROM inbox_sources s "
                f"JOIN feeds f ON f.id = s.feed_id WHERE s.item_id IN ({marks}) "
                f"ORDER BY s.first_seen, f.id",
                chunk,
            ):
                by_id[int(item_id)].sources.append(SourceRef(int(feed_id), name, FeedKind(kind)))
        return [by_id[i] for i in ids if i in by_id]

    def get(self, item_id: int) -> InboxItem:
        """Raises: NotFoundError."""
        items = self.get_many([item_id])
        if not items:
            raise NotFoundError(f"no inbox item with id {item_id}")
        return items[0]

    def counts(self) -> dict[str, int]:
        """What is left: open items, unseen ones among them, and saved-for-later."""
        return inbox_counts(self.db)

    # ----------------------------------------------------------------------- writes
    def snapshots(self, item_ids: Sequence[int]) -> list[ItemSnapshot]:
        """The current triage state of each item, in order.

        Raises:
            NotFoundError: an id is not in the Inbox.
        """
        out = []
        for item_id in item_ids:
            row = self.db.execute(
                "SELECT state, seen, paper_id, state_changed_at FROM inbox_items WHERE id = ?",
                [item_id],
            ).fetchone()
            if row is None:
                raise NotFoundError(f"no inbox item with id {item_id}")
            out.append(ItemSnapshot(item_id, ItemState(row[0]), bool(row[1]), row[2], row[3]))
        return out

    def set_state(
        self, item_id: int, state: ItemState, *, paper_id: int | None = None, seen: bool = True
    ) -> None:
        """Record a triage decision; dismissing also forgets the item's keys for good."""
        now = utcnow()
        with transaction(self.db):
            self.db.execute(
                "UPDATE inbox_items SET state = ?, paper_id = ?, seen = ?, "
                "state_changed_at = ? WHERE id = ?",
                [state.value, paper_id, int(seen), now, item_id],
            )
            if state is ItemState.DISMISSED:
                for key in candidate_keys(self.get(item_id).draft):
                    self.db.execute(
                        "INSERT OR IGNORE INTO inbox_forgotten (key, reason, at) "
                        "VALUES (?, 'dismissed', ?)",
                        [key, now],
                    )

    def restore(self, snapshot: ItemSnapshot) -> None:
        """Put an item back as `snapshot` recorded it (undo), un-forgetting a dismissal."""
        with transaction(self.db):
            row = self.db.execute(
                "SELECT draft, state FROM inbox_items WHERE id = ?", [snapshot.item_id]
            ).fetchone()
            if row is None:
                raise NotFoundError(f"inbox item {snapshot.item_id} is gone; cannot undo")
            if row[1] == ItemState.DISMISSED.value and snapshot.state is not ItemState.DISMISSED:
                keys = candidate_keys(_load_draft(row[0]))
                marks = ",".join("?" * len(keys))
                self.db.execute(
                    f"DELETE FROM inbox_forgotten WHERE reason = 'dismissed' AND key IN ({marks})",
                    keys,
                )
            self.db.execute(
                "UPDATE inbox_items SET state = ?, seen = ?, paper_id = ?, state_changed_at = ? "
                "WHERE id = ?",
                [
                    snapshot.state.value,
                    int(snapshot.seen),
                    snapshot.paper_id,
                    snapshot.state_changed_at,
                    snapshot.item_id,
                ],
            )

    def mark_seen(self, item_ids: Sequence[int], seen: bool = True) -> list[int]:
        """Mark items seen (or unseen); returns the ids that changed, for undo."""
        changed = []
        with transaction(self.db):
            for item_id in item_ids:
                cur = self.db.execute(
                    "UPDATE inbox_items SET seen = ? WHERE id = ? AND seen != ?",
                    [int(seen), item_id, int(seen)],
                )
                if cur.rowcount:
                    changed.append(item_id)
        return changed


def _draft_json(draft: PaperDraft) -> str:
    data = asdict(draft)
    data.pop("line", None)
    return json.dumps(data, ensure_ascii=False)


def _load_draft(text: str) -> PaperDraft:
    data = json.loads(text)
    return PaperDraft(**{k: v for k, v in data.items() if k in _DRAFT_FIELDS})


def _row_to_feed(row: Sequence[Any]) -> Feed:
    return Feed(
        id=int(row[0]),
        kind=FeedKind(row[1]),
        arg=row[2],
        name=row[3],
        include=row[4],
        exclude=row[5],
        etag=row[6],
        last_modified=row[7],
        validators_url=row[8],
        last_fetch_at=row[9],
        last_error=row[10],
        last_new=row[11],
        added_at=row[12],
    )


def _row_to_item(row: Sequence[Any]) -> InboxItem:
    item_id, key, draft, first_seen, published, seen, state, upvotes, paper_id, _ = row
    return InboxItem(
        id=int(item_id),
        key=key,
        draft=_load_draft(draft),
        first_seen=first_seen,
        published=published,
        seen=bool(seen),
        state=ItemState(state),
        hf_upvotes=upvotes,
        paper_id=paper_id,
    )

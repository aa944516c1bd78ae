"""The Inbox's values: feeds, candidates and items with the user's triage state.

Shown by the GUI and the CLI, stored by `storage/inbox.py`; no I/O here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from papershelf.core.models import PaperDraft

TIMESTAMP_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"
"""How every inbox timestamp is stored (as `utcnow()`), so they sort as text."""


class FeedKind(StrEnum):
    """Where a feed's candidates come from."""

    DAILY_PAPERS = "daily-papers"
    ARXIV = "arxiv"
    URL = "url"


class ItemState(StrEnum):
    """What the user decided about an inbox item."""

    NEW = "new"
    LATER = "later"
    DISMISSED = "dismissed"
    ADDED = "added"


OPEN_STATES = (ItemState.NEW, ItemState.LATER)
"""States shown in the Inbox; the others are kept only for undo and then purged."""


@dataclass(frozen=True)
class Feed:
    """A subscribed source with its polite-fetching state."""

    id: int
    kind: FeedKind
    arg: str
    name: str
    include: str | None = None
    exclude: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    validators_url: str | None = None
    """The URL `etag`/`last_modified` belong to (the daily list's URL changes every day)."""
    last_fetch_at: str | None = None
    last_error: str | None = None
    last_new: int | None = None
    added_at: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind.value,
            "arg": self.arg,
            "name": self.name,
            "include": self.include,
            "exclude": self.exclude,
            "last_fetch_at": self.last_fetch_at,
            "last_error": self.last_error,
            "last_new": self.last_new,
        }


@dataclass(frozen=True)
class Candidate:
    """One paper a feed offered, before it is matched against the library and the Inbox."""

    draft: PaperDraft
    published: str | None = None
    """When the source published or listed it (TIMESTAMP_FORMAT), for newest-first order."""
    hf_upvotes: int | None = None


@dataclass(frozen=True)
class SourceRef:
    feed_id: int
    name: str
    kind: FeedKind


@dataclass
class InboxItem:
    """A candidate in the Inbox, with every feed that offered it."""

    id: int
    key: str
    draft: PaperDraft
    first_seen: str
    published: str
    seen: bool
    state: ItemState
    hf_upvotes: int | None
    paper_id: int | None
    sources: list[SourceRef] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """The object `papershelf inbox --json` prints; its keys are a documented interface."""
        d = self.draft
        return {
            "id": self.id,
            "title": d.title,
            "authors": list(d.authors),
            "abstract": d.abstract,
            "year": d.year,
            "arxiv_id": d.arxiv_id,
            "doi": d.doi,
            "url": d.url,
            "sources": [s.name for s in self.sources],
            "seen": self.seen,
            "state": self.state.value,
            "hf_upvotes": self.hf_upvotes,
            "published": self.published,
            "first_seen": self.first_seen,
            "paper_id": self.paper_id,
        }


@dataclass(frozen=True)
class ItemSnapshot:
    """An item's triage state before a change: what undo puts back."""

    item_id: int
    state: ItemState
    seen: bool
    paper_id: int | None
    state_changed_at: str | None

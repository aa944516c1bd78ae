"""What a change to the library touched, so each view decides by itself whether to refresh.

Every operation returns a `ChangeSet` (Anki's `OpChanges`): the paper list redraws the rows
of `papers`, re-runs its query when `membership` is set or a field it filters on changed,
the sidebar re-counts when `counts` is true, and so on. No I/O here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class PaperField(StrEnum):
    """Which part of a paper changed (a view filtered or sorted by it re-runs its query)."""

    STATUS = "status"
    PRIORITY = "priority"
    TAGS = "tags"
    NOTE = "note"
    ANNOTATIONS = "annotations"
    METADATA = "metadata"
    """Title, authors, year, venue, abstract, identifiers, URL."""
    FILES = "files"
    CITATION_KEY = "citation_key"
    TRASH = "trash"


@dataclass(frozen=True)
class ChangeSet:
    """What one change (or several, combined with `|`) touched.

    A paper's note and annotations are part of the paper: a note edit names the paper in
    `papers` with `PaperField.NOTE`.
    """

    papers: frozenset[int] = frozenset()
    """Papers whose shown fields changed (their rows and detail pane redraw)."""
    fields: frozenset[PaperField] = frozenset()
    """Which fields of those papers changed."""
    membership: bool = False
    """Papers were added, removed, trashed or restored: lists re-run their query, every
    count may differ, and the Inbox hides or shows items already in the library."""
    tags: bool = False
    """The tag list or its counts may differ."""
    saved_searches: bool = False
    inbox: bool = False
    """Inbox items were triaged, marked or brought back."""
    duplicates: bool = False
    """Possible duplicates were merged or marked as different: the Duplicates view re-lists
    (it also does on `membership`, since new and removed papers change the candidates)."""
    every_paper: bool = False
    """Any paper may have changed (a change from elsewhere): redraw everything."""

    @classmethod
    def none(cls) -> ChangeSet:
        """Nothing changed."""
        return cls()

    @classmethod
    def everything(cls) -> ChangeSet:
        """Anything may have changed, e.g. another process wrote to the library."""
        return cls(
            fields=frozenset(PaperField),
            membership=True,
            tags=True,
            saved_searches=True,
            inbox=True,
            duplicates=True,
            every_paper=True,
        )

    @classmethod
    def of_papers(cls, paper_ids: Iterable[int], *fields: PaperField) -> ChangeSet:
        """These papers' `fields` changed (nothing when `paper_ids` is empty).

        A change of tags also changes the tag counts, and a move to or from the trash the
        lists' membership.
        """
        ids = frozenset(paper_ids)
        if not ids:
            return cls()
        return cls(
            papers=ids,
            fields=frozenset(fields),
            membership=PaperField.TRASH in fields,
            tags=PaperField.TAGS in fields or PaperField.TRASH in fields,
        )

    @property
    def counts(self) -> bool:
        """Whether the sidebar's counts (views, tags) may differ."""
        return self.membership or self.tags or PaperField.STATUS in self.fields

    def touches(self, paper_id: int) -> bool:
        """Whether `paper_id` (e.g. the one in the detail pane) must be shown afresh."""
        return self.every_paper or paper_id in self.papers

    def __or__(self, other: ChangeSet) -> ChangeSet:
        return ChangeSet(
            papers=self.papers | other.papers,
            fields=self.fields | other.fields,
            membership=self.membership or other.membership,
            tags=self.tags or other.tags,
            saved_searches=self.saved_searches or other.saved_searches,
            inbox=self.inbox or other.inbox,
            duplicates=self.duplicates or other.duplicates,
            every_paper=self.every_paper or other.every_paper,
        )

    def __bool__(self) -> bool:
        """Whether anything changed at all."""
        return bool(
            self.papers
            or self.membership
            or self.tags
            or self.saved_searches
            or self.inbox
            or self.duplicates
            or self.every_paper
        )

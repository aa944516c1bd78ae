"""What a view of the paper list asks for: filters and one sort order, as plain values.

The list and the search results are one `ViewQuery` each, ordered by the database, so a
header click means the same order with or without a search.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from papershelf.core.models import ReadingStatus


class SortKey(StrEnum):
    """Orders the database can list papers in (`list --sort`, the list's header)."""

    ADDED = "added"
    YEAR = "year"
    TITLE = "title"
    PRIORITY = "priority"
    UPDATED = "updated"
    STATUS = "status"


_NATURAL_DESC = {SortKey.ADDED, SortKey.YEAR, SortKey.PRIORITY, SortKey.UPDATED}


def natural_descending(sort: SortKey) -> bool:
    """Whether `sort` lists biggest first by default (newest, highest priority)."""
    return sort in _NATURAL_DESC


@dataclass(frozen=True)
class ViewQuery:
    """One view of the list: which papers, and in which order.

    `sort=None` is the view's own order: relevance for a search, `default_sort` otherwise.
    """

    text: str = ""
    status: ReadingStatus | None = None
    tags: tuple[str, ...] = ()
    trashed: bool = False
    sort: SortKey | None = None
    descending: bool | None = None
    default_sort: SortKey = SortKey.ADDED

    @property
    def filtered(self) -> bool:
        """Whether the view narrows the library (a status, tags or the trash)."""
        return self.status is not None or bool(self.tags) or self.trashed

"""Possible duplicates as the Duplicates view and `papershelf duplicates` show them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class DuplicateGroup:
    """Papers that may be one work, kept apart until the user merges them or says they differ.

    Attributes:
        paper_ids: the papers, oldest first.
        reason: why they may be one work, for people ("same title and year; volume 3 vs 4").
    """

    paper_ids: tuple[int, ...]
    reason: str


@dataclass(frozen=True)
class MergeSnapshot:
    """What a merge changed, kept by its undo to put every paper back with its id.

    Plain data (rows as column/value pairs), so the undo op that holds it stays a value.

    Attributes:
        keep_id: the paper that was kept.
        drop_ids: the papers merged into it.
        rows: (table, row) of the papers and what hangs off them, as before the merge.
        moved: (table, row id, paper id before) of rows the merge moved to the kept paper.
        keep_history_max: the kept paper's newest status history row before the merge.
    """

    keep_id: int
    drop_ids: tuple[int, ...]
    rows: tuple[tuple[str, tuple[tuple[str, Any], ...]], ...]
    moved: tuple[tuple[str, int, int], ...]
    keep_history_max: int

"""Which papers still need their record found by title, and what the last try found.

A paper is **unresolved** while it has a title but neither an arXiv id nor a DOI (a text
paste, a bare import, a PDF without ids, and every such paper of an older library), unless a
try is still waiting to be repeated or the user said none of the candidates is it. The
condition is computed, not stored, so a paper that gains an identifier by any path (an edit,
a merge, a lookup) stops being unresolved at once. `resolution` keeps only the outcome of
the last try: the candidates when the choice was ambiguous, and when to try again.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from papershelf.storage.db import Database, transaction

State = Literal["ambiguous", "not-found", "retry", "dismissed"]

_UNRESOLVED = (
    "p.trashed_at IS NULL AND p.arxiv_id IS NULL AND p.doi IS NULL "
    "AND json_extract(p.extra, '$.untitled') IS NULL "
    "AND json_extract(p.extra, '$.metadata_pending') IS NULL"
)


@dataclass(frozen=True)
class Attempt:
    """The last try to resolve one paper."""

    paper_id: int
    state: State
    reason: str
    candidates: list[dict[str, Any]]
    attempts: int
    next_try: str | None


def due_ids(db: Database, now: str, limit: int | None = None) -> list[int]:
    """Unresolved papers to try now, newest first (what was just imported goes first).

    Papers whose choice waits for the user (ambiguous), that no service knew, or that the
    user settled are left out until their `next_try`.
    """
    sql = (
        f"SELECT p.id FROM papers p LEFT JOIN resolution r ON r.paper_id = p.id "
        f"WHERE {_UNRESOLVED} AND (r.paper_id IS NULL OR "
        f"(r.next_try IS NOT NULL AND r.next_try <= ?)) ORDER BY p.id DESC"
    )
    params: list[Any] = [now]
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    return [int(r[0]) for r in db.execute(sql, params)]


def unresolved_ids(db: Database) -> list[int]:
    """Every unresolved paper, whatever its last try (not those the user settled)."""
    rows = db.execute(
        f"SELECT p.id FROM papers p LEFT JOIN resolution r ON r.paper_id = p.id "
        f"WHERE {_UNRESOLVED} AND (r.state IS NULL OR r.state != 'dismissed') ORDER BY p.id"
    )
    return [int(r[0]) for r in rows]


def record(
    db: Database,
    paper_id: int,
    state: State,
    reason: str,
    candidates: Sequence[dict[str, Any]] = (),
    next_try: str | None = None,
) -> None:
    """Keep the outcome of a try (counted), replacing the previous one."""
    with transaction(db):
        db.execute(
            "INSERT INTO resolution (paper_id, state, reason, candidates, attempts, next_try) "
            "VALUES (?, ?, ?, ?, 1, ?) ON CONFLICT(paper_id) DO UPDATE SET "
            "state = excluded.state, reason = excluded.reason, "
            "candidates = excluded.candidates, attempts = resolution.attempts + 1, "
            "next_try = excluded.next_try",
            [paper_id, state, reason, json.dumps(list(candidates), ensure_ascii=False), next_try],
        )


def forget(db: Database, paper_id: int) -> None:
    """The paper was resolved (or its candidates chosen from): no try is remembered."""
    with transaction(db):
        db.execute("DELETE FROM resolution WHERE paper_id = ?", [paper_id])


def attempt(db: Database, paper_id: int) -> Attempt | None:
    """The last try for `paper_id`, or None when it was never tried (or was resolved)."""
    row = db.execute(
        "SELECT state, reason, candidates, attempts, next_try FROM resolution WHERE paper_id = ?",
        [paper_id],
    ).fetchone()
    if row is None:
        return None
    state, reason, candidates, attempts, next_try = row
    try:
        found = json.loads(candidates or "[]")
    except ValueError:
        found = []
    return Attempt(
        paper_id,
        state,
        reason or "",
        found if isinstance(found, list) else [],
        int(attempts),
        next_try,
    )

"""Papers of an import still being written: stored, but hidden until the import commits.

A bulk import writes in short transactions, so an edit in the window waits for one batch,
never for the whole import, and it is still all or nothing:

1. *Writing.* New papers are written with `trashed_at = "pending:<import id>"`: every view
   of the library (papers whose `trashed_at` is NULL) skips them, and so does the trash
   (`TRASHED`). Drafts of papers the library already had are kept aside (`defer`), not
   merged yet. A crash here leaves nothing: the next open deletes the hidden papers of an
   import whose process is gone (`discard`).
2. *The commit point.* One small transaction records the import in `import_journal`.
3. *Publishing.* The hidden papers are published, and the kept drafts merged, a few hundred
   per transaction (`publish`, `take_deferred`). A crash here is finished by the next open
   (`publishing`): from the commit point on, the import happens whole.
"""

from __future__ import annotations

import json
from dataclasses import asdict, fields

from papershelf.core.models import PaperDraft
from papershelf.storage.db import Database

PENDING_PREFIX = "pending:"
TRASHED = f"trashed_at IS NOT NULL AND trashed_at NOT LIKE '{PENDING_PREFIX}%'"
"""The SQL condition for papers in the trash (not those of an unfinished import)."""
PUBLISH_STEP = 250
"""Papers published per transaction after the commit point."""
MERGE_STEP = 100
"""Kept drafts merged per transaction after the commit point."""
_DRAFT_FIELDS = frozenset(f.name for f in fields(PaperDraft))


def marker(import_id: str) -> str:
    """The `trashed_at` value of an unfinished import's papers."""
    return f"{PENDING_PREFIX}{import_id}"


def is_pending(trashed_at: str | None) -> bool:
    return trashed_at is not None and trashed_at.startswith(PENDING_PREFIX)


# ---------------------------------------------------------------------------- writing
def defer(db: Database, import_id: str, n: int, draft: PaperDraft) -> None:
    """Keep a draft of a paper already in the library, to merge after the commit point."""
    data = asdict(draft)
    db.execute(
        "INSERT INTO import_deferred (import_id, n, draft) VALUES (?, ?, ?)",
        [import_id, n, json.dumps(data, ensure_ascii=False)],
    )


def unfinished(db: Database) -> list[str]:
    """Imports that have hidden papers or kept drafts and have not reached their commit."""
    rows = db.execute(
        "SELECT DISTINCT substr(trashed_at, ?) FROM papers WHERE trashed_at LIKE ? "
        "UNION SELECT DISTINCT import_id FROM import_deferred",
        [len(PENDING_PREFIX) + 1, f"{PENDING_PREFIX}%"],
    )
    publishing_now = set(publishing(db))
    return [str(r[0]) for r in rows if str(r[0]) not in publishing_now]


def discard(db: Database, import_id: str) -> int:
    """Delete what an import that will never commit wrote (inside a transaction)."""
    cur = db.execute("DELETE FROM papers WHERE trashed_at = ?", [marker(import_id)])
    db.execute("DELETE FROM import_deferred WHERE import_id = ?", [import_id])
    return int(cur.rowcount or 0)


# --------------------------------------------------------------- commit and publishing
def commit(db: Database, import_id: str, now: str) -> None:
    """The commit point: from here on the import is finished, if need be by the next open."""
    db.execute(
        "INSERT INTO import_journal (import_id, state, at) VALUES (?, 'publishing', ?)",
        [import_id, now],
    )


def publishing(db: Database) -> list[str]:
    """Imports past their commit point whose publishing is not finished."""
    return [str(r[0]) for r in db.execute("SELECT import_id FROM import_journal")]


def publish(db: Database, import_id: str, now: str, limit: int = PUBLISH_STEP) -> list[int]:
    """Make up to `limit` of an import's papers part of the library (in a transaction).

    Each gets one change record, so the search index picks it up; the statements run in
    bulk, so a step stays short.
    """
    ids = [
        int(r[0])
        for r in db.execute(
            "SELECT id FROM papers WHERE trashed_at = ? ORDER BY id LIMIT ?",
            [marker(import_id), limit],
        )
    ]
    if not ids:
        return []
    top = db.execute("SELECT COALESCE(MAX(seq), 0) FROM changes").fetchone()[0]
    db.conn.executemany(
        "INSERT INTO changes (paper_id, at) VALUES (?, ?)", [(pid, now) for pid in ids]
    )
    seqs = db.execute(
        "SELECT seq, paper_id FROM changes WHERE seq > ? ORDER BY seq", [top]
    ).fetchall()
    db.conn.executemany(
        "UPDATE papers SET trashed_at = NULL, rev = ?, updated_at = ? WHERE id = ?",
        [(int(seq), now, int(pid)) for seq, pid in seqs],
    )
    return ids


def take_deferred(db: Database, import_id: str, limit: int = MERGE_STEP) -> list[PaperDraft]:
    """Up to `limit` kept drafts, removed from the journal (merge them in the same transaction)."""
    rows = db.execute(
        "SELECT n, draft FROM import_deferred WHERE import_id = ? ORDER BY n LIMIT ?",
        [import_id, limit],
    ).fetchall()
    if not rows:
        return []
    db.execute(
        "DELETE FROM import_deferred WHERE import_id = ? AND n <= ?", [import_id, rows[-1][0]]
    )
    drafts = []
    for _n, text in rows:
        data = json.loads(text)
        drafts.append(PaperDraft(**{k: v for k, v in data.items() if k in _DRAFT_FIELDS}))
    return drafts


def finish(db: Database, import_id: str) -> None:
    """The import is whole: forget it."""
    db.execute("DELETE FROM import_journal WHERE import_id = ?", [import_id])

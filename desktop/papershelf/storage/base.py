"""The connection every part of `PaperStore` shares, and the change log each write records in.

Every write records a row in `changes` (the change sequence the search index follows) and
stamps the paper's `rev` with it, inside the same transaction as the write itself.
"""

from __future__ import annotations

import sqlite3

from papershelf.core.errors import NotFoundError
from papershelf.storage.db import Database, transaction, utcnow


class StoreBase:
    """One library database connection (one thread owns it) and its change log."""

    def __init__(self, db: Database) -> None:
        self.db = db

    # ----------------------------------------------------------------- change tracking
    def _touch(self, paper_id: int, now: str | None = None) -> int:
        """Record that `paper_id` changed; the index replays these on catch-up."""
        now = now or utcnow()
        cur = self.db.execute("INSERT INTO changes (paper_id, at) VALUES (?, ?)", [paper_id, now])
        seq = int(cur.lastrowid or 0)
        self.db.execute(
            "UPDATE papers SET rev = ?, updated_at = ? WHERE id = ?", [seq, now, paper_id]
        )
        return seq

    def max_seq(self) -> int:
        row = self.db.execute("SELECT MAX(seq) FROM changes").fetchone()
        if row[0] is not None:
            return int(row[0])
        # After pruning the table can be empty; AUTOINCREMENT remembers the high-water mark.
        row = self.db.execute("SELECT seq FROM sqlite_sequence WHERE name = 'changes'").fetchone()
        return int(row[0]) if row else 0

    def library_id(self) -> str | None:
        """The random identity written when the library was created (None before schema 6)."""
        try:
            row = self.db.execute("SELECT value FROM meta WHERE key = 'library_id'").fetchone()
        except sqlite3.OperationalError:
            return None
        return str(row[0]) if row else None

    def live_revs(self) -> dict[int, int]:
        """Every paper not in the trash, with the change sequence of its latest edit."""
        rows = self.db.execute("SELECT id, rev FROM papers WHERE trashed_at IS NULL").fetchall()
        return {int(i): int(r) for i, r in rows}

    def changed_since(self, seq: int) -> tuple[int, list[int]]:
        """Paper ids changed after `seq`, and the sequence number they bring us to."""
        rows = self.db.execute(
            "SELECT DISTINCT paper_id FROM changes WHERE seq > ? ORDER BY paper_id", [seq]
        ).fetchall()
        return self.max_seq(), [int(r[0]) for r in rows]

    def prune_changes(self, upto: int) -> None:
        """Forget change records the index has applied (keeps the table small)."""
        with transaction(self.db):
            self.db.execute("DELETE FROM changes WHERE seq <= ?", [upto])

    # ------------------------------------------------------------------- existence
    def exists(self, paper_id: int) -> bool:
        row = self.db.execute("SELECT 1 FROM papers WHERE id = ?", [paper_id]).fetchone()
        return row is not None

    def _require(self, paper_id: int) -> None:
        if not self.exists(paper_id):
            raise NotFoundError(f"no paper with id {paper_id}")

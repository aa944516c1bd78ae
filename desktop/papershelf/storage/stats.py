"""Library statistics for `papershelf stats`: counts by status, tags, notes, recent activity."""

from __future__ import annotations

from typing import Any

from papershelf.core.models import ReadingStatus
from papershelf.storage.base import StoreBase
from papershelf.storage.rows import count_papers


class StatsMixin(StoreBase):
    """The statistics part of `PaperStore`."""

    def stats(self) -> dict[str, Any]:
        """Counts for `papershelf stats`."""
        by_status = {s.value: 0 for s in ReadingStatus}
        for status, n in self.db.execute(
            "SELECT status, COUNT(*) FROM papers WHERE trashed_at IS NULL GROUP BY status"
        ):
            by_status[status] = int(n)

        def one(sql: str) -> int:
            return int(self.db.execute(sql).fetchone()[0] or 0)

        return {
            "papers": count_papers(self.db),
            "by_status": by_status,
            "trashed": count_papers(self.db, trashed=True),
            "tags": one("SELECT COUNT(*) FROM tags"),
            "notes": one(
                "SELECT COUNT(*) FROM notes n JOIN papers p ON p.id = n.paper_id "
                "WHERE p.trashed_at IS NULL"
            ),
            "annotations": one(
                "SELECT COUNT(*) FROM annotations a JOIN papers p ON p.id = a.paper_id "
                "WHERE p.trashed_at IS NULL"
            ),
            "finished_last_30_days": one(
                "SELECT COUNT(DISTINCT paper_id) FROM status_history "
                "WHERE status = 'read' AND changed_at >= strftime('%Y-%m-%dT%H:%M:%S', "
                "'now', '-30 days')"
            ),
            "added_last_7_days": one(
                "SELECT COUNT(*) FROM papers WHERE trashed_at IS NULL AND added_at >= "
                "strftime('%Y-%m-%dT%H:%M:%S', 'now', '-7 days')"
            ),
        }

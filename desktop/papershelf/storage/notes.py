"""A paper's Markdown note and its annotations (quotes with a page and a comment)."""

from __future__ import annotations

from papershelf.core.errors import InvalidInputError, NotFoundError
from papershelf.storage.base import StoreBase
from papershelf.storage.db import transaction, utcnow


class NotesMixin(StoreBase):
    """The notes and annotations part of `PaperStore`."""

    def set_note(self, paper_id: int, body: str) -> bool:
        """Replace the paper's Markdown note; an empty body deletes it."""
        now = utcnow()
        with transaction(self.db):
            self._require(paper_id)
            row = self.db.execute(
                "SELECT body FROM notes WHERE paper_id = ?", [paper_id]
            ).fetchone()
            old = row[0] if row else None
            if not body.strip():
                if old is None:
                    return False
                self.db.execute("DELETE FROM notes WHERE paper_id = ?", [paper_id])
            elif old == body:
                return False
            else:
                self.db.execute(
                    "INSERT INTO notes (paper_id, body, updated_at) VALUES (?, ?, ?) "
                    "ON CONFLICT(paper_id) DO UPDATE SET body = excluded.body, "
                    "updated_at = excluded.updated_at",
                    [paper_id, body, now],
                )
            self._touch(paper_id, now)
        return True

    def append_note(self, paper_id: int, text: str) -> bool:
        with transaction(self.db):
            self._require(paper_id)
            row = self.db.execute(
                "SELECT body FROM notes WHERE paper_id = ?", [paper_id]
            ).fetchone()
            old = row[0] if row else ""
            body = f"{old.rstrip()}\n\n{text}" if old.strip() else text
            return self.set_note(paper_id, body)

    def add_annotation(
        self, paper_id: int, quote: str, page: int | None = None, comment: str | None = None
    ) -> int:
        if not quote.strip():
            raise InvalidInputError("an annotation needs a quote")
        if page is not None and page < 1:
            raise InvalidInputError(f"page must be 1 or more, not {page}")
        now = utcnow()
        with transaction(self.db):
            self._require(paper_id)
            cur = self.db.execute(
                "INSERT INTO annotations (paper_id, quote, page, comment, created_at) "
                "VALUES (?, ?, ?, ?, ?)",
                [paper_id, quote, page, comment or None, now],
            )
            self._touch(paper_id, now)
            return int(cur.lastrowid or 0)

    def delete_annotation(self, annotation_id: int) -> None:
        with transaction(self.db):
            row = self.db.execute(
                "SELECT paper_id FROM annotations WHERE id = ?", [annotation_id]
            ).fetchone()
            if row is None:
                raise NotFoundError(f"no annotation with id {annotation_id}")
            self.db.execute("DELETE FROM annotations WHERE id = ?", [annotation_id])
            self._touch(int(row[0]))

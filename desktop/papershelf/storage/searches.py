"""Saved searches: a name (compared case-insensitively) for a query string."""

from __future__ import annotations

from papershelf.core.errors import InvalidInputError, NotFoundError
from papershelf.storage.base import StoreBase
from papershelf.storage.db import transaction


class SearchesMixin(StoreBase):
    """The saved-search part of `PaperStore`."""

    def save_search(self, name: str, query: str) -> None:
        clean = " ".join(name.split())
        if not clean:
            raise InvalidInputError("a saved search needs a name")
        with transaction(self.db):
            self.db.execute(
                "INSERT INTO saved_searches (name, key, query) VALUES (?, ?, ?) "
                "ON CONFLICT(key) DO UPDATE SET name = excluded.name, query = excluded.query",
                [clean, clean.casefold(), query],
            )

    def saved_searches(self) -> list[tuple[str, str]]:
        return [
            (n, q)
            for n, q in self.db.execute("SELECT name, query FROM saved_searches ORDER BY key")
        ]

    def rename_search(self, old: str, new: str) -> None:
        clean = " ".join(new.split())
        if not clean:
            raise InvalidInputError("a saved search needs a name")
        with transaction(self.db):
            if self.db.execute(
                "SELECT 1 FROM saved_searches WHERE key = ? AND key != ?",
                [clean.casefold(), " ".join(old.split()).casefold()],
            ).fetchone():
                raise InvalidInputError(f"a saved search named {clean!r} already exists")
            cur = self.db.execute(
                "UPDATE saved_searches SET name = ?, key = ? WHERE key = ?",
                [clean, clean.casefold(), " ".join(old.split()).casefold()],
            )
            if cur.rowcount == 0:
                raise NotFoundError(f"no saved search named {old!r}")

    def delete_search(self, name: str) -> None:
        with transaction(self.db):
            cur = self.db.execute(
                "DELETE FROM saved_searches WHERE key = ?", [" ".join(name.split()).casefold()]
            )
            if cur.rowcount == 0:
                raise NotFoundError(f"no saved search named {name!r}")

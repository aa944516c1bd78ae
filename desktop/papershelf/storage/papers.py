"""PaperStore: every read and write of papers, tags, notes and annotations in SQLite.

`PaperStore` is the one object the rest of the app uses. It holds the paper rows (reads,
sorting, status, priority, trash, `extra`) and mixes in one part per aggregate:

- `base.StoreBase`: the connection and the change log every write records in;
- `tags.TagsMixin`, `notes.NotesMixin`, `searches.SearchesMixin`, `stats.StatsMixin`;
- `dedupe.DedupeMixin`: adding without duplicates and merging, by `core.merge_policy`'s rules.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from papershelf.core.biblio import NAMES_FIELDS
from papershelf.core.errors import InvalidInputError, NotFoundError
from papershelf.core.models import MAX_PRIORITY, MIN_PRIORITY, Paper, PaperDraft, ReadingStatus
from papershelf.core.query import SortKey, natural_descending
from papershelf.storage import staging
from papershelf.storage.db import transaction, utcnow
from papershelf.storage.dedupe import DedupeMixin, MergeOutcome
from papershelf.storage.notes import NotesMixin
from papershelf.storage.rows import count_papers, json_dict, load_papers
from papershelf.storage.searches import SearchesMixin
from papershelf.storage.stats import StatsMixin
from papershelf.storage.tags import TagsMixin, clean_tag, tag_key

__all__ = ["MergeOutcome", "PaperStore", "_clean_tag", "_normalized", "_tag_key"]

# The old private names, still imported by library/library.py and storage/inbox.py.
_clean_tag = clean_tag
_tag_key = tag_key


def _normalized(draft: PaperDraft) -> PaperDraft:
    """`merge_policy.normalize_draft`, imported by the writes that use it.

    Reading a page needs none of the merge rules (~6 ms of a cold start).
    """
    from papershelf.core.merge_policy import normalize_draft

    return normalize_draft(draft)


# ORDER BY clauses per key as (descending, ascending); the first-named direction of each key
# is its natural one (newest added, newest year, A→Z title, highest priority). Each matches a
# partial index of migration v3 so a sorted page never scans the table. Unknown years sort
# last both ways.
_ORDER_SQL: dict[SortKey, tuple[str, str]] = {
    SortKey.ADDED: ("added_at DESC, id DESC", "added_at ASC, id ASC"),
    SortKey.YEAR: (
        "year DESC, added_at DESC, id DESC",
        "year IS NULL, year ASC, added_at ASC, id ASC",
    ),
    SortKey.TITLE: ("title COLLATE NOCASE DESC, id DESC", "title COLLATE NOCASE ASC, id ASC"),
    SortKey.PRIORITY: (
        "priority DESC, added_at ASC, id ASC",
        "priority ASC, added_at DESC, id DESC",
    ),
    SortKey.UPDATED: ("updated_at DESC, id DESC", "updated_at ASC, id ASC"),
    SortKey.STATUS: (
        "status DESC, priority ASC, added_at DESC, id DESC",
        "status ASC, priority DESC, added_at ASC, id ASC",
    ),
}


def _view_filter(
    status: ReadingStatus | None,
    tags: Sequence[str],
    trashed: bool,
    among: Sequence[int] | None,
) -> tuple[str, list[Any]]:
    """The WHERE clause (and its parameters) of a view: `ids()` and `count_ids()` share it."""
    where = [staging.TRASHED if trashed else "trashed_at IS NULL"]
    params: list[Any] = []
    if among is not None:
        where.append("id IN (SELECT value FROM json_each(?))")
        params.append(json.dumps([int(i) for i in among]))
    if status is not None:
        where.append("status = ?")
        params.append(status.value)
    for tag in tags:
        where.append(
            "id IN (SELECT pt.paper_id FROM paper_tags pt JOIN tags t ON t.id = pt.tag_id "
            "WHERE t.key = ?)"
        )
        params.append(tag_key(tag))
    return " AND ".join(where), params


class PaperStore(DedupeMixin, TagsMixin, NotesMixin, SearchesMixin, StatsMixin):
    """The repository over one library database connection (one thread owns it)."""

    # ------------------------------------------------------------------------- reads
    def get(self, paper_id: int) -> Paper:
        """Raises: NotFoundError."""
        papers = self.get_many([paper_id])
        if not papers:
            raise NotFoundError(f"no paper with id {paper_id}")
        return papers[0]

    def get_many(self, ids: Sequence[int], *, details: bool = True) -> list[Paper]:
        """Papers for `ids`, in the order given; unknown ids are left out.

        Args:
            ids: paper ids.
            details: also load tags, notes and annotations (three batched queries).
        """
        return load_papers(self.db, ids, details=details)

    def ids(
        self,
        *,
        status: ReadingStatus | None = None,
        tags: Sequence[str] = (),
        sort: SortKey = SortKey.ADDED,
        descending: bool | None = None,
        trashed: bool = False,
        limit: int | None = None,
        among: Sequence[int] | None = None,
    ) -> list[int]:
        """Ids of papers matching the filters, sorted by the database.

        Several tags intersect. `descending=None` uses the key's natural direction. With
        `among` (search hits), only those papers are considered.
        """
        where, params = _view_filter(status, tags, trashed, among)
        sort = SortKey(sort)
        desc = natural_descending(sort) if descending is None else descending
        order = _ORDER_SQL[sort][0 if desc else 1]
        sql = f"SELECT id FROM papers WHERE {where} ORDER BY {order}"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        # `id` is the INTEGER PRIMARY KEY: SQLite hands back ints, and an int() per row was
        # half the time of listing 100k papers (the window lists every id of its view).
        return [r[0] for r in self.db.conn.execute(sql, params)]

    def count_ids(
        self,
        *,
        status: ReadingStatus | None = None,
        tags: Sequence[str] = (),
        trashed: bool = False,
    ) -> int:
        """How many ids `ids()` lists with these filters, without listing them."""
        where, params = _view_filter(status, tags, trashed, None)
        row = self.db.conn.execute(f"SELECT COUNT(*) FROM papers WHERE {where}", params).fetchone()
        return int(row[0])

    def counts(self) -> dict[str, int]:
        """Papers per sidebar view: "library", each status, and "trash".

        Two indexed queries (the live papers' status index, the trash's own index): the
        window recounts after every edit, so this must not scan the whole library.
        """
        out = {"library": 0, "trash": 0, **{s.value: 0 for s in ReadingStatus}}
        for status, n in self.db.execute(
            "SELECT status, COUNT(*) FROM papers WHERE trashed_at IS NULL GROUP BY status"
        ):
            out[status] = int(n)
            out["library"] += int(n)
        out["trash"] = count_papers(self.db, trashed=True)
        return out

    def count(self, *, trashed: bool = False) -> int:
        return count_papers(self.db, trashed=trashed)

    def has_papers(self) -> bool:
        """Whether the library holds any paper outside the trash.

        One index lookup, where `count()` reads every row (20-30 ms at 100k papers, which
        every open paid).
        """
        row = self.db.conn.execute(
            "SELECT EXISTS (SELECT 1 FROM papers WHERE trashed_at IS NULL)"
        ).fetchone()
        return bool(row[0])

    def resolve(self, ref: str) -> int:
        """Turn what a user typed (an id, an arXiv id or URL, a DOI) into a paper id.

        Raises:
            NotFoundError: nothing in the library matches.
        """
        text = ref.strip()
        if text.isdigit():
            if self.exists(int(text)):
                return int(text)
            raise NotFoundError(f"no paper with id {text}")
        # Imported here: compiling its patterns is ~2 ms of every open, and a paper id
        # (what the window and most commands use) needs none of them.
        from papershelf.core.identifiers import normalize_doi, parse_arxiv_id

        arxiv = parse_arxiv_id(text)
        if arxiv is not None:
            row = self.db.execute(
                "SELECT id FROM papers WHERE arxiv_id = ? ORDER BY trashed_at IS NOT NULL, id",
                [arxiv[0]],
            ).fetchone()
            if row:
                return int(row[0])
        doi = normalize_doi(text)
        if doi is not None:
            row = self.db.execute(
                "SELECT id FROM papers WHERE doi = ? ORDER BY trashed_at IS NOT NULL, id", [doi]
            ).fetchone()
            if row:
                return int(row[0])
        raise NotFoundError(f"no paper matches {ref!r} (give an id, arXiv id or DOI)")

    def status_history(self, paper_id: int) -> list[tuple[ReadingStatus, str]]:
        return [
            (ReadingStatus(s), at)
            for s, at in self.db.execute(
                "SELECT status, changed_at FROM status_history WHERE paper_id = ? ORDER BY id",
                [paper_id],
            )
        ]

    # ------------------------------------------------------------------------ writes
    def set_status(self, paper_id: int, status: ReadingStatus) -> bool:
        """Set the reading status; every real change is kept in the history."""
        now = utcnow()
        with transaction(self.db):
            row = self.db.execute("SELECT status FROM papers WHERE id = ?", [paper_id]).fetchone()
            if row is None:
                raise NotFoundError(f"no paper with id {paper_id}")
            if row[0] == status.value:
                return False
            self.db.execute("UPDATE papers SET status = ? WHERE id = ?", [status.value, paper_id])
            self.db.execute(
                "INSERT INTO status_history (paper_id, status, changed_at) VALUES (?, ?, ?)",
                [paper_id, status.value, now],
            )
            self._touch(paper_id, now)
        return True

    def set_priority(self, paper_id: int, priority: int) -> bool:
        if not MIN_PRIORITY <= priority <= MAX_PRIORITY:
            raise InvalidInputError(
                f"priority must be {MIN_PRIORITY}–{MAX_PRIORITY}, not {priority}"
            )
        with transaction(self.db):
            self._require(paper_id)
            cur = self.db.execute(
                "UPDATE papers SET priority = ? WHERE id = ? AND priority != ?",
                [priority, paper_id, priority],
            )
            if cur.rowcount == 0:
                return False
            self._touch(paper_id)
        return True

    def set_fields(self, paper_id: int, values: Mapping[str, Any]) -> dict[str, Any]:
        """Set metadata fields (`EDITABLE_FIELDS`) of one paper; returns their old values.

        Values are checked and normalized as an import would (`core/fields.py`).
        """
        from papershelf.core.fields import check_fields
        from papershelf.core.identifiers import title_key

        clean = check_fields(values)
        if not clean:
            return {}
        with transaction(self.db):
            old = self.get(paper_id)
            before = {name: getattr(old, name) for name in clean}
            sets = dict(clean)
            if "title" in clean:
                sets["title_key"] = title_key(clean["title"])
            values_sql = [
                json.dumps(v or [], ensure_ascii=False) if k in ("authors", *NAMES_FIELDS) else v
                for k, v in sets.items()
            ]
            assignments = ", ".join(f"{k} = ?" for k in sets)
            self.db.execute(
                f"UPDATE papers SET {assignments} WHERE id = ?", [*values_sql, paper_id]
            )
            self._touch(paper_id)
        return before

    def set_extra(self, paper_id: int, key: str, value: Any) -> None:
        """Set (or, with None, remove) one value in the paper's `extra` JSON."""
        with transaction(self.db):
            row = self.db.execute("SELECT extra FROM papers WHERE id = ?", [paper_id]).fetchone()
            if row is None:
                raise NotFoundError(f"no paper with id {paper_id}")
            extra = json_dict(row[0])
            if value is None:
                extra.pop(key, None)
            else:
                extra[key] = value
            self.db.execute(
                "UPDATE papers SET extra = ? WHERE id = ?",
                [json.dumps(extra, ensure_ascii=False), paper_id],
            )
            self._touch(paper_id)

    def set_trashed(self, paper_ids: Iterable[int], trashed: bool) -> int:
        """Move papers to the trash or back; returns how many changed."""
        now = utcnow()
        n = 0
        with transaction(self.db):
            for paper_id in paper_ids:
                self._require(paper_id)
                if trashed:
                    cur = self.db.execute(
                        "UPDATE papers SET trashed_at = ? WHERE id = ? AND trashed_at IS NULL",
                        [now, paper_id],
                    )
                else:
                    cur = self.db.execute(
                        f"UPDATE papers SET trashed_at = NULL WHERE id = ? AND {staging.TRASHED}",
                        [paper_id],
                    )
                if cur.rowcount:
                    self._touch(paper_id, now)
                    n += 1
        return n

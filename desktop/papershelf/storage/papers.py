"""PaperStore: every read and write of papers, tags, notes and annotations in SQLite.

Every write records a row in `changes` (the change sequence the search index follows) and
stamps the paper's `rev` with it, inside the same transaction as the write itself.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from papershelf.core.errors import InvalidInputError, NotFoundError
from papershelf.core.identifiers import normalize_doi, parse_arxiv_id, title_key
from papershelf.core.models import (
    MAX_PRIORITY,
    MIN_PRIORITY,
    Annotation,
    Paper,
    PaperDraft,
    ReadingStatus,
)
from papershelf.core.query import SortKey, natural_descending
from papershelf.storage.db import transaction, utcnow

_PAPER_COLUMNS = (
    "id, title, authors, year, venue, abstract, arxiv_id, arxiv_version, doi, url, source, "
    "added_at, updated_at, status, priority, rev, trashed_at, extra"
)


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


@dataclass(frozen=True)
class MergeOutcome:
    """What `add_or_merge` did with one draft."""

    paper_id: int
    merged: bool
    changed: bool
    restored: bool = False


def _tag_key(name: str) -> str:
    return " ".join(name.split()).casefold()


def _clean_tag(name: str) -> str:
    cleaned = " ".join(name.split()).strip().lstrip("#")
    if not cleaned:
        raise InvalidInputError("a tag cannot be empty")
    if len(cleaned) > 100:
        raise InvalidInputError(f"tag too long ({len(cleaned)} characters, at most 100)")
    return cleaned


class PaperStore:
    """The repository over one library database connection (one thread owns it)."""

    def __init__(self, db: sqlite_utils.Database) -> None:
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

    # ------------------------------------------------------------------------- reads
    def exists(self, paper_id: int) -> bool:
        row = self.db.execute("SELECT 1 FROM papers WHERE id = ?", [paper_id]).fetchone()
        return row is not None

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
        if not ids:
            return []
        by_id: dict[int, Paper] = {}
        for chunk in _chunks(ids, 500):
            marks = ",".join("?" * len(chunk))
            for row in self.db.execute(
                f"SELECT {_PAPER_COLUMNS} FROM papers WHERE id IN ({marks})", list(chunk)
            ):
                paper = _row_to_paper(row)
                by_id[paper.id] = paper
            if details:
                self._load_details(chunk, by_id)
        return [by_id[i] for i in ids if i in by_id]

    def _load_details(self, chunk: Sequence[int], by_id: dict[int, Paper]) -> None:
        marks = ",".join("?" * len(chunk))
        for pid, name in self.db.execute(
            f"SELECT pt.paper_id, t.name FROM paper_tags pt JOIN tags t ON t.id = pt.tag_id "
            f"WHERE pt.paper_id IN ({marks}) ORDER BY t.key",
            list(chunk),
        ):
            by_id[pid].tags.append(name)
        for pid, body, updated in self.db.execute(
            f"SELECT paper_id, body, updated_at FROM notes WHERE paper_id IN ({marks})",
            list(chunk),
        ):
            by_id[pid].note = body
            by_id[pid].note_updated_at = updated
        for aid, pid, quote, page, comment, created in self.db.execute(
            f"SELECT id, paper_id, quote, page, comment, created_at FROM annotations "
            f"WHERE paper_id IN ({marks}) ORDER BY id",
            list(chunk),
        ):
            by_id[pid].annotations.append(Annotation(aid, pid, quote, page, comment, created))

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
        where = ["trashed_at IS NOT NULL" if trashed else "trashed_at IS NULL"]
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
            params.append(_tag_key(tag))
        sort = SortKey(sort)
        desc = natural_descending(sort) if descending is None else descending
        order = _ORDER_SQL[sort][0 if desc else 1]
        sql = f"SELECT id FROM papers WHERE {' AND '.join(where)} ORDER BY {order}"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return [int(r[0]) for r in self.db.execute(sql, params)]

    def counts(self) -> dict[str, int]:
        """Papers per sidebar view: "library", each status, and "trash" (one query)."""
        out = {"library": 0, "trash": 0, **{s.value: 0 for s in ReadingStatus}}
        for status, trashed, n in self.db.execute(
            "SELECT status, trashed_at IS NOT NULL, COUNT(*) FROM papers GROUP BY 1, 2"
        ):
            if trashed:
                out["trash"] += int(n)
            else:
                out[status] = int(n)
                out["library"] += int(n)
        return out

    def count(self, *, trashed: bool = False) -> int:
        cond = "trashed_at IS NOT NULL" if trashed else "trashed_at IS NULL"
        return int(self.db.execute(f"SELECT COUNT(*) FROM papers WHERE {cond}").fetchone()[0])

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

    def find_duplicate(self, draft: PaperDraft) -> int | None:
        """The paper `draft` describes, if already present: by arXiv id, DOI, then title (+year)."""
        if draft.arxiv_id:
            row = self.db.execute(
                "SELECT id FROM papers WHERE arxiv_id = ? ORDER BY id LIMIT 1", [draft.arxiv_id]
            ).fetchone()
            if row:
                return int(row[0])
        if draft.doi:
            row = self.db.execute(
                "SELECT id FROM papers WHERE doi = ? ORDER BY id LIMIT 1", [draft.doi]
            ).fetchone()
            if row:
                return int(row[0])
        key = _draft_title_key(draft)
        if not key:
            return None
        for pid, year, arxiv, doi in self.db.execute(
            "SELECT id, year, arxiv_id, doi FROM papers WHERE title_key = ? ORDER BY id", [key]
        ):
            if draft.year is not None and year is not None and int(year) != draft.year:
                continue
            # Two different arXiv ids (or DOIs) with the same title are two papers.
            if draft.arxiv_id and arxiv and arxiv != draft.arxiv_id:
                continue
            if draft.doi and doi and doi != draft.doi:
                continue
            return int(pid)
        return None

    # ------------------------------------------------------------------------ writes
    def add_or_merge(self, draft: PaperDraft, *, now: str | None = None) -> MergeOutcome:
        """Insert `draft`, or fill the gaps of the paper it duplicates.

        A merge only fills empty fields and raises the arXiv version: it never overwrites
        what is there, and never touches the user's tags, notes, status or annotations.
        """
        draft = _normalized(draft)
        now = now or utcnow()
        with transaction(self.db):
            existing = self.find_duplicate(draft)
            if existing is None:
                return MergeOutcome(self._insert(draft, now), merged=False, changed=True)
            changed = self._fill_gaps(existing, draft, now)
            # Importing a paper again means wanting it: bring it back from the trash.
            cur = self.db.execute(
                "UPDATE papers SET trashed_at = NULL WHERE id = ? AND trashed_at IS NOT NULL",
                [existing],
            )
            restored = cur.rowcount > 0
            if restored and not changed:
                self._touch(existing, now)
            return MergeOutcome(
                existing, merged=True, changed=changed or restored, restored=restored
            )

    def _insert(self, draft: PaperDraft, now: str) -> int:
        cur = self.db.execute(
            "INSERT INTO papers (title, title_key, authors, year, venue, abstract, arxiv_id, "
            "arxiv_version, doi, url, source, added_at, updated_at, extra) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                draft.title,
                _draft_title_key(draft),
                json.dumps(draft.authors, ensure_ascii=False),
                draft.year,
                draft.venue,
                draft.abstract,
                draft.arxiv_id,
                draft.arxiv_version,
                draft.doi,
                draft.url,
                draft.source,
                now,
                now,
                json.dumps(draft.extra, ensure_ascii=False),
            ],
        )
        paper_id = int(cur.lastrowid or 0)
        self.db.execute(
            "INSERT INTO status_history (paper_id, status, changed_at) VALUES (?, ?, ?)",
            [paper_id, ReadingStatus.TO_READ.value, now],
        )
        self._touch(paper_id, now)
        return paper_id

    def _fill_gaps(self, paper_id: int, draft: PaperDraft, now: str) -> bool:
        row = self.db.execute(
            "SELECT authors, year, venue, abstract, arxiv_id, arxiv_version, doi, url, extra "
            "FROM papers WHERE id = ?",
            [paper_id],
        ).fetchone()
        authors, year, venue, abstract, arxiv_id, arxiv_version, doi, url, extra = row
        updates: dict[str, Any] = {}
        if authors in (None, "[]") and draft.authors:
            updates["authors"] = json.dumps(draft.authors, ensure_ascii=False)
        for column, old, new in (
            ("year", year, draft.year),
            ("venue", venue, draft.venue),
            ("abstract", abstract, draft.abstract),
            ("arxiv_id", arxiv_id, draft.arxiv_id),
            ("doi", doi, draft.doi),
            ("url", url, draft.url),
        ):
            if (old is None or old == "") and new not in (None, ""):
                updates[column] = new
        newer = draft.arxiv_version and (arxiv_version or 0) < draft.arxiv_version
        if newer and arxiv_id in (None, draft.arxiv_id):
            updates["arxiv_version"] = draft.arxiv_version
        # A placeholder's or an untitled record's flags describe the draft, not the paper it
        # merges into (which has its own metadata).
        draft_extra = {k: v for k, v in draft.extra.items() if k not in _DRAFT_ONLY_FLAGS}
        if draft_extra:
            old_extra = json.loads(extra or "{}")
            new_extra = {**draft_extra, **old_extra}
            if new_extra != old_extra:
                updates["extra"] = json.dumps(new_extra, ensure_ascii=False)
        if not updates:
            return False
        sets = ", ".join(f"{c} = ?" for c in updates)
        self.db.execute(f"UPDATE papers SET {sets} WHERE id = ?", [*updates.values(), paper_id])
        self._touch(paper_id, now)
        return True

    def _require(self, paper_id: int) -> None:
        if not self.exists(paper_id):
            raise NotFoundError(f"no paper with id {paper_id}")

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

    def status_history(self, paper_id: int) -> list[tuple[ReadingStatus, str]]:
        return [
            (ReadingStatus(s), at)
            for s, at in self.db.execute(
                "SELECT status, changed_at FROM status_history WHERE paper_id = ? ORDER BY id",
                [paper_id],
            )
        ]

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

    def _tag_id(self, name: str) -> int:
        clean = _clean_tag(name)
        key = _tag_key(clean)
        row = self.db.execute("SELECT id FROM tags WHERE key = ?", [key]).fetchone()
        if row:
            return int(row[0])
        cur = self.db.execute("INSERT INTO tags (name, key) VALUES (?, ?)", [clean, key])
        return int(cur.lastrowid or 0)

    def change_tags(
        self, paper_ids: Iterable[int], add: Iterable[str] = (), remove: Iterable[str] = ()
    ) -> bool:
        """Add and remove tags (case-insensitively) on several papers in one transaction."""
        add = list(add)
        remove = [_tag_key(t) for t in remove]
        changed = False
        with transaction(self.db):
            for paper_id in paper_ids:
                self._require(paper_id)
                touched = False
                for name in add:
                    cur = self.db.execute(
                        "INSERT OR IGNORE INTO paper_tags (paper_id, tag_id) VALUES (?, ?)",
                        [paper_id, self._tag_id(name)],
                    )
                    touched |= cur.rowcount > 0
                for key in remove:
                    cur = self.db.execute(
                        "DELETE FROM paper_tags WHERE paper_id = ? AND tag_id = "
                        "(SELECT id FROM tags WHERE key = ?)",
                        [paper_id, key],
                    )
                    touched |= cur.rowcount > 0
                if touched:
                    self._touch(paper_id)
                    changed = True
            # Only the tags just removed can have become unused.
            for key in remove:
                self.db.execute(
                    "DELETE FROM tags WHERE key = ? AND NOT EXISTS "
                    "(SELECT 1 FROM paper_tags WHERE tag_id = tags.id)",
                    [key],
                )
        return changed

    def set_extra(self, paper_id: int, key: str, value: Any) -> None:
        """Set (or, with None, remove) one value in the paper's `extra` JSON."""
        with transaction(self.db):
            row = self.db.execute("SELECT extra FROM papers WHERE id = ?", [paper_id]).fetchone()
            if row is None:
                raise NotFoundError(f"no paper with id {paper_id}")
            extra = _json_dict(row[0])
            if value is None:
                extra.pop(key, None)
            else:
                extra[key] = value
            self.db.execute(
                "UPDATE papers SET extra = ? WHERE id = ?",
                [json.dumps(extra, ensure_ascii=False), paper_id],
            )
            self._touch(paper_id)

    def ids_with_tag(self, name: str) -> list[int]:
        return [
            int(r[0])
            for r in self.db.execute(
                "SELECT pt.paper_id FROM paper_tags pt JOIN tags t ON t.id = pt.tag_id "
                "WHERE t.key = ? ORDER BY pt.paper_id",
                [_tag_key(name)],
            )
        ]

    def tags(self) -> list[tuple[str, int]]:
        """Every tag in use with its paper count (trashed papers not counted)."""
        return [
            (name, int(n))
            for name, n in self.db.execute(
                "SELECT t.name, COUNT(p.id) FROM tags t "
                "JOIN paper_tags pt ON pt.tag_id = t.id "
                "JOIN papers p ON p.id = pt.paper_id AND p.trashed_at IS NULL "
                "GROUP BY t.id ORDER BY t.key"
            )
        ]

    def rename_tag(self, old: str, new: str) -> int:
        """Rename a tag; renaming onto an existing tag merges the two. Returns papers touched."""
        new_clean = _clean_tag(new)
        with transaction(self.db):
            row = self.db.execute("SELECT id FROM tags WHERE key = ?", [_tag_key(old)]).fetchone()
            if row is None:
                raise NotFoundError(f"no tag named {old!r}")
            old_id = int(row[0])
            paper_ids = [
                int(r[0])
                for r in self.db.execute(
                    "SELECT paper_id FROM paper_tags WHERE tag_id = ?", [old_id]
                )
            ]
            target = self.db.execute(
                "SELECT id FROM tags WHERE key = ?", [_tag_key(new_clean)]
            ).fetchone()
            if target is None or int(target[0]) == old_id:
                self.db.execute(
                    "UPDATE tags SET name = ?, key = ? WHERE id = ?",
                    [new_clean, _tag_key(new_clean), old_id],
                )
            else:
                self.db.execute(
                    "INSERT OR IGNORE INTO paper_tags (paper_id, tag_id) "
                    "SELECT paper_id, ? FROM paper_tags WHERE tag_id = ?",
                    [int(target[0]), old_id],
                )
                self.db.execute("DELETE FROM tags WHERE id = ?", [old_id])
            for pid in paper_ids:
                self._touch(pid)
        return len(paper_ids)

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
                        "UPDATE papers SET trashed_at = NULL "
                        "WHERE id = ? AND trashed_at IS NOT NULL",
                        [paper_id],
                    )
                if cur.rowcount:
                    self._touch(paper_id, now)
                    n += 1
        return n

    # ---------------------------------------------------------------- saved searches
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

    def delete_tag(self, name: str) -> list[int]:
        """Remove a tag from every paper; returns the papers that had it (for undo)."""
        with transaction(self.db):
            row = self.db.execute("SELECT id FROM tags WHERE key = ?", [_tag_key(name)]).fetchone()
            if row is None:
                raise NotFoundError(f"no tag named {name!r}")
            ids = [
                int(r[0])
                for r in self.db.execute(
                    "SELECT paper_id FROM paper_tags WHERE tag_id = ?", [row[0]]
                )
            ]
            self.db.execute("DELETE FROM tags WHERE id = ?", [row[0]])
            for pid in ids:
                self._touch(pid)
        return ids

    def delete_search(self, name: str) -> None:
        with transaction(self.db):
            cur = self.db.execute(
                "DELETE FROM saved_searches WHERE key = ?", [" ".join(name.split()).casefold()]
            )
            if cur.rowcount == 0:
                raise NotFoundError(f"no saved search named {name!r}")

    # ------------------------------------------------------------------------ stats
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
            "papers": self.count(),
            "by_status": by_status,
            "trashed": self.count(trashed=True),
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

    # ------------------------------------------------------------- online lookups
    def replace_metadata(self, paper_id: int, draft: PaperDraft) -> None:
        """Overwrite a paper's bibliographic fields with looked-up ones (a placeholder filled).

        Title, authors, year, venue, abstract and the arXiv version are replaced; identifiers
        and the URL only where the draft has them. `extra` gains the draft's keys and loses
        `metadata_pending`. Tags, note, status, priority and annotations are never touched.
        """
        draft = _normalized(draft)
        now = utcnow()
        with transaction(self.db):
            row = self.db.execute(
                "SELECT arxiv_id, arxiv_version, doi, url, extra FROM papers WHERE id = ?",
                [paper_id],
            ).fetchone()
            if row is None:
                raise NotFoundError(f"no paper with id {paper_id}")
            arxiv_id, arxiv_version, doi, url, extra = row
            merged_extra = {**_json_dict(extra), **draft.extra}
            merged_extra.pop("metadata_pending", None)
            self.db.execute(
                "UPDATE papers SET title = ?, title_key = ?, authors = ?, year = ?, venue = ?, "
                "abstract = ?, arxiv_id = ?, arxiv_version = ?, doi = ?, url = ?, extra = ? "
                "WHERE id = ?",
                [
                    draft.title,
                    title_key(draft.title),
                    json.dumps(draft.authors, ensure_ascii=False),
                    draft.year,
                    draft.venue,
                    draft.abstract,
                    draft.arxiv_id or arxiv_id,
                    draft.arxiv_version if draft.arxiv_id else arxiv_version,
                    draft.doi or doi,
                    draft.url or url,
                    json.dumps(merged_extra, ensure_ascii=False),
                    paper_id,
                ],
            )
            self._touch(paper_id, now)

    def merge_papers(self, keep_id: int, drop_id: int) -> None:
        """Fold a duplicate into `keep_id` and delete it, losing nothing the user added.

        The kept paper's empty fields are filled from the duplicate (all of them when the kept
        one is a pending placeholder), its arXiv version raised; tags are united, notes joined,
        annotations, status history and attached files moved; a status beyond to-read and the
        higher priority win; if either paper was out of the trash, the result is. The kept
        paper records `merged_ids`, so an edit still aimed at the dropped one finds it.
        """
        if keep_id == drop_id:
            raise InvalidInputError(f"cannot merge paper {keep_id} with itself")
        now = utcnow()
        with transaction(self.db):
            found = {p.id: p for p in self.get_many([keep_id, drop_id])}
            if keep_id not in found or drop_id not in found:
                missing = keep_id if keep_id not in found else drop_id
                raise NotFoundError(f"no paper with id {missing}")
            keep, drop = found[keep_id], found[drop_id]
            draft = PaperDraft(
                title=drop.title,
                authors=drop.authors,
                year=drop.year,
                venue=drop.venue,
                abstract=drop.abstract,
                arxiv_id=drop.arxiv_id if keep.arxiv_id in (None, drop.arxiv_id) else None,
                arxiv_version=drop.arxiv_version,
                doi=drop.doi if keep.doi is None else None,
                url=drop.url,
                extra={k: v for k, v in drop.extra.items() if k != "metadata_pending"},
            )
            self.db.execute(
                "INSERT OR IGNORE INTO paper_tags (paper_id, tag_id) "
                "SELECT ?, tag_id FROM paper_tags WHERE paper_id = ?",
                [keep_id, drop_id],
            )
            # Attached PDFs (and their indexed pages, which hang off the attachment) follow the
            # paper: the preprint being folded in is often the one with the PDF.
            for table in ("annotations", "status_history", "attachments"):
                self.db.execute(
                    f"UPDATE {table} SET paper_id = ? WHERE paper_id = ?", [keep_id, drop_id]
                )
            self.db.execute("DELETE FROM papers WHERE id = ?", [drop_id])
            if keep.extra.get("metadata_pending") and not drop.extra.get("metadata_pending"):
                self.replace_metadata(keep_id, draft)
            else:
                self._fill_gaps(keep_id, draft, now)
            if drop.note and drop.note.strip():
                self.set_note(
                    keep_id, f"{keep.note.rstrip()}\n\n{drop.note}" if keep.note else drop.note
                )
            if keep.status is ReadingStatus.TO_READ and drop.status is not ReadingStatus.TO_READ:
                self.db.execute(
                    "UPDATE papers SET status = ? WHERE id = ?", [drop.status.value, keep_id]
                )
            if drop.priority > keep.priority:
                self.db.execute(
                    "UPDATE papers SET priority = ? WHERE id = ?", [drop.priority, keep_id]
                )
            if drop.trashed_at is None:
                self.db.execute("UPDATE papers SET trashed_at = NULL WHERE id = ?", [keep_id])
            merged = self.db.execute("SELECT extra FROM papers WHERE id = ?", [keep_id]).fetchone()[
                0
            ]
            extra = _json_dict(merged)
            extra["merged_ids"] = sorted({*extra.get("merged_ids", []), drop_id})
            self.db.execute(
                "UPDATE papers SET extra = ? WHERE id = ?",
                [json.dumps(extra, ensure_ascii=False), keep_id],
            )
            self._touch(drop_id, now)
            self._touch(keep_id, now)

    def merged_into(self, paper_id: int) -> int | None:
        """The paper a deleted duplicate was merged into (`merge_papers`), if any."""
        row = self.db.execute(
            "SELECT p.id FROM papers p, json_each(p.extra, '$.merged_ids') m "
            "WHERE m.value = ? LIMIT 1",
            [paper_id],
        ).fetchone()
        return int(row[0]) if row else None


def _normalized(draft: PaperDraft) -> PaperDraft:
    """Canonical identifiers and trimmed text, so duplicates are found whatever the spelling."""
    title = " ".join(draft.title.split())
    if not title:
        raise InvalidInputError("a paper needs a title")
    arxiv_id, version = draft.arxiv_id, draft.arxiv_version
    if arxiv_id:
        parsed = parse_arxiv_id(arxiv_id)
        if parsed is None:
            raise InvalidInputError(f"not an arXiv id: {arxiv_id!r}")
        arxiv_id, version = parsed[0], parsed[1] or version
    doi = normalize_doi(draft.doi) if draft.doi else None
    abstract = draft.abstract.strip() if draft.abstract else None
    return PaperDraft(
        title=title,
        authors=[" ".join(a.split()) for a in draft.authors if a.strip()],
        year=draft.year,
        venue=draft.venue.strip() if draft.venue else None,
        abstract=abstract or None,
        arxiv_id=arxiv_id,
        arxiv_version=version,
        doi=doi,
        url=draft.url,
        source=draft.source,
        line=draft.line,
        extra=draft.extra,
    )


def _row_to_paper(row: sqlite3.Row | tuple[Any, ...]) -> Paper:
    (
        pid,
        title,
        authors,
        year,
        venue,
        abstract,
        arxiv_id,
        arxiv_version,
        doi,
        url,
        source,
        added_at,
        updated_at,
        status,
        priority,
        rev,
        trashed_at,
        extra,
    ) = row
    return Paper(
        id=int(pid),
        title=title,
        authors=list(json.loads(authors or "[]")),
        year=year,
        venue=venue,
        abstract=abstract,
        arxiv_id=arxiv_id,
        arxiv_version=arxiv_version,
        doi=doi,
        url=url,
        source=source,
        added_at=added_at,
        updated_at=updated_at,
        status=ReadingStatus(status),
        priority=int(priority),
        rev=int(rev),
        trashed_at=trashed_at,
        extra=_json_dict(extra),
    )


def _json_dict(text: str | None) -> dict[str, Any]:
    try:
        value = json.loads(text or "{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _chunks(seq: Sequence[int], size: int) -> Iterable[Sequence[int]]:
    for start in range(0, len(seq), size):
        yield seq[start : start + size]


_DRAFT_ONLY_FLAGS = frozenset({"metadata_pending", "untitled"})


def _draft_title_key(draft: PaperDraft) -> str:
    """The key duplicates are found by; none for an untitled record (all share "[untitled]")."""
    return "" if draft.extra.get("untitled") else title_key(draft.title)

"""Possible duplicates in SQL: recorded pairs, the scan, and undoable merges.

The pairs an import kept apart, the user's "not duplicates", the scan for unmerged records
of one work, and the snapshot that makes a merge undoable.

Whether two records are one work is `core.merge_policy.compare`'s decision; this module
fetches the identities it compares.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from papershelf.core.duplicates import MergeSnapshot
from papershelf.storage.base import StoreBase
from papershelf.storage.db import transaction

if TYPE_CHECKING:
    from papershelf.core.merge_policy import Identity

# core.merge_policy is imported by the methods that compare: reading a page needs none of it.

POSSIBLE = "possible"
DISTINCT = "distinct"
_IDENTITY_COLUMNS = (
    "id, arxiv_id, doi, title_key, year, authors, venue, volume, issue, pages, entry_type"
)
_GROUP_LIMIT = 50
"""Papers of one shared title compared pairwise at most (a title like "Preface" is shared by
hundreds of distinct works; comparing them all would be quadratic)."""
_SNAPSHOT_TABLES = ("paper_tags", "notes", "source_keys")
"""Rows hanging off a paper that a merge deletes or rewrites; an undo puts them back."""
_MOVED_TABLES = ("annotations", "status_history", "attachments")
"""Rows a merge moves to the kept paper; an undo moves them back by id."""

Pair = tuple[int, int]


def pair(a: int, b: int) -> Pair:
    return (a, b) if a < b else (b, a)


class DuplicatesMixin(StoreBase):
    """The possible-duplicates part of `PaperStore`."""

    # ---------------------------------------------------------------- identities
    def identities(self, where: str, params: Sequence[Any]) -> list[tuple[int, Identity, str]]:
        """(id, identity, trashed_at) of the papers matching the SQL condition `where`."""
        from papershelf.core.merge_policy import Identity

        rows = self.db.execute(
            f"SELECT {_IDENTITY_COLUMNS}, trashed_at FROM papers WHERE {where}", list(params)
        ).fetchall()
        keys = self._keys_of([int(r[0]) for r in rows])
        return [
            (
                int(pid),
                Identity.build(
                    arxiv_id=arxiv,
                    doi=doi,
                    title_key=tkey,
                    year=year,
                    keys=keys.get(int(pid), ()),
                    authors=_first_author(authors),
                    venue=venue,
                    volume=volume,
                    issue=issue,
                    pages=pages,
                    entry_type=entry_type,
                ),
                trashed,
            )
            for pid, arxiv, doi, tkey, year, authors, venue, volume, issue, pages, entry_type, trashed in rows  # noqa: E501
        ]

    def _keys_of(self, paper_ids: Sequence[int]) -> dict[int, list[tuple[str, str]]]:
        found: dict[int, list[tuple[str, str]]] = {}
        for start in range(0, len(paper_ids), 500):
            chunk = paper_ids[start : start + 500]
            marks = ", ".join("?" * len(chunk))
            for pid, file, key in self.db.execute(
                f"SELECT paper_id, file, key FROM source_keys WHERE paper_id IN ({marks})", chunk
            ):
                found.setdefault(int(pid), []).append((file, key))
        return found

    def record_source_keys(self, paper_id: int, keys: Iterable[tuple[str, str]]) -> None:
        """Remember the (file, citation key) a paper was imported under (the latest wins)."""
        for file, key in keys:
            self.db.execute(
                "INSERT OR REPLACE INTO source_keys (file, key, paper_id) VALUES (?, ?, ?)",
                [file, key, paper_id],
            )

    # ---------------------------------------------------------------- pairs
    def record_possible(self, paper_id: int, possible: Iterable[tuple[int, str]]) -> int:
        """Record that `paper_id` may duplicate each (paper, reason); returns how many pairs.

        A pair the user marked "not duplicates" stays so.
        """
        n = 0
        for other, reason in possible:
            a, b = pair(paper_id, other)
            cur = self.db.execute(
                "INSERT OR IGNORE INTO duplicate_pairs (a, b, state, reason) VALUES (?, ?, ?, ?)",
                [a, b, POSSIBLE, reason],
            )
            n += cur.rowcount
        return n

    def recorded_pairs(self) -> tuple[dict[Pair, str], set[Pair]]:
        """The possible pairs of live papers (with reasons), and every pair marked distinct."""
        possible: dict[Pair, str] = {}
        distinct: set[Pair] = set()
        rows = self.db.execute(
            "SELECT d.a, d.b, d.state, d.reason FROM duplicate_pairs d "
            "JOIN papers pa ON pa.id = d.a JOIN papers pb ON pb.id = d.b "
            "WHERE pa.trashed_at IS NULL AND pb.trashed_at IS NULL"
        )
        for a, b, state, reason in rows:
            if state == DISTINCT:
                distinct.add((int(a), int(b)))
            else:
                possible[(int(a), int(b))] = reason
        return possible, distinct

    def pair_states(self, paper_ids: Sequence[int]) -> list[tuple[int, int, str, str]]:
        """The recorded (a, b, state, reason) among `paper_ids`."""
        ids = sorted(set(paper_ids))
        marks = ", ".join("?" * len(ids))
        rows = self.db.execute(
            f"SELECT a, b, state, reason FROM duplicate_pairs "
            f"WHERE a IN ({marks}) AND b IN ({marks})",
            [*ids, *ids],
        )
        return [(int(a), int(b), state, reason) for a, b, state, reason in rows]

    def set_pair_states(
        self, paper_ids: Sequence[int], states: Iterable[tuple[int, int, str, str]]
    ) -> None:
        """Make the pairs among `paper_ids` exactly `states` (others among them are dropped)."""
        ids = sorted(set(paper_ids))
        marks = ", ".join("?" * len(ids))
        with transaction(self.db):
            self.db.execute(
                f"DELETE FROM duplicate_pairs WHERE a IN ({marks}) AND b IN ({marks})", [*ids, *ids]
            )
            for a, b, state, reason in states:
                self.db.execute(
                    "INSERT INTO duplicate_pairs (a, b, state, reason) VALUES (?, ?, ?, ?)",
                    [a, b, state, reason],
                )

    # ---------------------------------------------------------------- the scan
    def scan_pairs(self) -> dict[Pair, str]:
        """Pairs of live papers that share a title, DOI or arXiv id and may be one work.

        Each group of papers sharing a value is compared pairwise by `merge_policy.compare`:
        records of one work left unmerged and possible duplicates are returned with their
        reason; records that are two works (different DOIs, ...) are not.
        """
        from papershelf.core.merge_policy import MATCH_REASONS, compare

        groups: dict[tuple[str, str], list[int]] = {}
        where = {
            "title_key": "title_key IN (SELECT title_key FROM papers "
            "WHERE trashed_at IS NULL AND title_key != '' GROUP BY title_key HAVING COUNT(*) > 1)",
            "doi": "doi IN (SELECT doi FROM papers WHERE doi IS NOT NULL AND doi != '' "
            "GROUP BY doi HAVING COUNT(*) > 1)",
            "arxiv_id": "arxiv_id IN (SELECT arxiv_id FROM papers WHERE arxiv_id IS NOT NULL "
            "AND arxiv_id != '' GROUP BY arxiv_id HAVING COUNT(*) > 1)",
        }
        identities: dict[int, Identity] = {}
        for column, condition in where.items():
            for pid, identity, _trashed in self.identities(
                f"{condition} AND trashed_at IS NULL", ()
            ):
                identities[pid] = identity
                value = str(getattr(identity, column))
                groups.setdefault((column, value), []).append(pid)
        found: dict[Pair, str] = {}
        for ids in groups.values():
            ids = sorted(ids)[:_GROUP_LIMIT]
            for i, a in enumerate(ids):
                for b in ids[i + 1 :]:
                    if (a, b) in found:
                        continue
                    verdict = compare(identities[b], identities[a])
                    if verdict.match is not None:
                        found[(a, b)] = MATCH_REASONS[verdict.match]
                    elif verdict.possible:
                        found[(a, b)] = verdict.possible
        return found

    # ---------------------------------------------------------------- undoable merges
    def merge_snapshot(self, keep_id: int, drop_ids: Sequence[int]) -> MergeSnapshot:
        """What `restore_merge` needs to take a merge of `drop_ids` into `keep_id` back."""
        ids = [keep_id, *drop_ids]
        marks = ", ".join("?" * len(ids))
        rows: list[tuple[str, tuple[tuple[str, Any], ...]]] = []
        for table, column in (
            ("papers", "id"),
            *((t, "paper_id") for t in _SNAPSHOT_TABLES),
        ):
            cur = self.db.execute(f"SELECT * FROM {table} WHERE {column} IN ({marks})", ids)
            names = [d[0] for d in cur.description]
            rows += [(table, tuple(zip(names, row, strict=True))) for row in cur.fetchall()]
        cur = self.db.execute(
            f"SELECT * FROM duplicate_pairs WHERE a IN ({marks}) OR b IN ({marks})", [*ids, *ids]
        )
        names = [d[0] for d in cur.description]
        rows += [("duplicate_pairs", tuple(zip(names, row, strict=True))) for row in cur]
        dropped = ", ".join("?" * len(drop_ids))
        moved = tuple(
            (table, int(rid), int(pid))
            for table in _MOVED_TABLES
            for rid, pid in self.db.execute(
                f"SELECT id, paper_id FROM {table} WHERE paper_id IN ({dropped})", list(drop_ids)
            )
        )
        last = self.db.execute(
            "SELECT COALESCE(MAX(id), 0) FROM status_history WHERE paper_id = ?", [keep_id]
        ).fetchone()[0]
        return MergeSnapshot(keep_id, tuple(drop_ids), tuple(rows), moved, int(last))

    def restore_merge(self, snapshot: MergeSnapshot) -> None:
        """Put the papers of a merge back as `snapshot` recorded them, with their ids."""
        keep = snapshot.keep_id
        ids = [keep, *snapshot.drop_ids]
        marks = ", ".join("?" * len(ids))
        with transaction(self.db):
            for table in _SNAPSHOT_TABLES:
                self.db.execute(f"DELETE FROM {table} WHERE paper_id IN ({marks})", ids)
            self.db.execute(
                f"DELETE FROM duplicate_pairs WHERE a IN ({marks}) OR b IN ({marks})", [*ids, *ids]
            )
            papers = [dict(r) for t, r in snapshot.rows if t == "papers"]
            for row in papers:
                if row["id"] == keep:
                    sets = ", ".join(f"{c} = ?" for c in row if c != "id")
                    values = [v for c, v in row.items() if c != "id"]
                    self.db.execute(f"UPDATE papers SET {sets} WHERE id = ?", [*values, keep])
                else:
                    self._insert_row("papers", row)
            for table, rid, pid in snapshot.moved:
                self.db.execute(f"UPDATE {table} SET paper_id = ? WHERE id = ?", [pid, rid])
            # Only after the moved rows went back: the merge's own rows, if any, are the rest.
            self.db.execute(
                "DELETE FROM status_history WHERE paper_id = ? AND id > ?",
                [keep, snapshot.keep_history_max],
            )
            for table, values_of in snapshot.rows:
                if table != "papers":
                    self._insert_row(table, dict(values_of), replace=table == "duplicate_pairs")
            for pid in ids:
                self._touch(pid)

    def _insert_row(self, table: str, row: dict[str, Any], *, replace: bool = False) -> None:
        verb = "INSERT OR REPLACE" if replace else "INSERT"
        self.db.execute(
            f"{verb} INTO {table} ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
            list(row.values()),
        )


def _first_author(text: str | None) -> list[str]:
    try:
        value = json.loads(text or "[]")
    except ValueError:
        return []
    return [str(value[0])] if isinstance(value, list) and value else []

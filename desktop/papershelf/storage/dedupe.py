"""Adding papers without duplicates, and merging two records of one work, in SQL.

What counts as the same work and which fields win are decided by `core.merge_policy`; this
module fetches what those rules need and applies their answers.
"""

from __future__ import annotations

import json
from collections.abc import Container
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from papershelf.core.biblio import BIBLIO_NAMES, NAMES_FIELDS
from papershelf.core.errors import InvalidInputError, NotFoundError
from papershelf.core.models import PaperDraft, ReadingStatus
from papershelf.storage import staging
from papershelf.storage.db import transaction, utcnow
from papershelf.storage.duplicates import DuplicatesMixin
from papershelf.storage.notes import NotesMixin
from papershelf.storage.rows import json_dict, load_papers, loaded_biblio, stored_biblio

if TYPE_CHECKING:
    from papershelf.core.merge_policy import Identity, Judgement

# The merge rules (core.merge_policy) are imported by the methods that apply them: reading a
# page of papers needs none of them.

_JSON_COLUMNS = frozenset({"authors", "extra"})


@dataclass(frozen=True)
class MergeOutcome:
    """What `add_or_merge` did with one draft."""

    paper_id: int
    merged: bool
    changed: bool
    restored: bool = False
    deferred: bool = False
    """A staged import met a paper already in the library: the merge waits for its commit."""
    possible: int = 0
    """The draft was added and recorded as a possible duplicate of this many papers."""


class DedupeMixin(DuplicatesMixin, NotesMixin):
    """The de-duplicating part of `PaperStore` (merging joins notes, hence `NotesMixin`)."""

    def find_duplicate(
        self,
        draft: PaperDraft,
        *,
        staged: str | None = None,
        origin: str | None = None,
        or_possible: bool = True,
    ) -> int | None:
        """The paper `draft` describes, if already present (`merge_policy.compare`'s rules).

        `origin` is the file the draft comes from (its citation key is recognised there).
        With `or_possible` (for "is it in the library?": the Inbox, lookups), a paper it may
        duplicate counts when none is surely the same; without, only the paper an import
        would merge it into.

        Raises:
            InvalidInputError: the draft has no title or a malformed arXiv id.
        """
        from papershelf.core.merge_policy import Identity, normalize_draft

        judgement = self._judge(Identity.of(normalize_draft(draft), origin), staged, ())
        if judgement.merge_into is None and or_possible and judgement.possible:
            return judgement.possible[0][0]
        return judgement.merge_into

    def _judge(
        self,
        wanted: Identity,
        staged: str | None,
        siblings: Container[int],
    ) -> Judgement:
        """Judge a draft's identity against every paper sharing an identifier or its title.

        Trashed papers count, but not those of an unfinished import (except `staged`'s own,
        the import asking, which are `siblings` like those in `siblings`).
        """
        (file, key), *_ = (*wanted.keys, ("", ""))
        candidates = self.identities(
            "arxiv_id = ? OR doi = ? OR title_key = ? OR id IN "
            "(SELECT paper_id FROM source_keys WHERE file = ? AND key = ?)",
            [wanted.arxiv_id or None, wanted.doi or None, wanted.title_key or None, file, key],
        )
        own = staging.marker(staged) if staged is not None else None
        kept = [
            (pid, identity, trashed)
            for pid, identity, trashed in candidates
            if not staging.is_pending(trashed) or trashed == own
        ]
        hidden = {pid for pid, _, trashed in kept if own is not None and trashed == own}
        from papershelf.core.merge_policy import judge

        return judge(
            wanted,
            ((pid, identity) for pid, identity, _ in kept),
            _Either(hidden, siblings) if hidden else siblings,
        )

    def add_or_merge(
        self,
        draft: PaperDraft,
        *,
        now: str | None = None,
        staged: str | None = None,
        origin: str | None = None,
        siblings: Container[int] = (),
    ) -> MergeOutcome:
        """Insert `draft`, or fill the gaps of the paper it duplicates.

        A merge only fills empty fields and raises the arXiv version: it never overwrites
        what is there, and never touches the user's tags, notes, status or annotations.
        With `staged` (an import id), a new paper is written hidden (`staging`), a duplicate
        among that import's own papers is merged as usual, and a duplicate already in the
        library is left alone (`deferred`): the import merges it in its last transaction.
        A draft added beside papers it may duplicate records those pairs (`possible`).
        `origin` is the file the draft comes from: its citation key is remembered there, so
        importing the file again recognises the entry. `siblings` are the papers the same
        import added before (a title match with one of them is only a possible duplicate).
        """
        from papershelf.core.merge_policy import Identity, normalize_draft

        draft = normalize_draft(draft)
        now = now or utcnow()
        # Computed once: the title key is the costly part of a draft's identity.
        wanted = Identity.of(draft, origin)
        keys = wanted.keys
        with transaction(self.db):
            judgement = self._judge(wanted, staged, siblings)
            existing = judgement.merge_into
            if existing is None:
                hidden = staging.marker(staged) if staged is not None else None
                paper_id = self._insert(draft, now, hidden, title_key=wanted.title_key)
                self.record_source_keys(paper_id, keys)
                possible = self.record_possible(paper_id, judgement.possible)
                return MergeOutcome(paper_id, merged=False, changed=True, possible=possible)
            if staged is not None and not self._is_staged(existing, staged):
                return MergeOutcome(existing, merged=True, changed=False, deferred=True)
            self.record_source_keys(existing, keys)
            # One of this import's own hidden papers is recorded when it is published.
            changed = self._fill_gaps(existing, draft, now, touch=staged is None)
            # Importing a paper again means wanting it: bring it back from the trash.
            cur = self.db.execute(
                f"UPDATE papers SET trashed_at = NULL WHERE id = ? AND {staging.TRASHED}",
                [existing],
            )
            restored = cur.rowcount > 0
            if restored and not changed:
                self._touch(existing, now)
            return MergeOutcome(
                existing, merged=True, changed=changed or restored, restored=restored
            )

    def _is_staged(self, paper_id: int, import_id: str) -> bool:
        row = self.db.execute("SELECT trashed_at FROM papers WHERE id = ?", [paper_id]).fetchone()
        return row is not None and row[0] == staging.marker(import_id)

    def _insert(
        self, draft: PaperDraft, now: str, hidden: str | None = None, *, title_key: str
    ) -> int:
        biblio = stored_biblio(draft.biblio())
        cur = self.db.execute(
            "INSERT INTO papers (title, title_key, authors, year, venue, abstract, arxiv_id, "
            "arxiv_version, doi, url, source, added_at, updated_at, extra, trashed_at, "
            + ", ".join(biblio)
            + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?"
            + ", ?" * len(biblio)
            + ")",
            [
                draft.title,
                title_key,
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
                hidden,
                *biblio.values(),
            ],
        )
        paper_id = int(cur.lastrowid or 0)
        self.db.execute(
            "INSERT INTO status_history (paper_id, status, changed_at) VALUES (?, ?, ?)",
            [paper_id, ReadingStatus.TO_READ.value, now],
        )
        if hidden is None:  # a hidden paper is recorded for the index when it is published
            self._touch(paper_id, now)
        return paper_id

    def _fill_gaps(self, paper_id: int, draft: PaperDraft, now: str, *, touch: bool = True) -> bool:
        row = self.db.execute(
            "SELECT authors, year, venue, abstract, arxiv_id, arxiv_version, doi, url, extra, "
            + ", ".join(BIBLIO_NAMES)
            + " FROM papers WHERE id = ?",
            [paper_id],
        ).fetchone()
        authors, year, venue, abstract, arxiv_id, arxiv_version, doi, url, extra = row[:9]
        from papershelf.core.merge_policy import StoredFields, fill_gaps

        stored = StoredFields(
            biblio=loaded_biblio(row[9:]),
            authors=_stored_authors(authors),
            year=year,
            venue=venue,
            abstract=abstract,
            arxiv_id=arxiv_id,
            arxiv_version=arxiv_version,
            doi=doi,
            url=url,
            extra=_stored_extra(extra),
        )
        updates = fill_gaps(stored, draft)
        if not updates:
            return False
        self._update(paper_id, updates)
        if touch:
            self._touch(paper_id, now)
        return True

    def _update(self, paper_id: int, updates: dict[str, Any]) -> None:
        values = [
            json.dumps(v, ensure_ascii=False) if c in _JSON_COLUMNS or c in NAMES_FIELDS else v
            for c, v in updates.items()
        ]
        sets = ", ".join(f"{c} = ?" for c in updates)
        self.db.execute(f"UPDATE papers SET {sets} WHERE id = ?", [*values, paper_id])

    def replace_metadata(self, paper_id: int, draft: PaperDraft) -> None:
        """Overwrite a paper's bibliographic fields with looked-up ones (a placeholder filled).

        Title, authors, year, venue, abstract and the arXiv version are replaced; identifiers
        and the URL only where the draft has them. `extra` gains the draft's keys and loses
        `metadata_pending`. Tags, note, status, priority and annotations are never touched.
        """
        from papershelf.core.merge_policy import StoredFields, normalize_draft, replace_fields

        draft = normalize_draft(draft)
        now = utcnow()
        with transaction(self.db):
            row = self.db.execute(
                "SELECT arxiv_id, arxiv_version, doi, url, extra FROM papers WHERE id = ?",
                [paper_id],
            ).fetchone()
            if row is None:
                raise NotFoundError(f"no paper with id {paper_id}")
            arxiv_id, arxiv_version, doi, url, extra = row
            stored = StoredFields(
                arxiv_id=arxiv_id,
                arxiv_version=arxiv_version,
                doi=doi,
                url=url,
                extra=json_dict(extra),
            )
            self._update(paper_id, replace_fields(stored, draft))
            self._touch(paper_id, now)

    def merge_papers(self, keep_id: int, drop_id: int) -> None:
        """Fold a duplicate into `keep_id` and delete it, losing nothing the user added.

        Which fields win is `merge_policy.plan_merge`'s decision. Here tags are united and
        annotations, status history and attached files moved. The kept paper records
        `merged_ids`, so an edit still aimed at the dropped one finds it.
        """
        from papershelf.core.merge_policy import merged_ids, plan_merge

        if keep_id == drop_id:
            raise InvalidInputError(f"cannot merge paper {keep_id} with itself")
        now = utcnow()
        with transaction(self.db):
            found = {p.id: p for p in load_papers(self.db, [keep_id, drop_id])}
            if keep_id not in found or drop_id not in found:
                missing = keep_id if keep_id not in found else drop_id
                raise NotFoundError(f"no paper with id {missing}")
            plan = plan_merge(
                found[keep_id],
                found[drop_id],
                keep_status_at=self._status_set_at(keep_id),
                drop_status_at=self._status_set_at(drop_id),
            )
            self.db.execute(
                "UPDATE OR IGNORE source_keys SET paper_id = ? WHERE paper_id = ?",
                [keep_id, drop_id],
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
            if plan.replace:
                self.replace_metadata(keep_id, plan.fields)
            else:
                self._fill_gaps(keep_id, plan.fields, now)
            if plan.note is not None:
                self.set_note(keep_id, plan.note)
            if plan.status is not None:
                self.db.execute(
                    "UPDATE papers SET status = ? WHERE id = ?", [plan.status.value, keep_id]
                )
            if plan.priority is not None:
                self.db.execute(
                    "UPDATE papers SET priority = ? WHERE id = ?", [plan.priority, keep_id]
                )
            if plan.restore:
                self.db.execute("UPDATE papers SET trashed_at = NULL WHERE id = ?", [keep_id])
            row = self.db.execute("SELECT extra FROM papers WHERE id = ?", [keep_id]).fetchone()
            extra = json_dict(row[0])
            extra["merged_ids"] = merged_ids(extra, drop_id)
            self.db.execute(
                "UPDATE papers SET extra = ? WHERE id = ?",
                [json.dumps(extra, ensure_ascii=False), keep_id],
            )
            self._touch(drop_id, now)
            self._touch(keep_id, now)

    def _status_set_at(self, paper_id: int) -> str:
        row = self.db.execute(
            "SELECT MAX(changed_at) FROM status_history WHERE paper_id = ?", [paper_id]
        ).fetchone()
        return str(row[0] or "")

    def merged_into(self, paper_id: int) -> int | None:
        """The paper a deleted duplicate was merged into (`merge_papers`), if any."""
        row = self.db.execute(
            "SELECT p.id FROM papers p, json_each(p.extra, '$.merged_ids') m "
            "WHERE m.value = ? LIMIT 1",
            [paper_id],
        ).fetchone()
        return int(row[0]) if row else None


@dataclass(frozen=True)
class _Either:
    """In one of two containers (without copying the import's growing set)."""

    first: Container[int]
    second: Container[int]

    def __contains__(self, item: object) -> bool:
        return item in self.first or item in self.second


def _stored_authors(text: str | None) -> tuple[str, ...] | None:
    # Only the "[]" the app writes means "no authors"; any other text is there to be kept.
    if text is None or text == "[]":
        return ()
    try:
        value = json.loads(text)
    except ValueError:
        return None
    return tuple(str(a) for a in value) if isinstance(value, list) and value else None


def _stored_extra(text: str | None) -> dict[str, Any] | None:
    try:
        value = json.loads(text or "{}")
    except ValueError:
        return None
    return value if isinstance(value, dict) else None

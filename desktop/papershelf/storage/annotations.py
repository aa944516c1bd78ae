"""Annotations with a place in the PDF (highlights, notes), and where the reader left a paper.

Typed quotes are the same rows with kind 'quote' (storage/notes.py adds those). Every write
that changes what a paper's annotations say records a change (`_touch`), so the search index
follows; a reading position is no edit of the paper and records none.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from papershelf.core.errors import InvalidInputError, NotFoundError
from papershelf.core.models import ANNOTATION_KINDS, Annotation, ReadingPosition, Rect
from papershelf.storage.base import StoreBase
from papershelf.storage.db import transaction, utcnow

ANNOTATION_COLUMNS = (
    "id, paper_id, quote, page, comment, created_at, kind, color, page_index, page_label, "
    "rects, sort_index, attachment_id, external, updated_at"
)


def row_to_annotation(row: Sequence[Any]) -> Annotation:
    """An `Annotation` from a row of `ANNOTATION_COLUMNS`."""
    aid, pid, quote, page, comment, created, kind, color, index, label = row[:10]
    rects, order, attachment_id, external, updated = row[10:15]
    return Annotation(
        int(aid),
        int(pid),
        quote,
        page,
        comment,
        created,
        kind=kind,
        color=color,
        page_index=index,
        page_label=label,
        rects=decode_rects(rects),
        sort_index=order,
        attachment_id=attachment_id,
        external=bool(external),
        updated_at=updated,
    )


def decode_rects(text: str | None) -> tuple[Rect, ...]:
    """Stored rects (a JSON list of 4-number lists); a damaged value reads as none."""
    try:
        value = json.loads(text or "[]")
    except ValueError:
        return ()
    out: list[Rect] = []
    for item in value if isinstance(value, list) else []:
        if isinstance(item, list) and len(item) == 4:
            try:
                x1, y1, x2, y2 = (float(v) for v in item)
            except (TypeError, ValueError):
                continue
            out.append((x1, y1, x2, y2))
    return tuple(out)


def encode_rects(rects: Iterable[Rect]) -> str:
    return json.dumps([[round(float(v), 3) for v in r] for r in rects])


def sort_index(page_index: int, offset: int, rects: Sequence[Rect], page_height: float) -> str:
    """Zotero's "ppppp|oooooo|yyyyy": page, character offset, distance from the page's top."""
    top = max((r[3] for r in rects), default=page_height)
    y = max(0, int(page_height - top))
    return f"{page_index:05d}|{max(0, offset):06d}|{y:05d}"


def printed_page(page_index: int, page_label: str | None) -> int:
    """The page number a typed quote would carry: the label when it is a number."""
    if page_label and page_label.strip().isdigit() and int(page_label) > 0:
        return int(page_label)
    return page_index + 1


@dataclass(frozen=True)
class NewAnnotation:
    """What a highlight (or a note read from a PDF) is made of, before it has an id."""

    paper_id: int
    text: str
    page_index: int
    page_label: str | None
    rects: tuple[Rect, ...]
    color: str | None
    comment: str | None = None
    kind: str = "highlight"
    attachment_id: int | None = None
    sort_index: str = ""
    external: bool = False
    external_key: str | None = None


class AnnotationStore(StoreBase):
    """Highlights and reading positions, on the library's connection."""

    def get_annotation(self, annotation_id: int) -> Annotation:
        """Raises: NotFoundError."""
        row = self.db.execute(
            f"SELECT {ANNOTATION_COLUMNS} FROM annotations WHERE id = ?", [annotation_id]
        ).fetchone()
        if row is None:
            raise NotFoundError(f"no annotation with id {annotation_id}")
        return row_to_annotation(row)

    def add(self, new: NewAnnotation) -> int:
        """Store a highlight; returns its id.

        Raises:
            InvalidInputError: an unknown kind, a negative page, or markup without text.
            NotFoundError: no such paper.
        """
        _check(new.kind, new.page_index, new.text)
        now = utcnow()
        with transaction(self.db):
            self._require(new.paper_id)
            aid = self._insert(new, now)
            self._touch(new.paper_id, now)
        return aid

    def add_many(self, items: Sequence[NewAnnotation]) -> list[int]:
        """Store several (all of one paper or not) in one transaction; returns their ids."""
        for new in items:
            _check(new.kind, new.page_index, new.text)
        now = utcnow()
        with transaction(self.db):
            ids = []
            for new in items:
                self._require(new.paper_id)
                ids.append(self._insert(new, now))
            for pid in sorted({n.paper_id for n in items}):
                self._touch(pid, now)
        return ids

    def _insert(self, new: NewAnnotation, now: str) -> int:
        cur = self.db.execute(
            "INSERT INTO annotations (paper_id, quote, page, comment, created_at, kind, color, "
            "page_index, page_label, rects, sort_index, attachment_id, external, external_key, "
            "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                new.paper_id,
                new.text,
                printed_page(new.page_index, new.page_label),
                new.comment or None,
                now,
                new.kind,
                new.color,
                new.page_index,
                new.page_label,
                encode_rects(new.rects),
                new.sort_index,
                new.attachment_id,
                int(new.external),
                new.external_key,
                now,
            ],
        )
        return int(cur.lastrowid or 0)

    def edit(self, annotation_id: int, comment: str | None, color: str | None) -> Annotation:
        """Set an annotation's comment and colour; returns it as it was before.

        Raises:
            NotFoundError: no such annotation.
        """
        now = utcnow()
        with transaction(self.db):
            old = self.get_annotation(annotation_id)
            self.db.execute(
                "UPDATE annotations SET comment = ?, color = ?, updated_at = ? WHERE id = ?",
                [comment or None, color, now, annotation_id],
            )
            self._touch(old.paper_id, now)
        return old

    def put_back(self, a: Annotation, external_key: str | None = None) -> int:
        """Store a deleted annotation again, every field as it was; its id if still free.

        Returns the id it got.

        Raises:
            NotFoundError: the paper is gone.
        """
        with transaction(self.db):
            self._require(a.paper_id)
            taken = self.db.execute("SELECT 1 FROM annotations WHERE id = ?", [a.id]).fetchone()
            attachment = a.attachment_id
            if (
                attachment is not None
                and not self.db.execute(
                    "SELECT 1 FROM attachments WHERE id = ?", [attachment]
                ).fetchone()
            ):
                attachment = None
            cur = self.db.execute(
                "INSERT INTO annotations (id, paper_id, quote, page, comment, created_at, kind, "
                "color, page_index, page_label, rects, sort_index, attachment_id, external, "
                "external_key, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    None if taken else a.id,
                    a.paper_id,
                    a.quote,
                    a.page,
                    a.comment,
                    a.created_at,
                    a.kind,
                    a.color,
                    a.page_index,
                    a.page_label,
                    encode_rects(a.rects),
                    a.sort_index,
                    attachment,
                    int(a.external),
                    external_key,
                    a.updated_at,
                ],
            )
            self._touch(a.paper_id)
            return int(cur.lastrowid or 0)

    def take(self, annotation_ids: Sequence[int]) -> list[Annotation]:
        """Delete annotations in one transaction; returns them as they were (for an undo).

        Raises:
            NotFoundError: one of them does not exist; nothing is deleted.
        """
        with transaction(self.db):
            gone = [self.get_annotation(aid) for aid in annotation_ids]
            for a in gone:
                self.db.execute("DELETE FROM annotations WHERE id = ?", [a.id])
            for pid in sorted({a.paper_id for a in gone}):
                self._touch(pid)
        return gone

    def for_attachment(self, attachment_id: int) -> list[Annotation]:
        rows = self.db.execute(
            f"SELECT {ANNOTATION_COLUMNS} FROM annotations WHERE attachment_id = ? ORDER BY id",
            [attachment_id],
        )
        return [row_to_annotation(r) for r in rows]

    def link(self, annotation_ids: Sequence[int], attachment_id: int) -> None:
        """Point annotations at an attachment again (after it was put back)."""
        with transaction(self.db):
            for aid in annotation_ids:
                self.db.execute(
                    "UPDATE annotations SET attachment_id = ? WHERE id = ?", [attachment_id, aid]
                )

    def external_key(self, annotation_id: int) -> str | None:
        row = self.db.execute(
            "SELECT external_key FROM annotations WHERE id = ?", [annotation_id]
        ).fetchone()
        return None if row is None else row[0]

    def external_keys(self, paper_id: int) -> set[str]:
        """The keys of the annotations already read from this paper's files."""
        rows = self.db.execute(
            "SELECT external_key FROM annotations WHERE paper_id = ? AND external_key IS NOT NULL",
            [paper_id],
        )
        return {str(r[0]) for r in rows}

    # ------------------------------------------------------------- reading position
    def reading_position(self, paper_id: int) -> ReadingPosition | None:
        row = self.db.execute(
            "SELECT attachment_id, page_index, offset, zoom, furthest_page, page_count "
            "FROM reading_positions WHERE paper_id = ?",
            [paper_id],
        ).fetchone()
        if row is None:
            return None
        attachment, index, offset, zoom, furthest, count = row
        return ReadingPosition(attachment, int(index), float(offset), zoom, furthest, count)

    def save_reading_position(self, paper_id: int, position: ReadingPosition) -> None:
        """Remember the position; the furthest page never goes back (unless the file changed).

        Raises:
            InvalidInputError: a negative page, or an offset outside 0..1.
            NotFoundError: no such paper.
        """
        p = position
        if p.page_index < 0 or p.page_count < 0 or p.furthest_page < 0:
            raise InvalidInputError("a reading position needs pages of 0 or more")
        if not 0.0 <= p.offset <= 1.0:
            raise InvalidInputError(f"offset must be between 0 and 1, not {p.offset}")
        if p.zoom is not None and p.zoom <= 0:
            raise InvalidInputError(f"zoom must be positive, not {p.zoom}")
        with transaction(self.db):
            self._require(paper_id)
            old = self.reading_position(paper_id)
            furthest = max(p.furthest_page, p.page_index)
            if old is not None and old.attachment_id == p.attachment_id:
                furthest = max(furthest, old.furthest_page)
            if p.page_count:
                furthest = min(furthest, p.page_count - 1)
            self.db.execute(
                "INSERT INTO reading_positions (paper_id, attachment_id, page_index, offset, "
                "zoom, furthest_page, page_count, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT(paper_id) DO UPDATE SET attachment_id = excluded.attachment_id, "
                "page_index = excluded.page_index, offset = excluded.offset, "
                "zoom = excluded.zoom, furthest_page = excluded.furthest_page, "
                "page_count = excluded.page_count, updated_at = excluded.updated_at",
                [
                    paper_id,
                    p.attachment_id,
                    p.page_index,
                    p.offset,
                    p.zoom,
                    furthest,
                    p.page_count,
                    utcnow(),
                ],
            )

    def reading_progress(self, paper_ids: Sequence[int]) -> dict[int, tuple[int, int]]:
        """(pages reached, page count) of the papers that have a position, in one query."""
        out: dict[int, tuple[int, int]] = {}
        ids = list(paper_ids)
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for pid, furthest, count in self.db.execute(
                "SELECT paper_id, furthest_page, page_count FROM reading_positions "
                f"WHERE paper_id IN ({marks}) AND page_count > 0",
                chunk,
            ):
                out[int(pid)] = (int(furthest) + 1, int(count))
        return out


def _check(kind: str, page_index: int, text: str) -> None:
    if kind not in ANNOTATION_KINDS or kind == "quote":
        raise InvalidInputError(f"unknown annotation kind {kind!r}")
    if page_index < 0:
        raise InvalidInputError(f"page index must be 0 or more, not {page_index}")
    if kind in ("highlight", "underline", "strikeout") and not text.strip():
        raise InvalidInputError(f"a {kind} needs the text it marks")

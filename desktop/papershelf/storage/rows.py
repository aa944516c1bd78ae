"""Reading paper rows into `Paper` objects, in batches, with their tags, note and annotations."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from typing import Any

from papershelf.core.biblio import BIBLIO_NAMES, NAMES_FIELDS
from papershelf.core.models import Paper, ReadingStatus
from papershelf.storage import staging
from papershelf.storage.annotations import ANNOTATION_COLUMNS, row_to_annotation
from papershelf.storage.db import Database

PAPER_COLUMNS = (
    "id, title, authors, year, venue, abstract, arxiv_id, arxiv_version, doi, url, source, "
    "added_at, updated_at, status, priority, rev, trashed_at, extra, " + ", ".join(BIBLIO_NAMES)
)
_CORE = 18  # columns before the bibliographic ones


def load_papers(db: Database, ids: Sequence[int], *, details: bool = True) -> list[Paper]:
    """Papers for `ids`, in the order given; unknown ids are left out.

    Args:
        db: the library connection.
        ids: paper ids.
        details: also load tags, notes and annotations (three batched queries).
    """
    if not ids:
        return []
    by_id: dict[int, Paper] = {}
    for chunk in chunks(ids, 500):
        marks = ",".join("?" * len(chunk))
        for row in db.execute(
            f"SELECT {PAPER_COLUMNS} FROM papers WHERE id IN ({marks})", list(chunk)
        ):
            paper = row_to_paper(row)
            by_id[paper.id] = paper
        if details:
            _load_details(db, chunk, by_id)
    return [by_id[i] for i in ids if i in by_id]


def _load_details(db: Database, chunk: Sequence[int], by_id: dict[int, Paper]) -> None:
    marks = ",".join("?" * len(chunk))
    for pid, name in db.execute(
        f"SELECT pt.paper_id, t.name FROM paper_tags pt JOIN tags t ON t.id = pt.tag_id "
        f"WHERE pt.paper_id IN ({marks}) ORDER BY t.key",
        list(chunk),
    ):
        by_id[pid].tags.append(name)
    for pid, body, updated in db.execute(
        f"SELECT paper_id, body, updated_at FROM notes WHERE paper_id IN ({marks})",
        list(chunk),
    ):
        by_id[pid].note = body
        by_id[pid].note_updated_at = updated
    for row in db.execute(
        f"SELECT {ANNOTATION_COLUMNS} FROM annotations WHERE paper_id IN ({marks}) ORDER BY id",
        list(chunk),
    ):
        annotation = row_to_annotation(row)
        by_id[annotation.paper_id].annotations.append(annotation)


def count_papers(db: Database, *, trashed: bool = False) -> int:
    """Papers in the library, or in the trash."""
    cond = staging.TRASHED if trashed else "trashed_at IS NULL"
    return int(db.execute(f"SELECT COUNT(*) FROM papers WHERE {cond}").fetchone()[0])


def row_to_paper(row: sqlite3.Row | tuple[Any, ...]) -> Paper:
    """A `Paper` without details from a row of `PAPER_COLUMNS`."""
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
    ) = row[:_CORE]
    biblio = loaded_biblio(row[_CORE:])
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
        extra=json_dict(extra),
        **biblio,
    )


def json_list(text: str | None) -> list[str]:
    """A stored JSON list of names; [] when the text is missing or not one."""
    try:
        value = json.loads(text or "[]")
    except ValueError:
        return []
    return [str(v) for v in value] if isinstance(value, list) else []


def json_dict(text: str | None) -> dict[str, Any]:
    """A stored JSON object; {} when the text is missing or not one."""
    try:
        value = json.loads(text or "{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def chunks(seq: Sequence[int], size: int) -> Iterable[Sequence[int]]:
    for start in range(0, len(seq), size):
        yield seq[start : start + size]


def stored_biblio(values: dict[str, Any]) -> dict[str, Any]:
    """Bibliographic values (`Paper.biblio()`) as the columns store them."""
    return {
        name: json.dumps(values.get(name) or [], ensure_ascii=False)
        if name in NAMES_FIELDS
        else values.get(name)
        for name in BIBLIO_NAMES
    }


def loaded_biblio(row: Sequence[Any]) -> dict[str, Any]:
    """Bibliographic values from the `BIBLIO_NAMES` columns of a row, in that order."""
    return {
        name: json_list(value) if name in NAMES_FIELDS else value
        for name, value in zip(BIBLIO_NAMES, row, strict=True)
    }

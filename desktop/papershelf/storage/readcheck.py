"""Read papers one by one when a batch fails, so one damaged row does not hide the others.

A single bad byte in a text column (invalid UTF-8 written by another tool, a bit flip) makes
SQLite's driver refuse the whole result set, and with it every export and `list --json`.
`read_papers` reads in batches as `PaperStore.get_many` does and, only when a batch fails,
reads that batch paper by paper to name the papers that cannot be read.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Sequence

from papershelf.core.models import Paper
from papershelf.storage.db import Database
from papershelf.storage.papers import PaperStore

BATCH = 500
_DECODE_RE = re.compile(r"could not decode to UTF-8 column '([^']*)'", re.IGNORECASE)

UnreadableError = (sqlite3.OperationalError, ValueError, TypeError, KeyError)
"""What reading a damaged row raises: bad UTF-8 (an OperationalError from the driver), bad
JSON in `authors`, an unknown status, a non-number where a number belongs."""

# Rows that hang off a paper beyond what `get_many` reads (tags, notes, annotations):
# (where they are, the column giving the paper id, the text columns to decode).
_OTHER_ROWS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("status_history", "status_history.paper_id", ("status_history.status", "changed_at")),
    (
        "attachments",
        "attachments.paper_id",
        ("file_name", "original_name", "sha256", "added_at", "text_status", "text_error"),
    ),
    (
        "attachment_pages JOIN attachments ON attachments.id = attachment_pages.attachment_id",
        "attachments.paper_id",
        ("attachment_pages.text",),
    ),
)


def is_unreadable(exc: BaseException) -> bool:
    """Whether `exc` says a stored value cannot be decoded, rather than that SQLite failed."""
    if isinstance(exc, sqlite3.OperationalError):
        return "decode" in str(exc).lower()
    return isinstance(exc, UnreadableError)


def describe(exc: BaseException) -> str:
    """A one-line reason for an unreadable paper."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    column = _DECODE_RE.search(text)
    if column is not None:
        return f"the {column[1]} column is not valid UTF-8 text"
    text = text.encode("ascii", "backslashreplace").decode("ascii")
    return f"a stored value is damaged ({type(exc).__name__}: {text})"


def read_papers(
    store: PaperStore, ids: Sequence[int], *, details: bool = True
) -> tuple[list[Paper], list[tuple[int, str]]]:
    """The papers for `ids` that can be read, in the order given, and (id, reason) for the rest.

    Unknown ids are left out, as `get_many` does.

    Raises:
        sqlite3.Error: SQLite itself failed (locked, damaged file), not one paper's values.
    """
    papers: list[Paper] = []
    unreadable: list[tuple[int, str]] = []
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        try:
            papers.extend(store.get_many(chunk, details=details))
            continue
        except UnreadableError as exc:
            if not is_unreadable(exc):
                raise
        for paper_id in chunk:
            try:
                papers.extend(store.get_many([paper_id], details=details))
            except UnreadableError as exc:
                if not is_unreadable(exc):
                    raise
                unreadable.append((paper_id, describe(exc)))
    return papers, unreadable


def unreadable_papers(db: Database) -> list[tuple[int, str]]:
    """Every paper (trash included) whose stored rows cannot be read, with the reason.

    Reads each paper, its tags, note and annotations as exports do, then the text of its
    status history and attached files. Ordered by paper id; one entry per paper.
    """
    ids = [int(r[0]) for r in db.execute("SELECT id FROM papers ORDER BY id")]
    _, unreadable = read_papers(PaperStore(db), ids)
    found = dict(unreadable)
    for source, paper_column, columns in _OTHER_ROWS:
        table = source.split()[0]
        select = ", ".join(f"CAST({c} AS BLOB)" for c in columns)
        for row in db.execute(f"SELECT {paper_column}, {select} FROM {source}"):
            paper_id = int(row[0])
            if paper_id in found:
                continue
            for column, value in zip(columns, row[1:], strict=True):
                if isinstance(value, bytes) and not _is_utf8(value):
                    name = column if "." in column else f"{table}.{column}"
                    found[paper_id] = f"{name} is not valid UTF-8 text"
                    break
    return sorted(found.items())


def _is_utf8(value: bytes) -> bool:
    try:
        value.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
